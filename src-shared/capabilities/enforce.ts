import { CapabilityDenied, ExitSignal, denied, type ImportObject } from './imports';
import type { Grants } from './policy';
import { network } from './network';
import { seededRandom } from './seeded-random';


function trapAll(capability: string, iface: string, names: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of names) {
    out[name] = denied(() => {
      throw new CapabilityDenied(capability, `${iface}.${name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
    });
  }
  return out;
}

function clocks(base: ImportObject, grants: Grants): ImportObject {
  const c = grants.clocks;
  if (c.mode === 'real') return {};
  if (c.mode === 'denied') {
    return {
      'wasi:clocks/wall-clock': trapAll('clocks', 'wasi:clocks/wall-clock', ['now', 'resolution']),
      'wasi:clocks/monotonic-clock': trapAll('clocks', 'wasi:clocks/monotonic-clock', [
        'now',
        'resolution',
        'subscribeInstant',
        'subscribeDuration',
      ]),
    };
  }
  // Frozen: the wall clock always reads the chosen instant and the monotonic clock never advances,
  // while sleeping still waits for real so a program's pacing is unchanged.
  const ms = BigInt(Date.parse(c.at));
  const seconds = ms / 1000n;
  const nanoseconds = Number((ms % 1000n) * 1_000_000n);
  const mono = (base['wasi:clocks/monotonic-clock'] ?? {}) as Record<string, (...a: unknown[]) => unknown>;
  return {
    'wasi:clocks/wall-clock': {
      now: () => ({ seconds, nanoseconds }),
      resolution: () => ({ seconds: 0n, nanoseconds: 1 }),
    },
    'wasi:clocks/monotonic-clock': {
      now: () => 0n,
      resolution: () => 1n,
      subscribeDuration: (d: bigint) => mono.subscribeDuration!(d),
      subscribeInstant: (when: bigint) => mono.subscribeDuration!(when > 0n ? when : 0n),
    },
  };
}

function random(grants: Grants): ImportObject {
  const r = grants.random;
  if (r.mode === 'real') return {};
  if (r.mode === 'denied') {
    return {
      'wasi:random/random': trapAll('random', 'wasi:random/random', ['getRandomBytes', 'getRandomU64']),
      'wasi:random/insecure': trapAll('random', 'wasi:random/insecure', ['getInsecureRandomBytes', 'getInsecureRandomU64']),
      'wasi:random/insecure-seed': trapAll('random', 'wasi:random/insecure-seed', ['insecureSeed']),
    };
  }
  const gen = seededRandom(BigInt(r.seed));
  return {
    'wasi:random/random': { getRandomBytes: (n: bigint) => gen.bytes(Number(n)), getRandomU64: () => gen.next() },
    'wasi:random/insecure': {
      getInsecureRandomBytes: (n: bigint) => gen.bytes(Number(n)),
      getInsecureRandomU64: () => gen.next(),
    },
    'wasi:random/insecure-seed': { insecureSeed: () => [gen.next(), gen.next()] },
  };
}

/**
 * Applies the grants over an engine's shim imports. Everything the guest sees of the host
 * that is not a stream or a file comes from here, the same way in both engines.
 */
export function enforce(base: ImportObject, grants: Grants): ImportObject {
  const overrides: ImportObject = {
    'wasi:cli/environment': {
      getEnvironment: () => grants.env.map(([k, v]) => [k, v]),
      getArguments: () => [...grants.args],
      initialCwd: () => undefined,
    },
    'wasi:cli/exit': {
      exit: (status: { tag: string }) => {
        throw new ExitSignal(status.tag === 'err' ? 1 : 0);
      },
      exitWithCode: (code: number) => {
        throw new ExitSignal(code);
      },
    },
    ...clocks(base, grants),
    ...random(grants),
    ...network(base, grants),
  };
  const out: ImportObject = {};
  for (const key of new Set([...Object.keys(base), ...Object.keys(overrides)])) {
    out[key] = { ...base[key], ...overrides[key] };
  }
  return out;
}

