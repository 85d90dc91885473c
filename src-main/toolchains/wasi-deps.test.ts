import { describe, expect, it } from 'vitest';
import { parseWit } from '../../src-shared/wit/parser';
import { wasiDeps, withoutWorlds } from './wasi-deps';

describe('wasiDeps', () => {
  it('stages what a world exporting wasi:http@0.2.10 needs, at that version, without worlds', () => {
    const staged = wasiDeps({ 'wit/world.wit': 'package local:x;\nworld w { export wasi:http/incoming-handler@0.2.10; }\n' });
    expect(Object.keys(staged).sort()).toEqual(['wit/deps/wasi-clocks/package.wit', 'wit/deps/wasi-http/package.wit', 'wit/deps/wasi-io/package.wit']);
    for (const text of Object.values(staged)) {
      expect(text).not.toMatch(/@0\.2\.(?!10\b)\d+/);
      const items = parseWit(text).items;
      expect(items.some((d) => d.kind === 'world')).toBe(false);
      expect(items.some((d) => d.kind === 'interface')).toBe(true);
    }
    expect(staged['wit/deps/wasi-http/package.wit']).toMatch(/^package wasi:http@0\.2\.10;/);
  });

  it('stages nothing the project supplies itself, and nothing for a world naming no WASI', () => {
    const own = 'package wasi:http@0.2.10;\ninterface types {}\ninterface incoming-handler {}\n';
    const staged = wasiDeps({ 'wit/world.wit': 'package local:x;\nworld w { export wasi:http/incoming-handler@0.2.10; }\n', 'wit/deps/http/http.wit': own });
    expect(Object.keys(staged)).toEqual([]);
    expect(wasiDeps({ 'wit/world.wit': 'package local:x;\nworld w { export greet: func() -> string; }\n' })).toEqual({});
  });
});

describe('withoutWorlds', () => {
  it('drops top-level world blocks, nested braces included, and keeps interfaces', () => {
    const text = 'package a:b;\ninterface i {\n  f: func();\n}\nworld w {\n  import x: interface {\n    g: func();\n  }\n}\ninterface j {}\n';
    expect(withoutWorlds(text)).toBe('package a:b;\ninterface i {\n  f: func();\n}\ninterface j {}\n');
  });
});
