import { describe, expect, it } from 'vitest';
import { completionItems, definitionAt, hoverAt, witFile, type CompletionResult, type WitScope } from './analysis';
import everything from '../../../src-shared/wit/fixtures/syntax-everything.wit?raw';
import { WASI_WIT } from './wasi';

const wasi: WitScope = { files: WASI_WIT.map((w) => witFile(`wasi-wit:/${w.path}`, w.text)) };

/** Completion at the `|` marker. */
function complete(src: string, scope: WitScope = wasi): CompletionResult & { labels: string[]; text: string } {
  const offset = src.indexOf('|');
  const text = src.replace('|', '');
  const r = completionItems(text, offset, scope);
  return { ...r, labels: r.items.map((i) => i.label), text };
}

const applyEdits = (text: string, edits: { start: number; end: number; text: string }[]) =>
  [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.text + t.slice(e.end), text);

describe('completionItems', () => {
  it('offers top-level keywords and gates at the start of a file', () => {
    expect(complete('|').labels).toEqual(['package', 'interface', 'world', 'use', '@since', '@unstable', '@deprecated']);
  });

  it('offers interface item keywords inside an interface, world items inside a world', () => {
    expect(complete('package a:b;\ninterface i {\n    |\n}').labels).toEqual([
      'use', 'type', 'record', 'variant', 'enum', 'flags', 'resource', '@since', '@unstable', '@deprecated',
    ]);
    expect(complete('package a:b;\nworld w {\n    im|\n}').labels.slice(0, 3)).toEqual(['import', 'export', 'include']);
    expect(complete('package a:b;\ninterface i {\n    resource r {\n        |\n    }\n}').labels[0]).toBe('constructor');
  });

  it('replaces the partially typed word', () => {
    const r = complete('package a:b;\ninterface i {\n    rec|\n}');
    expect(r.text.slice(r.replace.start, r.replace.end)).toBe('rec');
  });

  it('offers func keywords after `name:`', () => {
    expect(complete('interface i {\n    f: |\n}').labels).toEqual(['func', 'async']);
    expect(complete('interface i {\n    f: async |\n}').labels).toEqual(['func']);
    expect(complete('interface i {\n    resource r {\n        m: |\n    }\n}').labels).toEqual(['func', 'async', 'static']);
    const world = complete('world w {\n    import x: |\n}').labels;
    expect(world.slice(0, 3)).toEqual(['func', 'async', 'interface']);
    expect(world).toContain('wasi:http/outgoing-handler@0.2.12');
  });

  it('offers gate names after `@`', () => {
    const r = complete('interface i {\n    @|\n}');
    expect(r.labels).toEqual(['since', 'unstable', 'deprecated', 'external-id']);
    expect(r.items[0]).toMatchObject({ snippet: true, insertText: 'since(version = ${1:0.1.0})' });
  });

  it('offers no completions in comments', () => {
    expect(complete('// use |\n').items).toEqual([]);
    expect(complete('/* |').items).toEqual([]);
  });

  it('offers local types, used types, builtins and WASI types in type positions', () => {
    const src = [
      'package a:b;',
      'interface i {',
      '    use wasi:io/streams@0.2.12.{input-stream as in};',
      '    record r { a: u32 }',
      '    f: func(x: |);',
      '}',
    ].join('\n');
    const r = complete(src);
    const byLabel = new Map(r.items.map((i) => [i.label, i]));
    expect(byLabel.get('r')).toMatchObject({ kind: 'type', detail: 'record', sortText: '0r' });
    expect(byLabel.get('in')).toMatchObject({ kind: 'type', detail: 'resource · use wasi:io/streams@0.2.12' });
    expect(byLabel.get('u32')).toMatchObject({ kind: 'builtin' });
    expect(byLabel.get('list')).toMatchObject({ insertText: 'list<$1>', snippet: true });
    const datetime = byLabel.get('datetime')!;
    expect(datetime.detail).toBe('record · wasi:clocks/wall-clock@0.2.12');
    expect(datetime.documentation).toContain('record datetime {');
    // Picking a type from another interface adds the `use`.
    expect(applyEdits(r.text, datetime.additionalEdits!)).toContain(
      'interface i {\n    use wasi:clocks/wall-clock@0.2.12.{datetime};\n    use wasi:io/streams',
    );
    // ...or extends an existing `use` of the same interface.
    const out = byLabel.get('output-stream')!;
    expect(applyEdits(r.text, out.additionalEdits!)).toContain('use wasi:io/streams@0.2.12.{input-stream as in, output-stream};');
    // Types whose name is already in scope are not offered twice.
    expect(r.labels.filter((l) => l === 'r')).toHaveLength(1);
  });

  it('offers types of other interfaces of the same file with an unqualified use', () => {
    const src = 'package a:b;\ninterface types {\n    type size = u64;\n}\ninterface api {\n    f: func() -> |;\n}';
    const size = complete(src, { files: [] }).items.find((i) => i.label === 'size')!;
    expect(size.detail).toBe('type · a:b/types');
    expect(applyEdits(complete(src, { files: [] }).text, size.additionalEdits!)).toContain('interface api {\n    use types.{size};\n');
  });

  it('offers types from other open models', () => {
    const other = witFile('project:/wit/types.wit', 'package a:b;\ninterface shared {\n    record point { x: s32 }\n}');
    const r = complete('package a:b;\ninterface api {\n    f: func(p: |);\n}', { files: [other] });
    const point = r.items.find((i) => i.label === 'point')!;
    expect(point.detail).toBe('record · a:b/shared');
    expect(point.additionalEdits![0]!.text).toBe('\n    use shared.{point};');
  });

  it('offers only resources inside borrow<>', () => {
    const r = complete('interface i {\n    resource res;\n    record rec { a: u8 }\n    f: func(x: borrow<|>);\n}');
    expect(r.labels).toContain('res');
    expect(r.labels).toContain('pollable');
    expect(r.labels).not.toContain('rec');
    expect(r.labels).not.toContain('u32');
  });

  it('offers types after `->`, `=`, `<`, `,` in generics and in variant payloads', () => {
    for (const src of [
      'interface i { f: func() -> |; }',
      'interface i { type t = |; }',
      'interface i { type t = option<|>; }',
      'interface i { type t = result<u8, |>; }',
      'interface i { variant v { a(|) } }',
      'interface i { record r { a: | } }',
    ]) {
      expect(complete(src).labels, src).toContain('string');
    }
    expect(complete('interface i { record r { a: u8, | } }').labels).toEqual([]);
  });

  it('offers interface names after use/import/export and world names after include', () => {
    const local = 'package a:b;\ninterface mine {}\nworld w {\n    import |\n}';
    const labels = complete(local).labels;
    expect(labels[0]).toBe('mine');
    expect(labels).toContain('wasi:io/streams@0.2.12');
    expect(complete('package a:b;\nworld w {\n    include |\n}').labels).toContain('wasi:cli/imports@0.2.12');
    expect(complete('package a:b;\nworld w {\n    include wasi:cli/imports@0.2.12 |\n}').labels).toEqual(['with']);
    expect(complete('use wasi:io/streams@0.2.12 |').labels).toEqual(['as']);
  });

  it('offers the names of the interface inside `use path.{...}`', () => {
    expect(complete('interface i {\n    use wasi:io/streams@0.2.12.{|};\n}').labels).toEqual([
      'stream-error', 'input-stream', 'output-stream', 'error', 'pollable',
    ]);
    expect(complete('interface i {\n    use wasi:io/streams@0.2.12.{input-stream, |};\n}').labels).not.toContain('input-stream');
    expect(complete('interface i {\n    use wasi:io/streams@0.2.12.{input-stream |};\n}').labels).toEqual(['as']);
    const sameFile = 'interface types {\n    enum color { red }\n}\ninterface api {\n    use types.{|};\n}';
    expect(complete(sameFile).labels).toEqual(['color']);
  });
});

describe('hoverAt and definitionAt', () => {
  const file = witFile('project:/wit/everything.wit', everything);
  const at = (needle: string, delta = 0) => {
    const i = everything.indexOf(needle);
    if (i < 0) throw new Error(needle);
    return i + delta;
  };

  it('shows a local type definition with its doc comment', () => {
    const h = hoverAt(file, at('size: size', 7), wasi)!;
    expect(h.contents).toBe('```wit\ntype size = u64;\n```\n\nA size in bytes.\n\n*type* in interface `local:demo/types@1.2.3-rc.1+build.5`');
    expect(everything.slice(h.range.start, h.range.end)).toBe('size');
  });

  it('follows `use` aliases within the file', () => {
    const d = definitionAt(file, at('-> bytes', 4), wasi)!;
    expect(d.uri).toBe(file.uri);
    expect(everything.slice(d.range.start, d.range.end)).toBe('size');
    expect(d.range.start).toBe(at('type size') + 5);
    expect(hoverAt(file, at('size as bytes', 10), wasi)!.contents).toContain('type size = u64;');
  });

  it('resolves types from the vendored WASI files', () => {
    const d = definitionAt(file, at('datetime}'), wasi)!;
    expect(d.uri).toBe('wasi-wit:/wasi/clocks/package.wit');
    expect(d.text.slice(d.range.start, d.range.end)).toBe('datetime');
    expect(d.text.slice(d.range.start - 7, d.range.end)).toBe('record datetime');
    const h = hoverAt(file, at('out),'), wasi)!;
    expect(h.contents).toMatch(/^```wit\nresource output-stream \{\n    check-write: func\(\) -> result<u64, stream-error>;/);
    expect(h.contents).toContain('*resource* in interface `wasi:io/streams@0.2.12`');
  });

  it('resolves interface and world paths', () => {
    const api = definitionAt(file, at('import api;', 8))!;
    expect(everything.slice(api.range.start - 10, api.range.end)).toBe('interface api');
    const host = definitionAt(file, at('include host', 9))!;
    expect(everything.slice(host.range.start - 6, host.range.end)).toBe('world host');
    const env = definitionAt(file, at('wasi:cli/environment', 10), wasi)!;
    expect(env.uri).toBe('wasi-wit:/wasi/cli/package.wit');
    expect(env.text.slice(env.range.start - 10, env.range.end)).toBe('interface environment');
    expect(hoverAt(file, at('include wasi:cli/imports', 12), wasi)!.contents).toContain('*world* `wasi:cli/imports@0.2.12`');
  });

  it('resolves across nested packages and across open models', () => {
    const p = definitionAt(file, at('-> point', 4))!;
    expect(everything.slice(p.range.start - 7, p.range.end)).toBe('record point');
    const other = witFile('project:/wit/api.wit', 'package local:demo;\ninterface extra {\n    use types.{blob};\n    f: func() -> blob;\n}');
    const d = definitionAt(other, other.text.indexOf('-> blob') + 4, { files: [file] })!;
    expect(d.uri).toBe(file.uri);
    expect(everything.slice(d.range.start - 9, d.range.end)).toBe('resource blob');
    expect(hoverAt(other, other.text.indexOf('-> blob') + 4, { files: [file] })!.contents).toContain('A blob of bytes.');
  });

  it('describes resource methods, fields, cases and built-in types', () => {
    expect(hoverAt(file, at('merge:'))!.contents).toBe(
      '```wit\n// resource blob\nmerge: static func(lhs: borrow<blob>, rhs: borrow<blob>) -> blob;\n```\n\n*static function* of `blob` in interface `local:demo/types@1.2.3-rc.1+build.5`',
    );
    expect(hoverAt(file, at('fetch:'))!.contents).toContain('@unstable(feature = async-blobs)\n// resource blob\nfetch: async func()');
    const field = hoverAt(file, at('name: string'))!;
    expect(field.contents).toBe("```wit\nname: string\n```\n\nThe entry's name.\n\n*field* of record `entry`");
    expect(hoverAt(file, at('u64;'))!.contents).toContain('Unsigned 64-bit integer.');
    expect(hoverAt(file, at('borrow<blob>'))!.contents).toContain('borrowed handle');
    expect(definitionAt(file, at('u64;'))).toBeUndefined();
  });

  it('returns nothing for unknown names', () => {
    const f = witFile('x.wit', 'interface i {\n    f: func() -> nowhere;\n}');
    expect(definitionAt(f, f.text.indexOf('nowhere'))).toBeUndefined();
    expect(hoverAt(f, f.text.indexOf('nowhere'))).toBeUndefined();
  });
});
