import { describe, expect, it } from 'vitest';
import type { MemberFacts } from '../protocol/composition';
import { worldItems } from '../wit/world-items';
import { interfacePath, planLinks } from './plan';

/** The interface as the library's project declares it (its wit/ folder). */
const WORDS = `package docs:compose@0.1.0;

interface words {
  record stats { words: u32, lines: u32 }
  enum unit { word, line }
  flags opts { trim, fold }
  variant outcome { ok(u32), failed(string), empty }
  resource counter { constructor(); add: func(text: string); }

  count: func(text: string) -> u32;
  measure: func(text: string, %unit: unit) -> stats;
  split: func(text: string, options: opts) -> list<string>;
  check: func(text: string) -> outcome;
}

world lib {
  import wasi:random/random@0.2.3;
  export words;
}
`;

/** The importer's copy of the same WIT, with one edit applied. */
const edited = (from: string, to: string) => {
  if (!WORDS.includes(from)) throw new Error(`fixture has no ${from}`);
  return WORDS.replace(from, to);
};

const lib = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  name: 'lib',
  imports: ['wasi:random/random@0.2.3'],
  exports: ['docs:compose/words@0.1.0'],
  wit: WORDS,
  ...over,
});

const app = (over: Partial<MemberFacts> = {}): MemberFacts => ({
  name: 'app',
  imports: ['wasi:cli/environment@0.2.3', 'wasi:cli/stdout@0.2.3', 'docs:compose/words@0.1.0'],
  exports: ['wasi:cli/run@0.2.3'],
  wit: WORDS,
  ...over,
});

describe('interfacePath', () => {
  it('splits a qualified interface name and rejects functions and inline interfaces', () => {
    expect(interfacePath('docs:compose/words@0.1.0')).toEqual({ package: 'docs:compose', iface: 'words', version: '0.1.0' });
    expect(interfacePath('wasi:cli/run')).toEqual({ package: 'wasi:cli', iface: 'run', version: undefined });
    expect(interfacePath('greet: func(name: string) -> string')).toBeUndefined();
    expect(interfacePath('api: interface')).toBeUndefined();
  });
});

describe('planLinks: wires and the host', () => {
  it('wires an import to the member exporting it; WASI goes to the host; the exporter is instantiated first', () => {
    const plan = planLinks([app(), lib()], 'app');
    expect(plan).toEqual({
      order: ['lib', 'app'],
      root: 'app',
      wires: [{ from: 'lib', to: 'app', export: 'docs:compose/words@0.1.0', import: 'docs:compose/words@0.1.0', checked: 'types' }],
      host: [
        { member: 'app', import: 'wasi:cli/environment@0.2.3' },
        { member: 'app', import: 'wasi:cli/stdout@0.2.3' },
        { member: 'lib', import: 'wasi:random/random@0.2.3' },
      ],
      problems: [],
    });
  });

  it('takes facts as the engines read them: the world jco prints for a component, through worldItems', () => {
    const printed = 'package root:component;\n\nworld root {\n  import wasi:cli/stdout@0.2.3;\n  import docs:compose/words@0.1.0;\n\n  export wasi:cli/run@0.2.3;\n}\n';
    const plain = { name: 'app', imports: worldItems(printed, 'import'), exports: worldItems(printed, 'export'), wit: null };
    const plan = planLinks([plain, lib()], 'app');
    expect(plan.wires).toEqual([{ from: 'lib', to: 'app', export: 'docs:compose/words@0.1.0', import: 'docs:compose/words@0.1.0', checked: 'names' }]);
    expect(plan.host.map((h) => `${h.member} ${h.import}`)).toEqual(['app wasi:cli/stdout@0.2.3', 'lib wasi:random/random@0.2.3']);
  });

  it('matches versions by the resolver\'s semver rule: same 0.x track, or an unversioned import', () => {
    const newer = lib({ exports: ['docs:compose/words@0.1.7'], wit: WORDS.replace('@0.1.0', '@0.1.7') });
    expect(planLinks([app(), newer], 'app').wires).toEqual([
      { from: 'lib', to: 'app', export: 'docs:compose/words@0.1.7', import: 'docs:compose/words@0.1.0', checked: 'types' },
    ]);
    const unversioned = app({ imports: ['docs:compose/words'], wit: null });
    expect(planLinks([unversioned, lib()], 'app').wires).toEqual([
      { from: 'lib', to: 'app', export: 'docs:compose/words@0.1.0', import: 'docs:compose/words', checked: 'names' },
    ]);
  });

  it('a member exporting a wasi interface answers it instead of the host', () => {
    const env = { name: 'env', imports: [], exports: ['wasi:cli/environment@0.2.3'], wit: null };
    const plan = planLinks([app(), lib(), env], 'app');
    expect(plan.wires.map((w) => `${w.from}->${w.to} ${w.import}`)).toEqual(['env->app wasi:cli/environment@0.2.3', 'lib->app docs:compose/words@0.1.0']);
    expect(plan.host.map((h) => h.import)).toEqual(['wasi:cli/stdout@0.2.3', 'wasi:random/random@0.2.3']);
    expect(plan.problems).toEqual([]);
  });
});

describe('planLinks: problems', () => {
  it('an import no member exports and the host does not give is unsatisfied, naming member and interface', () => {
    expect(planLinks([app()], 'app').problems).toEqual([
      {
        kind: 'unsatisfied',
        members: ['app'],
        message: 'app imports docs:compose/words@0.1.0, which no member of the composition exports and the host does not provide',
      },
    ]);
  });

  it('an export on another version track does not satisfy it, and the message says which version is there', () => {
    const old = lib({ exports: ['docs:compose/words@0.2.0'], wit: null });
    expect(planLinks([app(), old], 'app').problems.map((p) => p.message)).toEqual([
      'app imports docs:compose/words@0.1.0, which no member of the composition exports and the host does not provide (lib exports docs:compose/words@0.2.0: not a compatible version)',
    ]);
  });

  it('a plain function import is unsatisfied: only interfaces are linked', () => {
    const greeter = { name: 'greeter', imports: ['name: func() -> string'], exports: ['greet: func() -> string'], wit: null };
    const namer = { name: 'namer', imports: [], exports: ['name: func() -> string'], wit: null };
    expect(planLinks([greeter, namer], 'greeter').problems).toEqual([
      {
        kind: 'unsatisfied',
        members: ['greeter'],
        message: 'greeter imports the function name: func() -> string, which no member of the composition exports and the host does not provide (only interfaces are linked between members)',
      },
    ]);
  });

  it('two members exporting what a third imports: ambiguous, naming all three', () => {
    const plan = planLinks([app(), lib(), lib({ name: 'lib2' })], 'app');
    expect(plan.problems).toEqual([
      {
        kind: 'ambiguous',
        members: ['app', 'lib', 'lib2'],
        message: 'app imports docs:compose/words@0.1.0, which lib and lib2 all export: the studio cannot tell which to link (keep one of them in the composition)',
      },
    ]);
    expect(plan.wires).toEqual([]);
  });

  it('two members with one name: duplicate-name, and the first of them is planned', () => {
    const plan = planLinks([app(), lib(), lib({ exports: [] })], 'app');
    expect(plan.problems).toEqual([{ kind: 'duplicate-name', members: ['lib'], message: '2 members are named lib: each member needs a name of its own' }]);
    expect(plan.order).toEqual(['lib', 'app']);
    expect(plan.wires).toHaveLength(1);
  });

  it('a cycle of two names both members, in order around it', () => {
    const a = { name: 'a', imports: ['docs:loop/b'], exports: ['docs:loop/a'], wit: null };
    const b = { name: 'b', imports: ['docs:loop/a'], exports: ['docs:loop/b'], wit: null };
    const plan = planLinks([a, b], 'a');
    expect(plan.problems).toEqual([
      {
        kind: 'cycle',
        members: ['a', 'b'],
        message: 'a and b import from each other in a cycle (a imports docs:loop/b from b, b imports docs:loop/a from a): each member must be instantiated after the members it imports from',
      },
    ]);
    expect(plan.order).toEqual(['b', 'a']);
  });

  it('a longer cycle is named around the circle; members outside it are not part of the problem', () => {
    const m = (name: string, imports: string[], exports: string[]) => ({ name, imports, exports, wit: null });
    const plan = planLinks(
      [m('app', ['docs:c/x@1.0.0'], []), m('x', ['docs:c/y@1.0.0'], ['docs:c/x@1.0.0']), m('y', ['docs:c/z@1.0.0'], ['docs:c/y@1.0.0']), m('z', ['docs:c/x@1.2.0'], ['docs:c/z@1.0.0'])],
      'app',
    );
    expect(plan.problems.map((p) => [p.kind, p.members])).toEqual([['cycle', ['x', 'y', 'z']]]);
    expect(plan.problems[0]!.message).toBe(
      'x, y and z import from each other in a cycle (x imports docs:c/y@1.0.0 from y, y imports docs:c/z@1.0.0 from z, z imports docs:c/x@1.2.0 from x): each member must be instantiated after the members it imports from',
    );
    expect(plan.order.at(-1)).toBe('app');
  });
});

describe('planLinks: types compared from both members\' WIT', () => {
  const mismatches = (appWit: string) => planLinks([app({ wit: appWit }), lib()], 'app').problems;

  it('a different result type names both members, the function and both types as WIT', () => {
    expect(mismatches(edited('count: func(text: string) -> u32', 'count: func(text: string) -> stats'))).toEqual([
      {
        kind: 'type-mismatch',
        members: ['app', 'lib'],
        message: 'app expects count: func(text: string) -> stats, lib exports count: func(text: string) -> u32, in docs:compose/words@0.1.0',
      },
    ]);
  });

  it('a function the exporter lacks', () => {
    expect(mismatches(edited('  count: func', '  tally: func(text: string) -> u32;\n  count: func')).map((p) => p.message)).toEqual([
      'app expects tally: func(text: string) -> u32, lib exports no function tally, in docs:compose/words@0.1.0',
    ]);
  });

  it('parameter count, names and types', () => {
    expect(mismatches(edited('measure: func(text: string, %unit: unit)', 'measure: func(text: string)')).map((p) => p.message)).toEqual([
      'app expects measure: func(text: string) -> stats, lib exports measure: func(text: string, unit: unit) -> stats, in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('count: func(text: string)', 'count: func(input: string)')).map((p) => p.message)).toEqual([
      'app expects count: func(input: string) -> u32, lib exports count: func(text: string) -> u32, in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('count: func(text: string)', 'count: func(text: list<u8>)')).map((p) => p.message)).toEqual([
      'app expects count: func(text: list<u8>) -> u32, lib exports count: func(text: string) -> u32, in docs:compose/words@0.1.0',
    ]);
  });

  it('inside named types that print alike: a record\'s fields, variant cases, enum cases, flags', () => {
    expect(mismatches(edited('lines: u32 }', 'lines: u64 }')).map((p) => p.message)).toEqual([
      'app expects measure: func(text: string, unit: unit) -> stats, lib exports measure: func(text: string, unit: unit) -> stats (result: record stats, field lines: u64 for app and u32 for lib), in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('{ words: u32, lines: u32 }', '{ words: u32 }')).map((p) => p.message)).toEqual([
      'app expects measure: func(text: string, unit: unit) -> stats, lib exports measure: func(text: string, unit: unit) -> stats (result: record stats has fields words for app and words, lines for lib), in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('enum unit { word, line }', 'enum unit { word, line, page }')).map((p) => p.message)).toEqual([
      'app expects measure: func(text: string, unit: unit) -> stats, lib exports measure: func(text: string, unit: unit) -> stats (parameter unit: enum unit has cases word, line, page for app and word, line for lib), in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('flags opts { trim, fold }', 'flags opts { fold, trim }')).map((p) => p.message)).toEqual([
      'app expects split: func(text: string, options: opts) -> list<string>, lib exports split: func(text: string, options: opts) -> list<string> (parameter options: flags opts has flags fold, trim for app and trim, fold for lib), in docs:compose/words@0.1.0',
    ]);
    expect(mismatches(edited('failed(string)', 'failed(u32)')).map((p) => p.message)).toEqual([
      'app expects check: func(text: string) -> outcome, lib exports check: func(text: string) -> outcome (result: variant outcome, case failed: u32 for app and string for lib), in docs:compose/words@0.1.0',
    ]);
  });

  it('a variant case with a payload on one side only', () => {
    expect(mismatches(edited('failed(string), empty }', 'failed(string), empty(u8) }')).map((p) => p.message)).toEqual([
      'app expects check: func(text: string) -> outcome, lib exports check: func(text: string) -> outcome (result: variant outcome, case empty: a payload on one side only), in docs:compose/words@0.1.0',
    ]);
  });

  it('resources by name', () => {
    expect(mismatches(edited('resource counter', 'resource tally')).map((p) => p.message)).toEqual([
      'app expects resource tally, lib exports no resource tally, in docs:compose/words@0.1.0',
    ]);
  });

  it('functions only the exporter has are fine', () => {
    expect(mismatches(edited('  check: func(text: string) -> outcome;\n', ''))).toEqual([]);
  });

  it('a member without WIT (a plain .wasm) is checked by name and version only, and that is not an error', () => {
    const plan = planLinks([app({ wit: edited('-> u32', '-> string') }), lib({ wit: null })], 'app');
    expect(plan.problems).toEqual([]);
    expect(plan.wires[0]!.checked).toBe('names');
  });
});

describe('planLinks: order', () => {
  const m = (name: string, imports: string[], exports: string[]): MemberFacts => ({ name, imports, exports, wit: null });

  it('puts each member after those it imports from and the root last, members the root does not reach included', () => {
    const plan = planLinks(
      [m('app', ['docs:p/lib'], ['wasi:cli/run@0.2.3']), m('lib', ['docs:p/util'], ['docs:p/lib']), m('spare', [], ['docs:p/spare']), m('util', [], ['docs:p/util'])],
      'app',
    );
    expect(plan.order).toEqual(['spare', 'util', 'lib', 'app']);
    expect(plan.problems).toEqual([]);
  });

  it('keeps the root before a member that imports from it', () => {
    const plan = planLinks([m('app', [], ['docs:p/app']), m('probe', ['docs:p/app'], []), m('lib', [], [])], 'app');
    expect(plan.order).toEqual(['lib', 'app', 'probe']);
  });

  it('refuses a root that is not a member', () => {
    expect(() => planLinks([m('app', [], [])], 'main')).toThrow('the root "main" is not a member of the composition');
  });
});
