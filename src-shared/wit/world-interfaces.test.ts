import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { witFile, WitResolver } from './resolver';
import { findWorld, interfaceIn, worldInterfaces } from './world-interfaces';

const wasi = (pkg: string) => witFile(`wit/deps/${pkg}/package.wit`, readFileSync(new URL(`../../wit/wasi/${pkg}/package.wit`, import.meta.url), 'utf8'));
const vendored = ['cli', 'clocks', 'filesystem', 'io', 'random', 'sockets'].map(wasi);

function world(project: string, name: string) {
  const roots = [witFile('wit/world.wit', project)];
  const resolver = new WitResolver([...roots, ...vendored]);
  const found = findWorld(resolver, roots, name);
  if ('reason' in found) throw new Error(found.reason);
  return worldInterfaces(resolver, found);
}

describe('worldInterfaces: what a world imports and exports, includes followed', () => {
  it('reads wasi:cli/command from the vendored WIT by its qualified name: it exports wasi:cli/run and imports stdout, stderr, exit', () => {
    const w = world('package studio:empty;\n', 'wasi:cli/command@0.2.12');
    expect(w.exports).toEqual(['wasi:cli/run@0.2.12']);
    expect(w.imports).toEqual(expect.arrayContaining(['wasi:cli/stdout@0.2.12', 'wasi:cli/stderr@0.2.12', 'wasi:cli/exit@0.2.12', 'wasi:sockets/tcp@0.2.12']));
    expect(w.unresolved).toEqual([]);
  });

  it('a project world that includes the command world is a command too; an older version names the vendored one on its track', () => {
    const w = world('package my:app;\ninterface log { note: func(s: string); }\nworld app {\n  include wasi:cli/command@0.2.3;\n  import log;\n  export greet: func() -> string;\n}\n', 'app');
    expect(interfaceIn(w.exports, 'wasi:cli/run')).toBe('wasi:cli/run@0.2.12');
    expect(w.imports).toContain('my:app/log');
  });

  it('a library world exports no wasi:cli/run; a missing package is reported, not guessed', () => {
    const w = world('package my:lib;\nworld lib {\n  import other:pkg/api;\n  export greet: func(name: string) -> string;\n}\n', 'lib');
    expect(interfaceIn(w.exports, 'wasi:cli/run')).toBeUndefined();
    expect(w.unresolved).toEqual([expect.stringContaining('other:pkg/api')]);
  });

  it('findWorld: a short name is looked up in the project files only, a qualified one anywhere', () => {
    const roots = [witFile('wit/world.wit', 'package my:app;\nworld app {}\n')];
    const resolver = new WitResolver([...roots, ...vendored]);
    expect(findWorld(resolver, roots, 'command')).toEqual({ reason: 'no world "command" in wit/' });
    expect('decl' in findWorld(resolver, roots, 'wasi:cli/command')).toBe(true);
    expect(findWorld(resolver, roots, 'wasi:cli/nope@0.2.12')).toEqual({ reason: expect.stringContaining('has no world `nope`') });
  });
});
