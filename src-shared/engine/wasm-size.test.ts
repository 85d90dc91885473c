import { describe, expect, it } from 'vitest';
import { wasmTooLarge } from './wasm-size';

describe('wasmTooLarge', () => {
  it('lets a .wasm at the limit through and refuses one byte more, naming the size and the limit', () => {
    expect(wasmTooLarge(64 * 1024 * 1024, 64, 'a.wasm')).toBeNull();
    expect(wasmTooLarge(0, 1, 'a.wasm')).toBeNull();
    const m = wasmTooLarge(64 * 1024 * 1024 + 1, 64, 'a.wasm');
    expect(m).toMatch(/^a\.wasm is 64\.0 MiB \(67108865 bytes\), over the 64 MiB limit on a \.wasm/);
    expect(wasmTooLarge(256 * 1024 * 1024, 64, 'big.wasm')).toMatch(/^big\.wasm is 256 MiB, over the 64 MiB limit/);
  });
});
