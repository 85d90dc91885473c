import { policySchema, type Policy } from '../policy';
import type { Capability } from './types';
import { FlagError } from './types';

/** The frozen instant and seed of deterministic mode: fixed so both engines and every run agree. */
export const DETERMINISTIC = { at: '2030-01-01T00:00:00Z', seed: 42 };

const WRAPPER = 'src-shared/capabilities/enforce.ts';

/** "--clocks frozen=2030-01-01T00:00:00Z": a mode, and after "=" its setting. */
function modeFlag(value: string): [string, string | undefined] {
  const eq = value.indexOf('=');
  return eq < 0 ? [value, undefined] : [value.slice(0, eq), value.slice(eq + 1)];
}

function parseClocks(value: string): Policy['clocks'] {
  const [mode, at] = modeFlag(value);
  const clocks = mode === 'frozen' ? { mode, at: at ?? DETERMINISTIC.at } : at === undefined ? { mode } : null;
  const checked = clocks && policySchema.shape.clocks.safeParse(clocks);
  if (!checked?.success) {
    throw new FlagError(
      mode === 'frozen' ? `--clocks frozen= takes a date and time such as ${DETERMINISTIC.at}, not "${at}"` : `--clocks is real, frozen[=RFC3339] or denied, not "${value}"`,
    );
  }
  return checked.data;
}

function parseRandom(value: string): Policy['random'] {
  const [mode, seed] = modeFlag(value);
  if (mode === 'seeded') {
    const n = seed === undefined ? DETERMINISTIC.seed : /^\d+$/.test(seed) ? Number(seed) : NaN;
    if (!Number.isSafeInteger(n)) throw new FlagError(`--random seeded= takes a whole number, not "${seed}"`);
    return { mode, seed: n };
  }
  if ((mode === 'real' || mode === 'denied') && seed === undefined) return { mode };
  throw new FlagError(`--random is real, seeded[=N] or denied, not "${value}"`);
}

export const clocks: Capability = {
  id: 'clocks',
  label: 'Clocks',
  interfaces: ['wasi:clocks/'],
  support: { node: 'yes', browser: 'yes' },
  policyField: 'clocks',
  enforcedBy: WRAPPER,
  granted: (p) => (p.clocks.mode === 'denied' ? null : p.clocks.mode === 'real' ? 'real time' : `frozen at ${p.clocks.at}`),
  flags: [
    {
      name: 'clocks',
      value: 'real|frozen[=RFC3339]|denied',
      multiple: false,
      help: ["the guest's clocks: real; frozen at an instant, by default", `${DETERMINISTIC.at}; or denied (the default: a clock call is refused and logged)`],
    },
  ],
  fromFlags: (values) => (values.clocks?.length ? { clocks: parseClocks(values.clocks.at(-1)!) } : {}),
  render: (p) => ({
    studio: p.clocks.mode === 'denied' ? [] : ['--clocks', p.clocks.mode === 'frozen' ? `frozen=${p.clocks.at}` : 'real'],
    wasmtimeCaveats: p.clocks.mode === 'real' ? [] : [`wasmtime always grants the real clock (the policy says ${p.clocks.mode})`],
  }),
  fixIts: () => [
    { label: 'Grant the real clock', apply: (p) => ({ ...p, clocks: { mode: 'real' } }) },
    { label: 'Freeze the clock', apply: (p) => ({ ...p, clocks: { mode: 'frozen', at: DETERMINISTIC.at } }) },
  ],
};

export const random: Capability = {
  id: 'random',
  label: 'Random',
  interfaces: ['wasi:random/'],
  support: { node: 'yes', browser: 'yes' },
  policyField: 'random',
  enforcedBy: WRAPPER,
  granted: (p) => (p.random.mode === 'denied' ? null : p.random.mode === 'real' ? 'real randomness' : `seeded with ${p.random.seed}`),
  flags: [
    {
      name: 'random',
      value: 'real|seeded[=N]|denied',
      multiple: false,
      help: [`the guest's randomness: real, seeded with N (default ${DETERMINISTIC.seed}: every run draws`, 'the same), or denied (the default: a random call is refused and logged)'],
    },
  ],
  fromFlags: (values) => (values.random?.length ? { random: parseRandom(values.random.at(-1)!) } : {}),
  render: (p) => ({
    studio: p.random.mode === 'denied' ? [] : ['--random', p.random.mode === 'seeded' ? `seeded=${p.random.seed}` : 'real'],
    wasmtimeCaveats: p.random.mode === 'real' ? [] : [`wasmtime always grants real randomness (the policy says ${p.random.mode})`],
  }),
  fixIts: () => [
    { label: 'Grant real randomness', apply: (p) => ({ ...p, random: { mode: 'real' } }) },
    { label: 'Seed random', apply: (p) => ({ ...p, random: { mode: 'seeded', seed: DETERMINISTIC.seed } }) },
  ],
};
