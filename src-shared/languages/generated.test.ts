import { describe, expect, it } from 'vitest';
import { isGeneratedFile } from './generated';

describe('generated project files', () => {
  it('are the bindings of a C/C++ world and the declarations of a TypeScript world, nothing else', () => {
    expect(isGeneratedFile({ language: 'c', world: 'calc' }, 'bindings/calc.h')).toBe(true);
    expect(isGeneratedFile({ language: 'cpp', world: 'calc' }, 'bindings/calc.c')).toBe(true);
    // A C command has no world: a bindings/ folder there is the user's own.
    expect(isGeneratedFile({ language: 'c' }, 'bindings/calc.h')).toBe(false);
    expect(isGeneratedFile({ language: 'c', world: 'calc' }, 'src/bindings/calc.h')).toBe(false);
    expect(isGeneratedFile({ language: 'ts', world: 'hello' }, 'types/hello.d.ts')).toBe(true);
    expect(isGeneratedFile({ language: 'js', world: 'hello' }, 'types/hello.d.ts')).toBe(false);
    expect(isGeneratedFile(null, 'bindings/calc.h')).toBe(false);
  });

  it('in a composition, are those of any member, not only the root', () => {
    const project = { language: 'js' as const, world: 'lib', components: [{ language: 'js' as const, world: 'lib' }, { language: 'c' as const, world: 'app' }, { wasm: 'x.wasm' }] };
    expect(isGeneratedFile(project, 'bindings/app.h')).toBe(true);
    expect(isGeneratedFile(project, 'types/lib.d.ts')).toBe(false);
    expect(isGeneratedFile({ ...project, components: [{ language: 'js' as const, world: 'lib' }] }, 'bindings/app.h')).toBe(false);
  });
});
