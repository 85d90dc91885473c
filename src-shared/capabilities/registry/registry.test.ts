import { describe, expect, it } from 'vitest';
import { equivalentCommands } from '../commands';
import { policySchema, type Policy } from '../policy';
import { capabilityFlagHelp, capabilityFlagOptions, CAPABILITY_REGISTRY, FlagError, policyFromFlags, type FlagHost } from './index';

const host = (files: Record<string, string> = {}): FlagHost => ({ exists: (p) => p in files || p === 'data', readText: (p) => files[p] ?? '' });
/** What parseArgs hands over: a list for a repeatable flag, the last value for another. */
const parsed = (flags: [string, string][]) => {
  const options = capabilityFlagOptions();
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of flags) {
    if (!options[name]) throw new Error(`no flag --${name}`);
    values[name] = options[name].multiple ? [...((values[name] as string[]) ?? []), value] : value;
  }
  return values;
};
const fromFlags = (flags: [string, string][], files?: Record<string, string>) => policyFromFlags(parsed(flags), host(files));

/** A POSIX shell's reading of the command lines equivalentCommands writes (words, single quotes, one pipe). */
function shellWords(line: string): { piped: string | null; words: string[] } {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === ' ') {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (ch === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end);
      i = end;
    } else if (ch === '\\') word += line[++i];
    else word += ch;
  }
  if (word !== null) words.push(word);
  const bar = words.indexOf('|');
  return bar < 0 ? { piped: null, words } : { piped: words[2]!, words: words.slice(bar + 1) };
}

describe('the capability registry', () => {
  it('every capability that has a policy field and flags parses them into that field only', () => {
    for (const c of CAPABILITY_REGISTRY) {
      if (!c.fromFlags) continue;
      expect(c.policyField).not.toBeNull();
      const example: Record<string, [string, string][]> = {
        env: [['env', 'A=1']], files: [['dir', 'data']], stdin: [['stdin', 'in.txt']], clocks: [['clocks', 'real']],
        random: [['random', 'real']], sockets: [['allow-net', '127.0.0.1:80']], http: [['allow-http', 'http://127.0.0.1:8080']],
      };
      expect(Object.keys(fromFlags(example[c.id]!, { 'in.txt': 'x' })), c.id).toEqual([c.policyField]);
    }
  });

  it('--clocks, --random and --stdin parse as DESIGN.md lists them', () => {
    expect(fromFlags([['clocks', 'frozen']])).toEqual({ clocks: { mode: 'frozen', at: '2030-01-01T00:00:00Z' } });
    expect(fromFlags([['clocks', 'frozen=2024-02-29T12:00:00Z']])).toEqual({ clocks: { mode: 'frozen', at: '2024-02-29T12:00:00Z' } });
    expect(fromFlags([['clocks', 'denied']])).toEqual({ clocks: { mode: 'denied' } });
    expect(fromFlags([['random', 'seeded']])).toEqual({ random: { mode: 'seeded', seed: 42 } });
    expect(fromFlags([['random', 'seeded=7']])).toEqual({ random: { mode: 'seeded', seed: 7 } });
    expect(fromFlags([['stdin', '-']], { '-': 'piped\n' })).toEqual({ stdin: 'piped\n' });
  });

  it('a bad value is a FlagError naming the flag and the value', () => {
    const bad: [string, string, RegExp][] = [
      ['clocks', 'frozen=tomorrow', /--clocks frozen= takes a date and time .*"tomorrow"/],
      ['clocks', 'real=now', /--clocks is real, frozen\[=RFC3339\] or denied, not "real=now"/],
      ['clocks', 'sometimes', /not "sometimes"/],
      ['random', 'seeded=-1', /--random seeded= takes a whole number, not "-1"/],
      ['random', 'seeded=99999999999999999999', /whole number/],
      ['random', 'lucky', /--random is real, seeded\[=N\] or denied/],
      ['stdin', 'missing.txt', /--stdin: no such file: missing.txt/],
      ['dir', 'nowhere', /--dir: no such folder: nowhere/],
      ['dir', 'data::/d::rx', /--dir: a mount is HOST\[::GUEST\[::ro\]\], not "data::\/d::rx"$/],
      ['dir', 'data::/d::rw', /read-write is the default: leave out ::rw/],
      ['dir', 'data::', /--dir: the guest path after "::" is empty/],
      ['env', '=x', /--env: "=x" has no NAME before "="/],
      ['env', 'two words', /--env: "two words" is neither NAME=VALUE nor a variable name/],
      ['allow-net', 'example.com', /--allow-net: /],
      ['allow-http', 'ftp://x', /--allow-http: /],
    ];
    for (const [flag, value, message] of bad) expect(() => fromFlags([[flag, value]]), `--${flag} ${value}`).toThrow(message);
    expect(() => fromFlags([['dir', 'data::/d'], ['dir', 'data::/d/']])).toThrow(FlagError);
  });

  it('--help lists every flag of every capability in the options column', () => {
    const help = capabilityFlagHelp();
    for (const f of CAPABILITY_REGISTRY.flatMap((c) => c.flags)) expect(help).toContain(`  --${f.name} ${f.value}`);
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(112);
    expect(help).toMatch(/^ {2}--env NAME\[=VALUE\] {11}pass one variable/m);
  });

  it("the Commands tab's studio line, run through the CLI's own flag parsing, grants exactly the policy", () => {
    const policies: unknown[] = [
      {},
      { args: ['a b', "it's"], env: [{ name: 'HOME' }, { name: 'X', value: 'y z' }], mounts: [{ host: 'data', guest: '/d', mode: 'ro' }, { host: 'data', guest: '/w', mode: 'rw' }] },
      { stdin: "two\nlines 'quoted'\n", clocks: { mode: 'frozen', at: '2024-02-29T12:00:00Z' }, random: { mode: 'seeded', seed: 7 } },
      { clocks: { mode: 'real' }, random: { mode: 'real' }, sockets: { mode: 'allow', hosts: ['127.0.0.1:80', 'localhost:*'] }, http: { mode: 'allow', origins: ['https://example.com'] } },
    ];
    for (const input of policies) {
      const policy: Policy = policySchema.parse(input);
      const { studio } = equivalentCommands(policy, 'build/x.wasm');
      expect(studio.caveats).toEqual([]);
      const { piped, words } = shellWords(studio.command);
      expect(words.slice(0, 2)).toEqual(['component-studio', 'run']);
      const dash = words.indexOf('--');
      const flags = (dash < 0 ? words.slice(2) : words.slice(2, dash)).filter((w) => w !== 'build/x.wasm');
      const pairs: [string, string][] = [];
      for (let i = 0; i < flags.length; i += 2) pairs.push([flags[i]!.slice(2), flags[i + 1]!]);
      const granted = fromFlags(pairs, piped === null ? {} : { '-': piped });
      const args = dash < 0 ? [] : words.slice(dash + 1);
      expect(policySchema.parse({ ...granted, args })).toEqual(policy);
    }
  });
});
