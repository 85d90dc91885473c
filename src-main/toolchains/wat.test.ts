import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { samplesDir } from '../paths';
import { buildWat, parseDiagnostic } from './wat';

const isComponent = (b: Uint8Array) => b[4] === 0x0d && b[6] === 1;

describe('WAT toolchain', () => {
  it('adapts the hello-wat core module to a command component, with parse and adapt steps', async () => {
    const text = readFileSync(join(samplesDir(), 'hello-wat/src/main.wat'), 'utf8');
    const out = await buildWat({ 'src/main.wat': text });
    expect(out.ok).toBe(true);
    expect(isComponent(out.component!)).toBe(true);
    expect(out.steps.map((s) => s.name)).toEqual(['parse', 'adapt (preview1 → component)']);
  });

  it('uses a component written in text as it is', async () => {
    const out = await buildWat({ 'src/main.wat': '(component (core module (func)))' });
    expect(out.ok).toBe(true);
    expect(out.steps.map((s) => s.name)).toEqual(['parse']);
    expect(isComponent(out.component!)).toBe(true);
  });

  it('places a parse error at its one-based line and column', async () => {
    const out = await buildWat({ 'src/main.wat': '(module\n  (func (result i32)\n    i32.const 1\n    i32.bogus))\n' });
    expect(out.ok).toBe(false);
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ file: 'src/main.wat', line: 4, column: 5, severity: 'error', source: 'wasm-tools' });
    expect(out.diagnostics[0]!.message).toMatch(/unknown operator or unexpected token.*i32\.bogus/);
  });

  it('reads the wasm-tools debug form and the display form of an error', () => {
    const dbg = 'Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 1, col: 8, snippet: "  (func oops))" }), file: None, span: Span { offset: 51 }, kind: Custom("unknown operator or unexpected token") } }) }';
    expect(parseDiagnostic('a.wat', dbg)).toMatchObject({ line: 2, column: 9, message: 'unknown operator or unexpected token (at `(func oops))`)' });
    expect(parseDiagnostic('a.wat', 'expected `)`\n     --> <anon>:3:7\n')).toMatchObject({ line: 3, column: 7, message: 'expected `)`' });
  });

  it('says what is wrong with a module that is not a command', async () => {
    const out = await buildWat({ 'src/main.wat': '(module (import "env" "f" (func)))' });
    expect(out.ok).toBe(false);
    expect(out.diagnostics[0]!.message).toMatch(/not a valid wasip1 command module/);
  });

  it('explains empty and missing sources', async () => {
    expect((await buildWat({ 'src/main.wat': '  \n' })).diagnostics[0]!.message).toMatch(/src\/main\.wat is empty/);
    expect((await buildWat({})).diagnostics[0]!.message).toMatch(/add src\/main\.wat/);
  });
});
