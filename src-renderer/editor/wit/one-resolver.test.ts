import { describe, expect, it } from 'vitest';
import { parseWorld } from '../../../src-shared/wit/parse-world';
import { witFile, type WitFile } from '../../../src-shared/wit/resolver';
import { definitionAt, hoverAt } from './analysis';

// Two versions of one package whose `point` differ, so which one was picked shows in the result.
const v1 = witFile('deps/v1.wit', 'package x:y@1.0.0;\ninterface types {\n    /// version one\n    record point { a: u8 }\n}\n');
const v2 = witFile('deps/v2.wit', 'package x:y@2.0.0;\ninterface types {\n    /// version two\n    record point { b: string }\n}\n');

function world(use: string): WitFile {
  return witFile('wit/world.wit', `package my:app;\nworld w {\n    use ${use}.{point};\n    export f: func(p: point);\n}\n`);
}

/** What the editor (F12, hover) and the call forms (parseWorld) make of `point` in `file`. */
function bothReaders(file: WitFile) {
  const at = file.text.indexOf('p: point') + 4;
  const def = definitionAt(file, at, { files: [v1, v2] });
  const hover = hoverAt(file, at, { files: [v1, v2] });
  const param = parseWorld(file.text, { deps: [v1.text, v2.text] }).functions[0]!.params[0]!.type;
  return { editor: def?.uri, hover: hover?.contents, callForm: param };
}

describe('the editor and the call forms resolve a path to the same package', () => {
  it('an exact version', () => {
    const r = bothReaders(world('x:y/types@2.0.0'));
    expect(r.editor).toBe('deps/v2.wit');
    expect(r.hover).toContain('version two');
    expect(r.callForm).toEqual({ kind: 'record', name: 'point', fields: [{ name: 'b', type: { kind: 'string' } }] });
  });

  it('a compatible version on the same track', () => {
    const r = bothReaders(world('x:y/types@1.3.0'));
    expect(r.editor).toBe('deps/v1.wit');
    expect(r.hover).toContain('version one');
    expect(r.callForm).toEqual({ kind: 'record', name: 'point', fields: [{ name: 'a', type: { kind: 'u8' } }] });
  });

  it('an unversioned path with two versions present: neither reader picks one', () => {
    const r = bothReaders(world('x:y/types'));
    expect(r.editor).toBeUndefined();
    expect(r.hover).toBeUndefined();
    expect(r.callForm).toMatchObject({ kind: 'unsupported', what: 'unresolved', name: 'point' });
    expect((r.callForm as { reason: string }).reason).toContain('package `x:y` is present in several versions (1.0.0, 2.0.0)');
  });

  it('an unversioned path with one version present: both take it', () => {
    const file = world('x:y/types');
    const def = definitionAt(file, file.text.indexOf('p: point') + 4, { files: [v2] });
    expect(def?.uri).toBe('deps/v2.wit');
    expect(parseWorld(file.text, { deps: [v2.text] }).functions[0]!.params[0]!.type).toMatchObject({ kind: 'record', name: 'point' });
  });

  it('a version on no track present resolves in neither', () => {
    const r = bothReaders(world('x:y/types@3.0.0'));
    expect(r.editor).toBeUndefined();
    expect((r.callForm as { reason: string }).reason).toContain('package `x:y@3.0.0` is not available (present: 1.0.0, 2.0.0)');
  });
});

