import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorld } from './parse-world';
import { WitResolver, isResolved, pathProblems, pickVersion, siteOf, witFile } from './resolver';

describe('pickVersion: the one version rule', () => {
  it('an unversioned reference names the one version present', () => {
    expect(pickVersion('a:b', ['0.2.0'], undefined)).toEqual({ version: '0.2.0' });
    expect(pickVersion('a:b', [undefined], undefined)).toEqual({ version: undefined });
  });

  it('an unversioned reference to a package present in several versions is an error', () => {
    expect(pickVersion('a:b', ['0.2.0', '0.3.0'], undefined)).toEqual({
      problem: 'ambiguous',
      reason: 'package `a:b` is present in several versions (0.2.0, 0.3.0): say which one, e.g. `a:b@0.2.0`',
    });
  });

  it('a versioned reference names that version, else the highest on its semver-compatible track', () => {
    expect(pickVersion('wasi:cli', ['0.2.12', '0.2.3'], '0.2.3')).toEqual({ version: '0.2.3' });
    expect(pickVersion('wasi:cli', ['0.2.12', '0.2.9', '0.3.0'], '0.2.3')).toEqual({ version: '0.2.12' });
    expect(pickVersion('a:b', ['1.0.0', '1.4.2', '2.0.0'], '1.1.0')).toEqual({ version: '1.4.2' });
  });

  it('another track, or a pre-release that is not exact, does not match', () => {
    expect(pickVersion('a:b', ['0.3.0'], '0.2.3')).toEqual({ problem: 'version', reason: 'package `a:b@0.2.3` is not available (present: 0.3.0)' });
    expect(pickVersion('a:b', ['2.0.0'], '1.0.0')).toMatchObject({ reason: expect.stringContaining('not available') });
    expect(pickVersion('a:b', ['1.0.0-rc.2'], '1.0.0-rc.1')).toMatchObject({ reason: expect.stringContaining('not available') });
    expect(pickVersion('a:b', [], '1.0.0')).toEqual({ problem: 'missing', reason: 'no package `a:b` is available' });
  });
});

describe('WitResolver', () => {
  it('follows `use` chains and keeps inline interfaces apart from package interfaces of the same name', () => {
    const file = witFile(
      'a.wit',
      [
        'package a:b;',
        'interface api { type id = u32; }',
        'interface other { use api.{id as key}; }',
        'world w {',
        '    export api: interface { type id = string; f: func(x: id); }',
        '}',
      ].join('\n'),
    );
    const resolver = new WitResolver([file]);
    const other = file.doc.items.find((d) => d.name === 'other')!;
    const key = resolver.lookupType('key', { file, owner: other, package: 'a:b' });
    expect(isResolved(key) && file.text.slice(key.decl.range.start, key.decl.range.end)).toBe('type id = u32;');
    const f = file.doc.items.find((d) => d.name === 'f')!;
    const inline = resolver.lookupType('id', siteOf(file, f));
    expect(isResolved(inline) && file.text.slice(inline.decl.range.start, inline.decl.range.end)).toBe('type id = string;');
    expect(parseWorld(file.text).interfaces[0]!.functions[0]!.params[0]!.type).toEqual({ kind: 'string', name: 'id' });
  });

  it('says why a path does not resolve', () => {
    const file = witFile('a.wit', 'package a:b;\nworld w { import nope; import c:d/e; }');
    const resolver = new WitResolver([file]);
    const [nope, cde] = file.doc.items.filter((d) => d.kind === 'import');
    expect(resolver.lookupPath(nope!.path!, siteOf(file, nope!))).toEqual({ reason: 'no interface `nope` in package `a:b`' });
    expect(resolver.lookupPath(cde!.path!, siteOf(file, cde!))).toEqual({ problem: 'missing', reason: 'no package `c:d` is available' });
  });
});

describe('pathProblems', () => {
  it('marks an unversioned reference to a package present in several versions as an error, an absent one as a warning', () => {
    const v1 = witFile('v1.wit', 'package x:y@1.0.0;\ninterface i {}\n');
    const v2 = witFile('v2.wit', 'package x:y@2.0.0;\ninterface i {}\n');
    const file = witFile('w.wit', 'package a:b;\nworld w {\n    import x:y/i;\n    import x:y/i@2.1.0;\n    import x:y/i@3.0.0;\n    import q:r/s;\n}\n');
    const problems = pathProblems(new WitResolver([file, v1, v2]), file);
    expect(problems.map((p) => [p.line, p.column, p.severity, file.text.slice(p.start, p.end)])).toEqual([
      [3, 12, 'error', 'x:y/i'],
      [5, 12, 'warning', 'x:y/i@3.0.0'],
      [6, 12, 'warning', 'q:r/s'],
    ]);
    expect(problems[0]!.message).toBe('package `x:y` is present in several versions (1.0.0, 2.0.0): say which one, e.g. `x:y@1.0.0`');
  });
});

describe('type names that name nothing', () => {
  it('are marked where they are typed, and only there', () => {
    const file = witFile('w.wit', 'package a:b;\ninterface api {\n    record point { x: s32 }\n    f: func(p: point, names: list<strin>) -> option<pointt>;\n}\n');
    const problems = pathProblems(new WitResolver([file]), file);
    expect(problems.map((p) => [p.line, p.column, p.severity, file.text.slice(p.start, p.end), p.message])).toEqual([
      [4, 35, 'error', 'strin', 'type `strin` is not defined in `api`'],
      [4, 53, 'error', 'pointt', 'type `pointt` is not defined in `api`'],
    ]);
  });

  it('none in the vendored WASI WIT, which uses types across interfaces and packages', () => {
    const root = join(import.meta.dirname, '../../wit/wasi');
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.wit'))
      .map((f) => witFile(f, readFileSync(join(root, f), 'utf8')));
    expect(files.length).toBe(7);
    const resolver = new WitResolver(files);
    expect(files.flatMap((f) => pathProblems(resolver, f).map((p) => `${f.uri}:${p.line}: ${p.message}`))).toEqual([]);
  });
});

describe('a folder is one package', () => {
  it('a file with no package line belongs to the package its folder declares, as wit-parser reads wit/', () => {
    const world = witFile('wit/world.wit', 'package studio:greeter;\n\nworld greeter {\n  use names.{person-name};\n  export greet: func(name: person-name) -> string;\n}\n');
    const names = witFile('wit/names.wit', 'interface names {\n  type person-name = string;\n  use other.{id};\n}\n');
    const other = witFile('wit/other.wit', 'interface other {\n  type id = u32;\n}\n');
    const elsewhere = witFile('vendor/x.wit', 'interface names {\n  type person-name = u8;\n}\n');
    const resolver = new WitResolver([world, names, other, elsewhere]);
    const use = world.doc.uses[0]!;
    const found = resolver.lookupPath(use.path, siteOf(world, use));
    expect(isResolved(found) && found.file).toBe(names);
    // And from the file without a package line, to a sibling.
    const inner = names.doc.uses[0]!;
    const sibling = resolver.lookupPath(inner.path, siteOf(names, inner));
    expect(isResolved(sibling) && sibling.file).toBe(other);
    expect([world, names, other].flatMap((f) => pathProblems(resolver, f))).toEqual([]);
  });
});
