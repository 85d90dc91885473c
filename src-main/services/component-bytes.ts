import { componentNew, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { StudioError } from '../../src-shared/protocol/envelope';
import { jcoTrapped, readingComponent } from '../host/jco-errors';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';

/**
 * Any .wasm a user hands the studio: a component is used as is, a wasip1 core module is adapted
 * with the preview1 command adapter (and says so), anything else is refused naming what it is.
 */
export async function componentBytes(bytes: Uint8Array, name: string, maxWasmMiB: number = DEFAULT_LIMITS.maxWasmMiB): Promise<{ bytes: Uint8Array; adapted: boolean }> {
  const tooLarge = wasmTooLarge(bytes.length, maxWasmMiB, name);
  if (tooLarge) throw new StudioError('too-large', tooLarge);
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) {
    const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new StudioError('not-wasm', `${name} is not WebAssembly (it starts with ${head || 'nothing: the file is empty'})`);
  }
  const layer = bytes[6]! | (bytes[7]! << 8);
  const version = bytes[4]! | (bytes[5]! << 8);
  if (layer === 1) return { bytes, adapted: false };
  if (layer !== 0 || version !== 1) throw new StudioError('not-wasm', `${name} is WebAssembly of an unknown version (${version}, layer ${layer})`);
  if (jcoTrapped()) {
    throw new StudioError('not-adaptable', `${name} is a core module, and jco's adapter crashed on an earlier file in this process, so it cannot adapt another until the studio is restarted`);
  }
  try {
    const adapter = readFileSync(preview1AdapterCommandPath());
    return { bytes: await readingComponent(() => componentNew(bytes, [['wasi_snapshot_preview1', adapter]])), adapted: true };
  } catch (err) {
    const why = (err as Error).message.replace(/^not a valid component: /, '');
    throw new StudioError('not-adaptable', `${name} is a core module that could not be adapted to a component (is it a wasip1 command?): ${why}`);
  }
}
