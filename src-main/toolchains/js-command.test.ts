import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commandImports, commandModules, isCommand } from './js-command';

const IMPORTS = { stdout: 'wasi:cli/stdout@0.2.12', stderr: 'wasi:cli/stderr@0.2.12', exit: 'wasi:cli/exit@0.2.12' };

/** Syntax errors of a module, from TypeScript's parser. */
function syntaxErrors(text: string): string[] {
  const sf = ts.createSourceFile('m.js', text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS);
  return (sf as unknown as { parseDiagnostics: ts.Diagnostic[] }).parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the generated command modules', () => {
  it('are valid modules whatever the entry file is called, importing the world\'s own interface versions', () => {
    const modules = commandModules(`src/it's "odd"\n.js`, IMPORTS);
    for (const text of Object.values(modules)) expect(syntaxErrors(text)).toEqual([]);
    expect(Object.keys(modules).sort()).toEqual(['studio-command.js', 'studio-console.js']);
    const entry = modules['studio-command.js']!;
    expect(entry).toContain(`import * as main from ${JSON.stringify(`./src/it's "odd"\n.js`)};`);
    expect(entry).toContain('import { exit } from "wasi:cli/exit@0.2.12";');
    // Never the unstable exit-with-code: a command that does not ask for it runs under wasmtime's defaults.
    expect(Object.values(modules).join('\n')).not.toMatch(/exitWithCode|exit-with-code/);
  });

  it('a world is a command when it exports wasi:cli/run, and must import stdout, stderr and exit', () => {
    const world = { imports: ['wasi:cli/stdout@0.2.3', 'wasi:cli/exit@0.2.3'], exports: ['wasi:cli/run@0.2.3'], unresolved: [] };
    expect(isCommand(world)).toBe(true);
    expect(isCommand({ ...world, exports: ['my:pkg/api'] })).toBe(false);
    expect(commandImports(world)).toEqual({ missing: ['wasi:cli/stderr'] });
    expect(commandImports({ ...world, imports: [...world.imports, 'wasi:cli/stderr@0.2.3'] })).toEqual({ stdout: 'wasi:cli/stdout@0.2.3', stderr: 'wasi:cli/stderr@0.2.3', exit: 'wasi:cli/exit@0.2.3' });
  });
});
