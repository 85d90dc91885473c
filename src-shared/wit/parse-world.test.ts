import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WitSyntaxError, parseWorld } from './parse-world';
import { typeToString, type WitFunction, type WitWorldExports } from './types';

// Fixtures: `componentWit(bytes)` (jco 1.35) of components built with componentize-qjs (sync)
// from the WIT worlds beside them (*.source.wit, inlineall/world.wit).
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const repo = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** `name(p: type, …) -> type` for compact assertions. */
const sig = (f: WitFunction) =>
  `${f.name}(${f.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ')})${f.result ? ` -> ${typeToString(f.result)}` : ''}`;
const fn = (w: WitWorldExports, name: string) => w.functions.find((f) => f.name === name)!;

describe('parseWorld on componentWit output', () => {
  it('greeter-js: greet(name: string) -> string', () => {
    const w = parseWorld(fixture('greeter-js.wit'));
    expect(w.world).toBe('root');
    expect(w.functions.map(sig)).toEqual([
      'init(shim: string, script: string, entry-path: option<string>, disable-gc: bool) -> result<_, string>',
      'greet(name: string) -> string',
    ]);
    expect(fn(w, 'greet')).toEqual({ name: 'greet', jsName: 'greet', params: [{ name: 'name', type: { kind: 'string' } }], result: { kind: 'string' } });
    expect(w.interfaces).toEqual([]);
  });

  it('inlineall: every WIT type, at world level and in an inline interface', () => {
    const w = parseWorld(fixture('inlineall.wit'));
    expect(w.functions.map(sig).slice(1)).toEqual([
      'echo-bool(v: bool) -> bool',
      'echo-s8(v: s8) -> s8',
      'echo-s16(v: s16) -> s16',
      'echo-s32(v: s32) -> s32',
      'echo-s64(v: s64) -> s64',
      'echo-u8(v: u8) -> u8',
      'echo-u16(v: u16) -> u16',
      'echo-u32(v: u32) -> u32',
      'echo-u64(v: u64) -> u64',
      'echo-f32(v: f32) -> f32',
      'echo-f64(v: f64) -> f64',
      'echo-char(v: char) -> char',
      'echo-string(v: string) -> string',
      'echo-bytes(v: list<u8>) -> list<u8>',
      'echo-list(v: list<s32>) -> list<s32>',
      'echo-nested-list(v: list<list<string>>) -> list<list<string>>',
      'echo-tuple(v: tuple<u8, string, bool>) -> tuple<u8, string, bool>',
      'echo-option(v: option<u32>) -> option<u32>',
      'echo-option-option(v: option<option<u32>>) -> option<option<u32>>',
      'echo-result(v: result<u32, string>) -> result<u32, string>',
      'echo-result-unit(v: result) -> result',
      'echo-result-ok-only(v: result<string>) -> result<string>',
      'echo-result-err-only(v: result<_, string>) -> result<_, string>',
      'echo-nested-result(v: result<option<u8>, result<u8, string>>) -> list<result<option<u8>, result<u8, string>>>',
      'echo-option3(v: option<option<option<u8>>>) -> option<option<option<u8>>>',
      'echo-list-u64(v: list<u64>) -> list<u64>',
      'echo-list-f32(v: list<f32>) -> list<f32>',
      'echo-list-char(v: list<char>) -> list<char>',
      'many(a: u8, b-long-name: string, c: option<u64>) -> tuple<u8, string, option<u64>>',
      'nothing()',
    ]);
    expect(fn(w, 'many').jsName).toBe('many');
    expect(fn(w, 'echo-result-err-only').jsName).toBe('echoResultErrOnly');

    expect(w.interfaces.map((i) => [i.name, i.jsName])).toEqual([['api', 'api']]);
    const api = w.interfaces[0]!;
    expect(api.functions.map(sig)).toEqual([
      'echo-point(p: point) -> point',
      'echo-person(p: person) -> person',
      'echo-empty-ish(e: empty-ish) -> empty-ish',
      'echo-shape(s: shape) -> shape',
      'echo-color(c: color) -> color',
      'echo-perms(p: perms) -> perms',
      'echo-meters(m: meters) -> meters',
      'echo-two(t: two) -> two',
      'echo-shapes(s: list<shape>) -> list<shape>',
      'echo-option-shape(s: option<shape>) -> option<result<shape, color>>',
      'no-args()',
    ]);
    const types = Object.fromEntries(api.functions.map((f) => [f.name, f.params[0]?.type]));
    const point = { kind: 'record', name: 'point', fields: [{ name: 'x', type: { kind: 's32' } }, { name: 'y', type: { kind: 's32' } }] };
    expect(types['echo-point']).toEqual(point);
    expect(types['echo-person']).toEqual({
      kind: 'record',
      name: 'person',
      fields: [
        { name: 'first-name', type: { kind: 'string' } },
        { name: 'age-in-years', type: { kind: 'u8' } },
        { name: 'nick', type: { kind: 'option', some: { kind: 'string' } } },
        { name: 'tags', type: { kind: 'list', element: { kind: 'string' } } },
        { name: 'home', type: point },
      ],
    });
    expect(types['echo-shape']).toEqual({
      kind: 'variant',
      name: 'shape',
      cases: [
        { name: 'circle', type: { kind: 'f64' } },
        { name: 'rect', type: point },
        { name: 'dot', type: null },
        { name: 'result', type: { kind: 'string' } }, // printed `%result(string)`
        { name: 'ok', type: null },
        { name: 'none', type: null },
        { name: 'two-words', type: { kind: 'u8' } },
      ],
    });
    expect(types['echo-color']).toEqual({ kind: 'enum', name: 'color', cases: ['red', 'green-blue', 'none', 'HTTP-GET'] });
    expect(types['echo-perms']).toEqual({ kind: 'flags', name: 'perms', flags: ['read', 'write', 'exec-all'] });
    expect(types['echo-meters']).toEqual({ kind: 'f64', name: 'meters' });
    expect(types['echo-two']).toEqual({ kind: 'tuple', name: 'two', elements: [{ kind: 'f64', name: 'meters' }, { kind: 'string' }] });
    expect(api.functions.every((f) => !f.unsupported)).toBe(true);
  });

  it('worldtypes: records, variants, enums and flags defined in the world', () => {
    const w = parseWorld(fixture('worldtypes.wit'));
    expect(w.functions.map(sig)).toContain('take(p: point, v: v, e: e, fl: fset) -> list<point>');
    const take = fn(w, 'take');
    expect(take.params.map((p) => p.type.kind)).toEqual(['record', 'variant', 'enum', 'flags']);
    expect(w.interfaces[0]!.functions.map(sig)).toEqual(['g(r: r) -> r']);
  });

  it('an inline exported interface', () => {
    const w = parseWorld(fixture('inline-interface.wit'));
    expect(w.interfaces).toHaveLength(1);
    expect(w.interfaces[0]!.functions.map(sig)).toEqual(['g(r: r, v: v) -> r']);
  });

  it('everything: exported interfaces of a named package are unresolved without its WIT', () => {
    const w = parseWorld(fixture('everything.wit'));
    expect(w.interfaces).toEqual([
      {
        name: 'test:everything/api@0.1.0',
        jsName: 'api',
        functions: [],
        unresolved: 'the WIT of `test:everything/api@0.1.0` is not available: its functions cannot be listed',
      },
    ]);
    const echoPoint = fn(w, 'echo-point');
    expect(echoPoint.unsupported).toBe('type `point` comes from `test:everything/types@0.1.0`, whose WIT is not available');
    expect(echoPoint.params[0]!.type).toMatchObject({ kind: 'unsupported', what: 'unresolved', name: 'point' });
    expect(fn(w, 'echo-u8').unsupported).toBeUndefined();
  });

  it('everything: with the package WIT as a dependency, `use` across interfaces resolves', () => {
    const w = parseWorld(fixture('everything.wit'), { deps: [fixture('everything.source.wit')] });
    expect(fn(w, 'echo-point').params[0]!.type).toEqual({
      kind: 'record',
      name: 'point',
      fields: [{ name: 'x', type: { kind: 's32' } }, { name: 'y', type: { kind: 's32' } }],
    });
    expect(fn(w, 'echo-color').result).toMatchObject({ kind: 'enum', name: 'color' });
    const api = w.interfaces[0]!;
    expect(api).toMatchObject({ name: 'test:everything/api@0.1.0', jsName: 'api' });
    expect(api.unresolved).toBeUndefined();
    expect(api.functions.map(sig)).toEqual([
      'echo-point(p: point) -> point',
      'echo-person(p: person) -> person',
      'echo-empty-ish(e: empty-ish) -> empty-ish',
      'echo-shape(s: shape) -> shape',
      'echo-color(c: color) -> color',
      'echo-perms(p: perms) -> perms',
      'echo-meters(m: meters) -> meters',
      'echo-two(t: pair) -> pair', // `use types.{pair as two}`: the type keeps its own name
      'echo-shapes(s: list<shape>) -> list<shape>',
      'no-args()',
    ]);
    expect(api.functions.find((f) => f.name === 'echo-two')!.params[0]!.type).toEqual({
      kind: 'tuple',
      name: 'pair',
      elements: [{ kind: 'f64', name: 'meters' }, { kind: 'string' }],
    });
  });

  it('resources: functions taking or returning them are marked unsupported, others are not', () => {
    const w = parseWorld(fixture('resources.wit'), { deps: [fixture('resources.source.wit')] });
    const counters = w.interfaces[0]!;
    expect(counters.functions.map((f) => [sig(f), f.unsupported ?? null])).toEqual([
      ['make-counter(start: u32) -> counter', 'resource types cannot be passed from the studio yet'],
      ['read(c: borrow<counter>) -> u32', 'resource types cannot be passed from the studio yet'],
      ['plain(n: u32) -> u32', null],
    ]);
    expect(counters.functions[1]!.params[0]!.type).toEqual({
      kind: 'unsupported',
      what: 'borrow',
      name: 'counter',
      reason: 'resource types cannot be passed from the studio yet',
    });
    expect(fn(w, 'double').unsupported).toBeUndefined();
  });
});

describe('parseWorld on WIT sources', () => {
  it('the greeter-js sample', () => {
    const w = parseWorld(repo('samples/greeter-js/wit/world.wit'));
    expect(w.world).toBe('greeter');
    expect(w.functions.map(sig)).toEqual(['greet(name: string) -> string']);
  });

  it('the source of the everything fixture, by world name', () => {
    const w = parseWorld(fixture('everything.source.wit'), { world: 'everything' });
    expect(w.functions).toHaveLength(28);
    expect(w.interfaces.map((i) => [i.name, i.jsName, i.functions.length])).toEqual([['api', 'api', 10]]);
  });

  it('wasi:cli/run from the vendored WASI WIT, for another patch version', () => {
    const text = 'package root:component;\n\nworld root {\n  import wasi:cli/environment@0.2.3;\n  export wasi:cli/run@0.2.3;\n}\n';
    const deps = ['cli', 'io', 'clocks', 'filesystem', 'random', 'sockets'].map((p) => repo(`wit/wasi/${p}/package.wit`));
    const w = parseWorld(text, { deps });
    expect(w.interfaces).toHaveLength(1);
    expect(w.interfaces[0]).toMatchObject({ name: 'wasi:cli/run@0.2.3', jsName: 'run' });
    expect(w.interfaces[0]!.functions.map(sig)).toEqual(['run() -> result']);
  });

  it('gates, docs, nested packages, includes, aliases and `use` at world level', () => {
    const text = `
      package a:b@1.0.0;

      /// docs
      @since(version = 1.0.0)
      interface types {
        @since(version = 1.0.0)
        type id = u64;
        resource thing { constructor(); name: func() -> string; }
        record item { id: id, tags: list<string>, %type: string }
      }

      world base {
        export ping: func() -> bool;
      }

      world w {
        include base;
        use other:pkg/defs.{code as status};
        use types.{item};
        import log: func(msg: string);
        export get: func(id: u64) -> option<item>;
        export status-of: func(i: item) -> status;
        export handle: async func(t: borrow<thing>);
      }

      package other:pkg {
        interface defs { enum code { good, bad } }
      }
    `;
    const w = parseWorld(text, { world: 'w' });
    expect(w.functions.map(sig)).toEqual(['ping() -> bool', 'get(id: u64) -> option<item>', 'status-of(i: item) -> code', 'handle(t: borrow<thing>)']);
    expect(fn(w, 'get').result).toEqual({
      kind: 'option',
      some: {
        kind: 'record',
        name: 'item',
        fields: [
          { name: 'id', type: { kind: 'u64', name: 'id' } },
          { name: 'tags', type: { kind: 'list', element: { kind: 'string' } } },
          { name: 'type', type: { kind: 'string' } },
        ],
      },
    });
    expect(fn(w, 'handle')).toMatchObject({ async: true, unsupported: 'resource types cannot be passed from the studio yet' });
  });

  it('future, stream and unknown types are unsupported with a reason', () => {
    const w = parseWorld('package a:b;\nworld w {\n  export f: func(s: stream<u8>) -> future<string>;\n  export g: func(x: nope);\n}\n');
    expect(fn(w, 'f').unsupported).toBe('future and stream types cannot be passed from the studio yet');
    expect(fn(w, 'g').unsupported).toBe('type `nope` is not defined in `w`');
  });

  it('asks which world when there are several', () => {
    expect(() => parseWorld('package a:b;\nworld x {}\nworld y {}\n')).toThrow('the WIT text defines several worlds (x, y): say which one');
    expect(() => parseWorld('package a:b;\nworld x {}\n', { world: 'z' })).toThrow('no world named `z` in the WIT text');
    expect(parseWorld('package a:b;\nworld x {}\nworld y { export f: func(); }\n', { world: 'y' }).functions.map(sig)).toEqual(['f()']);
  });

  it('reports syntax errors with line and column', () => {
    let err: unknown;
    try {
      parseWorld('package a:b;\nworld w {\n  export f: func(x: u8;\n}\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WitSyntaxError);
    expect(err).toMatchObject({ line: 3, column: 23, offset: 45 });
    expect((err as Error).message).toBe('expected `,` or `)`, found `;` (line 3, column 23)');
    expect(() => parseWorld('package a:b;\nworld w { export f: func() -> ; }', {})).toThrow('expected a type, found `;` (line 2, column 31)');
    expect(() => parseWorld('world w {}', { deps: ['package x:y;\ninterface i { f: func( }'] })).toThrow('(line 2, column 24 of dependency 1)');
  });
});
