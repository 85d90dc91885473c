import { describe, expect, it } from 'vitest';
import { invalidComponentLine, panicMessage } from './component-error';

// Messages as jco 1.35 throws them for malformed input (measured with the inputs of src-main/cli/malformed.test.ts).
describe('invalidComponentLine', () => {
  it('takes the deepest cause of an anyhow chain', () => {
    expect(invalidComponentLine('failed to extract interface information from component\n\nCaused by:\n    malformed section id (at offset 0x8)')).toBe(
      'not a valid component: malformed section id (at offset 0x8)',
    );
    expect(
      invalidComponentLine('failed to encode a component from module\n$failed to decode world from module\n\nCaused by:\n    0: module was not valid\n    1: invalid leading byte (0x29) for type (at offset 0xc)'),
    ).toBe('not a valid component: invalid leading byte (0x29) for type (at offset 0xc)');
  });

  it("takes the second line of jco's two-line form, and a single line as it is", () => {
    expect(invalidComponentLine('Failed to decode wit component\nunexpected end-of-file (at offset 0x6bd4)')).toBe('not a valid component: unexpected end-of-file (at offset 0x6bd4)');
    expect(invalidComponentLine('unexpected end-of-file (at offset 0xa)')).toBe('not a valid component: unexpected end-of-file (at offset 0xa)');
  });

  it('never returns more than one line', () => {
    for (const m of ['', '\n\n', 'a\nb\nc\nCaused by:\n  0: x\n  1: y\n    at f (file.js:1:1)', 'magic header not detected: bad magic number - expected=[\n    0x0,\n] actual=[\n 0x91,\n]']) {
      expect(invalidComponentLine(m)).not.toContain('\n');
    }
  });

  it('prefers a panic message from stderr over the trap', () => {
    const stderr = "\nthread '<unnamed>' panicked at crates/js-component-bindgen/src/bindgen.rs:1029:49:\nnot implemented\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
    expect(invalidComponentLine('unreachable', stderr)).toBe('not a valid component: jco crashed reading it (not implemented)');
  });
});

describe('panicMessage', () => {
  it("reads both of Rust's panic formats", () => {
    expect(panicMessage("panicked at 'not implemented', crates/js-component-bindgen/src/bindgen.rs:1029:49")).toBe('not implemented');
    expect(panicMessage("thread 'main' panicked at src/lib.rs:3:5:\nindex out of bounds: the len is 0 but the index is 7\nstack backtrace:\n 0: x")).toBe(
      'index out of bounds: the len is 0 but the index is 7',
    );
    expect(panicMessage('warning: something else')).toBeNull();
  });
});
