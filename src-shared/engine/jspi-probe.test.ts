import { describe, expect, it } from 'vitest';
import { cheapJspiProbe } from './jspi-probe';

// The shape of jco 1.35's probe, run as the glue runs it, against a WebAssembly with and without JSPI.
const glue = `
let realloc0Async;
try {
  realloc0Async = WebAssembly.promising(exports1.cabi_realloc);
} catch(err) {
  realloc0Async = exports1.cabi_realloc;
}
return realloc0Async;`;
const run = (text: string, wasm: object) => new Function('WebAssembly', 'exports1', text)(wasm, { cabi_realloc: 'raw' }) as unknown;

describe('cheapJspiProbe', () => {
  it('takes the branch the original takes, with JSPI and without', () => {
    // The thrower is appended as a function declaration: hoisted, so the probe above it finds it.
    const patched = cheapJspiProbe(glue);
    expect(patched).not.toMatch(/WebAssembly\.promising\(/);
    const jspi = { promising: (f: string) => `promising(${f})` };
    expect([run(glue, {}), run(patched, {})]).toEqual(['raw', 'raw']);
    expect([run(glue, jspi), run(patched, jspi)]).toEqual(['promising(raw)', 'promising(raw)']);
  });

  it('throws nothing where the fallback is the function itself', () => {
    const patched = cheapJspiProbe(glue);
    expect(patched).not.toContain('__studioNoJspi()');
    let thrown = 0;
    const counting = (text: string) => new Function('WebAssembly', 'exports1', 'count', text.replace('catch(err) {', 'catch(err) { count();'))({}, { cabi_realloc: 'raw' }, () => thrown++) as unknown;
    expect(counting(patched)).toBe('raw');
    expect(thrown).toBe(0);
    expect(counting(glue)).toBe('raw');
    expect(thrown).toBe(1);
  });

  it('keeps a throwing probe where the fallback is something else', () => {
    const other = glue.replace('realloc0Async = exports1.cabi_realloc;', "realloc0Async = 'fallback';");
    const patched = cheapJspiProbe(other);
    expect(patched).toContain('__studioNoJspi(');
    expect(patched).not.toMatch(/WebAssembly\.promising\(/);
    const jspi = { promising: (f: string) => `promising(${f})` };
    expect([run(other, {}), run(patched, {})]).toEqual(['fallback', 'fallback']);
    expect([run(other, jspi), run(patched, jspi)]).toEqual(['promising(raw)', 'promising(raw)']);
  });

  it('leaves glue without the probe as it is', () => {
    expect(cheapJspiProbe('export const x = 1;')).toBe('export const x = 1;');
  });
});
