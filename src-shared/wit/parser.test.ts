import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineIndex, lex, tokenAt, validateId } from './lexer';
import { parsePath, parseWit } from './parser';
import type { WitDocument } from './syntax';

const read = (rel: string) => readFileSync(new URL(rel, import.meta.url), 'utf8');
const everything = read('./fixtures/syntax-everything.wit');

/** The vendored WASI 0.2 WIT of the repo's wit/wasi folder. */
const WASI_WIT = readdirSync(new URL('../../wit/wasi/', import.meta.url))
  .filter((p) => existsSync(new URL(`../../wit/wasi/${p}/package.wit`, import.meta.url)))
  .sort()
  .map((p) => ({ path: `wasi/${p}/package.wit`, text: read(`../../wit/wasi/${p}/package.wit`) }));

// jco also ships the WASI 0.3 WIT (async funcs, future, stream): extra real-world input, when present.
const wasi03Dir = new URL('../../node_modules/@bytecodealliance/jco/lib/wit/builtin/0.3.0/', import.meta.url);
const wasi03: Record<string, string> = existsSync(wasi03Dir)
  ? Object.fromEntries(
      readdirSync(wasi03Dir)
        .filter((p) => existsSync(new URL(`${p}/package.wit`, wasi03Dir)))
        .map((p) => [p, readFileSync(new URL(`${p}/package.wit`, wasi03Dir), 'utf8')]),
    )
  : {};

const sig = (text: string) => lex(text).tokens.filter((t) => t.kind !== 'ws');
const names = (doc: WitDocument, kind: string) => doc.items.filter((d) => d.kind === kind).map((d) => d.name);
const slice = (doc: WitDocument, r: { start: number; end: number }) => doc.text.slice(r.start, r.end);

describe('vendored WASI 0.2 WIT', () => {
  it('has the seven packages', () => {
    expect(WASI_WIT.map((f) => f.path)).toEqual([
      'wasi/cli/package.wit', 'wasi/clocks/package.wit', 'wasi/filesystem/package.wit', 'wasi/http/package.wit',
      'wasi/io/package.wit', 'wasi/random/package.wit', 'wasi/sockets/package.wit',
    ]);
  });

  for (const { path, text } of WASI_WIT) {
    it(`parses ${path} without errors`, () => {
      const doc = parseWit(text);
      expect(doc.errors).toEqual([]);
      expect(doc.package?.name).toBe(`wasi:${path.split('/')[1]}`);
      expect(doc.package?.version).toBe('0.2.12');
      expect(doc.items.length).toBeGreaterThan(3);
    });
  }

  it('outlines wasi:io', () => {
    const doc = parseWit(WASI_WIT.find((f) => f.path === 'wasi/io/package.wit')!.text);
    expect(names(doc, 'interface')).toEqual(['error', 'poll', 'streams']);
    expect(names(doc, 'world')).toEqual(['imports']);
    expect(names(doc, 'resource')).toEqual(['error', 'pollable', 'input-stream', 'output-stream']);
    expect(names(doc, 'variant')).toEqual(['stream-error']);
    const splice = doc.items.find((d) => d.name === 'splice')!;
    expect(splice).toMatchObject({ kind: 'func', container: 'streams', resource: 'output-stream', funcKind: 'method', package: 'wasi:io' });
    expect(slice(doc, splice.range)).toMatch(/^splice: func\([\s\S]*\) -> result<u64, stream-error>;$/);
    const poll = doc.items.find((d) => d.name === 'poll' && d.kind === 'func')!;
    expect(poll.funcKind).toBe('freestanding');
    expect(doc.uses.map((u) => [u.container, u.path.text, u.names.map((n) => n.name)])).toEqual([
      ['streams', 'error', ['error']],
      ['streams', 'poll', ['pollable']],
    ]);
    const typeRefs = doc.refs.filter((r) => r.kind === 'type').map((r) => r.name);
    expect(typeRefs).toContain('pollable');
    expect(typeRefs).toContain('stream-error');
    for (const r of doc.refs) expect(slice(doc, r.range)).toContain(r.name);
  });

  it('records qualified use paths and world includes (wasi:cli)', () => {
    const doc = parseWit(WASI_WIT.find((f) => f.path === 'wasi/cli/package.wit')!.text);
    const stdin = doc.uses.find((u) => u.container === 'stdin')!;
    expect(stdin.path).toMatchObject({ text: 'wasi:io/streams@0.2.12', package: 'wasi:io', name: 'streams', version: '0.2.12' });
    expect(slice(doc, stdin.path.range)).toBe('wasi:io/streams@0.2.12');
    const worldRefs = doc.refs.filter((r) => r.kind === 'world').map((r) => r.path!.text);
    expect(worldRefs).toEqual([
      'imports', 'wasi:clocks/imports@0.2.12', 'wasi:filesystem/imports@0.2.12', 'wasi:sockets/imports@0.2.12',
      'wasi:random/imports@0.2.12', 'wasi:io/imports@0.2.12',
    ]);
    expect(doc.items.filter((d) => d.kind === 'import' && d.container === 'imports').map((d) => d.name)).toContain('terminal-stderr');
  });

  it.skipIf(Object.keys(wasi03).length === 0)('also parses the WASI 0.3 WIT shipped with jco', () => {
    for (const [path, text] of Object.entries(wasi03)) {
      const doc = parseWit(text);
      expect(doc.errors, path).toEqual([]);
    }
    const http = parseWit(Object.entries(wasi03).find(([p]) => p === 'wasi-http')![1]);
    expect(http.items.some((d) => d.kind === 'func' && d.async)).toBe(true);
  });
});

describe('lexer', () => {
  it('splits operators, keywords, identifiers, versions and integers', () => {
    expect(sig('package a:b@1.0.0-pre.1+x;').map((t) => [t.kind, t.text])).toEqual([
      ['keyword', 'package'], ['ident', 'a'], ['op', ':'], ['ident', 'b'], ['op', '@'], ['version', '1.0.0-pre.1+x'], ['op', ';'],
    ]);
    expect(sig('f: func() -> list<u8, 4>;').map((t) => t.text)).toEqual(['f', ':', 'func', '(', ')', '->', 'list', '<', 'u8', ',', '4', '>', ';']);
    expect(sig('use a:b/c@0.2.0.{d};').map((t) => t.text)).toEqual(['use', 'a', ':', 'b', '/', 'c', '@', '0.2.0', '.', '{', 'd', '}', ';']);
  });

  it('treats %-escaped keywords as identifiers', () => {
    const [a, b] = sig('%record record');
    expect(a).toMatchObject({ kind: 'ident', value: 'record', text: '%record' });
    expect(b).toMatchObject({ kind: 'keyword', value: 'record' });
    expect(sig('error-context')[0]!.kind).toBe('keyword');
  });

  it('distinguishes doc comments from comments and nests block comments', () => {
    const toks = lex('/// doc\n//// not doc\n// c\n/** block doc */\n/* a /* b */ c */ x').tokens.filter((t) => t.kind !== 'ws');
    expect(toks.map((t) => [t.kind, t.value])).toEqual([
      ['doc', 'doc'], ['comment', '//// not doc'], ['comment', '// c'], ['doc', 'block doc'], ['comment', '/* a /* b */ c */'], ['ident', 'x'],
    ]);
  });

  it('round-trips the source', () => {
    expect(lex(everything).tokens.map((t) => t.text).join('')).toBe(everything);
  });

  it('reports bad characters, identifiers and unterminated comments with line/column', () => {
    const { errors } = lex('a\n  $ Foo-bar x- /* open');
    expect(errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [2, 3, 'unexpected character `$`'],
      [2, 5, 'invalid identifier `Foo-bar`: each word must be all lowercase or all uppercase'],
      [2, 13, 'invalid identifier `x-`: identifiers must not end with `-`'],
      [2, 16, 'unterminated block comment'],
    ]);
    expect(validateId('HTTP-request-URI-invalid')).toBeUndefined();
    expect(validateId('ipv4-address')).toBeUndefined();
  });

  it('maps offsets and positions', () => {
    const li = new LineIndex('ab\ncd\n');
    expect(li.position(0)).toEqual({ line: 1, column: 1 });
    expect(li.position(4)).toEqual({ line: 2, column: 2 });
    expect(li.offset({ line: 2, column: 2 })).toBe(4);
  });
});

describe('parser', () => {
  const doc = parseWit(everything);

  it('parses the whole grammar without errors', () => {
    expect(doc.errors).toEqual([]);
  });

  it('records root and nested packages', () => {
    expect(doc.package).toMatchObject({ name: 'local:demo', version: '1.2.3-rc.1+build.5', nested: false });
    expect(doc.packages.map((p) => [p.name, p.version, p.nested])).toEqual([
      ['local:demo', '1.2.3-rc.1+build.5', false],
      ['local:nested', '0.1.0', true],
      ['local:other', undefined, true],
    ]);
    expect(doc.items.find((d) => d.name === 'inner')).toMatchObject({ kind: 'interface', package: 'local:nested' });
    expect(doc.items.find((d) => d.name === 'point')).toMatchObject({ kind: 'record', container: 'inner', package: 'local:nested' });
  });

  it('outlines types with their kinds, docs and gates', () => {
    const types = doc.items.filter((d) => d.container === 'types' && d.kind !== 'func').map((d) => `${d.kind} ${d.name}`);
    expect(types).toEqual([
      'type size', 'type pair', 'type maybe', 'type fixed', 'type lookup', 'record entry', 'variant filter', 'enum color',
      'flags permissions', 'resource blob', 'resource handle',
    ]);
    const iface = doc.items.find((d) => d.name === 'types')!;
    expect(iface.doc).toBe('Types shared by the demo.\nBlock doc comments are docs too.');
    expect(iface.gates).toMatchObject([{ name: 'since', value: '1.0.0' }]);
    expect(doc.items.find((d) => d.name === 'size')!.doc).toBe('A size in bytes.');
    const entry = doc.items.find((d) => d.name === 'entry' && d.kind === 'record')!;
    expect(entry.members!.map((m) => [m.name, m.doc])).toEqual([['name', "The entry's name."], ['size', undefined], ['modified', undefined]]);
    expect(doc.items.find((d) => d.name === 'filter')!.members!.map((m) => m.name)).toEqual(['all', 'none', 'some', 'stream']);
    expect(doc.items.find((d) => d.name === 'old')!.gates).toMatchObject([{ name: 'deprecated', value: '1.1.0' }]);
    expect(doc.items.find((d) => d.name === 'type' && d.kind === 'func')).toBeDefined();
  });

  it('outlines resources: constructor, methods, static and async functions', () => {
    const funcs = doc.items.filter((d) => d.resource === 'blob').map((d) => [d.name, d.funcKind, !!d.async]);
    expect(funcs).toEqual([
      ['constructor', 'constructor', false], ['write', 'method', false], ['read', 'method', false], ['merge', 'static', false],
      ['fetch', 'method', true], ['drain', 'static', true],
    ]);
    expect(doc.items.find((d) => d.name === 'fetch')!.gates).toMatchObject([{ name: 'unstable', value: 'async-blobs' }]);
    expect(doc.items.find((d) => d.name === 'handle')!.members).toBeUndefined();
  });

  it('outlines worlds: imports, exports, inline interfaces, includes', () => {
    const host = doc.items.filter((d) => d.container === 'host' && d.containerKind === 'world').map((d) => `${d.kind} ${d.name}`);
    expect(host).toEqual([
      'import api', 'import wasi:cli/environment@0.2.12', 'import log', 'import logger', 'import primary', 'export run',
      'export api', 'type alias-entry', 'import extern-thing',
    ]);
    expect(doc.items.find((d) => d.name === 'run')!.async).toBe(true);
    expect(doc.items.find((d) => d.name === 'log' && d.container === 'logger')).toMatchObject({ kind: 'func', containerKind: 'interface' });
    expect(doc.items.find((d) => d.name === 'extern-thing')!.gates).toMatchObject([{ name: 'external-id', value: '"https://example.com/x"' }]);
    const includes = doc.refs.filter((r) => r.kind === 'world').map((r) => r.path!.text);
    expect(includes).toEqual(['host', 'wasi:cli/imports@0.2.12']);
  });

  it('records use imports with aliases and top-level uses', () => {
    const top = doc.uses.find((u) => u.container === undefined && u.alias)!;
    expect(top).toMatchObject({ alias: 'wasi-streams', names: [] });
    expect(top.path.text).toBe('wasi:io/streams@0.2.12');
    const api = doc.uses.find((u) => u.container === 'api')!;
    expect(api.names.map((n) => [n.name, n.alias])).toEqual([['entry', undefined], ['size', 'bytes'], ['blob', undefined]]);
    expect(slice(doc, api.names[1]!.aliasRange!)).toBe('bytes');
    const nested = doc.uses.find((u) => u.container === 'uses-nested')!;
    expect(nested).toMatchObject({ package: 'local:other', path: { package: 'local:nested', name: 'inner', version: '0.1.0' } });
  });

  it('records type references with ranges', () => {
    const refs = doc.refs.filter((r) => r.kind === 'type' && r.container === 'api').map((r) => r.name);
    expect(refs).toEqual(['entry', 'entry', 'bytes', 'blob']);
    const borrow = doc.refs.find((r) => r.kind === 'type' && r.name === 'blob' && r.container === 'types')!;
    expect(slice(doc, borrow.range)).toBe('blob');
    expect(doc.refs.some((r) => r.kind === 'type' && r.name === 'out' && r.container === 'types')).toBe(true);
  });

  it('finds the token at an offset', () => {
    const at = everything.indexOf('list-entries') + 3;
    expect(tokenAt(doc, at)).toMatchObject({ kind: 'ident', value: 'list-entries' });
  });
});

describe('syntax errors and recovery', () => {
  it('reports line and column and keeps parsing', () => {
    const src = [
      'package a:b;',
      'interface i {',
      '    record r { x: , y: u32 }',
      '    f: func(a: u32 -> u32;',
      '    type t = list<u8>;',
      '    g: func() -> t;',
      '}',
      'world w { import i; bogus; export g: func(); }',
    ].join('\n');
    const doc = parseWit(src);
    expect(doc.errors.map((e) => [e.line, e.column, e.message])).toEqual([
      [3, 19, 'expected a type, found `,`'],
      [4, 20, 'expected `,` or `)`, found `->`'],
      [8, 21, 'expected `import`, `export`, `include`, `use` or a type definition, found identifier `bogus`'],
    ]);
    expect(names(doc, 'record')).toEqual(['r']);
    expect(names(doc, 'type')).toEqual(['t']);
    expect(names(doc, 'func')).toEqual(['f', 'g']);
    expect(doc.items.filter((d) => d.container === 'w').map((d) => d.name)).toEqual(['i', 'g']);
  });

  it('reports keywords used as names, unknown gates, unclosed blocks and stray braces', () => {
    const doc = parseWit('interface i {\n    record: func();\n    @foo(x)\n    f: func();\n}\n}\nworld w {\n');
    expect(doc.errors.map((e) => [e.line, e.message])).toEqual([
      [2, 'expected a function name (`record` is a keyword; write `%record`), found keyword `record`'],
      [3, 'expected `@since`, `@unstable`, `@deprecated` or `@external-id`, found identifier `foo`'],
      [6, 'unmatched `}`'],
      [7, 'unclosed block: expected `}`'],
    ]);
    expect(names(doc, 'func')).toEqual(['f']);
    expect(names(doc, 'world')).toEqual(['w']);
  });

  it('rejects a misplaced package declaration and top-level functions', () => {
    const doc = parseWit('interface i {}\npackage a:b;\nf: func();\n');
    expect(doc.errors.map((e) => e.line)).toEqual([2, 3]);
    expect(doc.errors[1]!.message).toBe('expected `interface`, `world`, `use` or `package`, found identifier `f`');
  });

  it('never throws on arbitrary prefixes of real WIT', () => {
    for (let n = 0; n <= everything.length; n += 7) {
      const doc = parseWit(everything.slice(0, n));
      for (const e of doc.errors) expect(e.line).toBeGreaterThan(0);
    }
  });
});

describe('parsePath', () => {
  it('reads a use-path given as text, as studio.json names a world', () => {
    expect(parsePath('greeter')).toMatchObject({ name: 'greeter', text: 'greeter' });
    expect(parsePath('studio:hello/hello@0.1.0')).toMatchObject({ package: 'studio:hello', name: 'hello', version: '0.1.0' });
    expect(parsePath('a:b:c/d/e')).toMatchObject({ package: 'a:b:c/d', name: 'e' });
    for (const bad of ['', 'a:b', 'a/b@', 'x y', '%', 'a:b/c@1']) expect(parsePath(bad), bad).toBeUndefined();
  });
});
