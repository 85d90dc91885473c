import { describe, expect, it } from 'vitest';
import { equivalentCommands } from './commands';
import { policySchema } from './policy';
import { capabilityFlagOptions, policyFromFlags, type FlagHost } from './registry';
import { splitWords } from './shell-words';

// What a user types -> the policy it grants -> the Commands tab's lines -> the flags those lines
// pass: the same grants at every step, guest paths and quoted words included.
const files: Record<string, string> = { 'in.txt': "two\nlines 'q'\n" };
const hostWith = (piped: string): FlagHost => ({
  exists: (p) => ['data', './x', 'a', 'my data'].includes(p) || p in files,
  readText: (p) => (p === '-' ? piped : files[p]!),
});

/** argv of `run` (after the component) as the policy it grants, the way the CLI reads it; `piped` is the CLI's own stdin. */
function grant(argv: string[], piped = '') {
  const options = capabilityFlagOptions();
  const dash = argv.indexOf('--');
  const flags = dash < 0 ? argv : argv.slice(0, dash);
  const values: Record<string, string | string[]> = {};
  for (let i = 0; i < flags.length; i += 2) {
    const name = flags[i]!.slice(2);
    if (!options[name]) throw new Error(`no flag ${flags[i]}`);
    values[name] = options[name].multiple ? [...((values[name] as string[]) ?? []), flags[i + 1]!] : flags[i + 1]!;
  }
  return policySchema.parse({ ...policyFromFlags(values, hostWith(piped)), args: dash < 0 ? [] : argv.slice(dash + 1) });
}

/** A command line as the shell passes it: the words after the component, and what is piped in. */
function wordsOf(line: string, program: string) {
  const words = splitWords(line);
  if (typeof words === 'string') throw new Error(words);
  const bar = words.indexOf('|');
  const piped = bar < 0 ? '' : words[2]!;
  const run = words.indexOf('run', bar + 1);
  expect(words.slice(bar + 1, run + 1).at(-2)).toBe(program);
  return { piped, argv: words.slice(run + 1) };
}

describe('flags -> policy -> Commands lines -> flags', () => {
  const typed: string[][] = [
    ['--dir', 'data'],
    ['--dir', './x::/y'],
    ['--dir', 'a::b::ro', '--dir', "my data::data/sub"],
    ['--env', 'GREETING=hi there', '--env', 'HOME', '--env', "Q='quoted' \"too\"", '--', 'two words', "it's", ''],
    ['--stdin', 'in.txt', '--clocks', 'frozen=2024-02-29T12:00:00Z', '--random', 'seeded=7', '--dir', 'data::/data::ro'],
    ['--allow-net', 'localhost:*', '--allow-http', 'https://example.com', '--clocks', 'real', '--random', 'real'],
  ];
  it('the component-studio line grants exactly what was typed', () => {
    for (const argv of typed) {
      const policy = grant(argv);
      const { studio } = equivalentCommands(policy, 'build/x.wasm');
      const { piped, argv: again } = wordsOf(studio.command, 'component-studio');
      const at = again.indexOf('build/x.wasm');
      expect(grant([...again.slice(0, at), ...again.slice(at + 1)], piped), argv.join(' ')).toEqual(policy);
    }
  });

  it('keeps guest paths as typed on both lines', () => {
    const policy = grant(['--dir', 'data', '--dir', './x::/y', '--dir', 'a::b::ro']);
    expect(policy.mounts).toEqual([
      { host: 'data', guest: 'data', mode: 'rw' },
      { host: './x', guest: '/y', mode: 'rw' },
      { host: 'a', guest: 'b', mode: 'ro' },
    ]);
    const { studio, wasmtime } = equivalentCommands(policy, 'x.wasm');
    expect(studio.command).toContain('--dir data --dir ./x::/y --dir a::b::ro x.wasm');
    expect(wasmtime.command).toContain('--dir data --dir ./x::/y --dir a::b x.wasm');
    expect(wasmtime.caveats).toContain('wasmtime mounts b read-write: it has no read-only flag here');
  });

  it("the wasmtime line's --dir, --env and arguments read back as the same grants (less ::ro)", () => {
    const policy = grant(typed[3]!.slice(0, -4).concat(['--dir', 'a::b::ro', '--dir', 'data', '--', 'two words', "it's", '']));
    const { argv } = wordsOf(equivalentCommands(policy, 'x.wasm').wasmtime.command, 'wasmtime');
    const at = argv.indexOf('x.wasm');
    const flags = argv.slice(0, at).filter((w, i, all) => ['--dir', '--env'].includes(w) || ['--dir', '--env'].includes(all[i - 1]!));
    const back = grant([...flags, '--', ...argv.slice(at + 1)]);
    expect(back).toEqual({ ...policy, mounts: policy.mounts.map((m) => ({ ...m, mode: 'rw' })) });
  });
});
