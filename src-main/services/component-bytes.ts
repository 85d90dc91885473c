import { readFileSync } from 'node:fs';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { notWasmMessage, wasmHeader } from '../../src-shared/engine/wasm-header';
import { StudioError } from '../../src-shared/protocol/envelope';
import { jcoTrapped, readingComponent } from '../host/jco-errors';
import { jco } from '../jco';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';

/**
 * Any .wasm a user hands the studio: a component is used as is, a wasip1 core module is adapted
 * with the preview1 command adapter (and says so), anything else is refused naming what it is.
 */
export async function componentBytes(bytes: Uint8Array, name: string, maxWasmMiB: number = DEFAULT_LIMITS.maxWasmMiB): Promise<{ bytes: Uint8Array; adapted: boolean }> {
  const tooLarge = wasmTooLarge(bytes.length, maxWasmMiB, name);
  if (tooLarge) throw new StudioError('too-large', tooLarge);
  const header = wasmHeader(bytes);
  if (header.kind === 'component') return { bytes, adapted: false };
  if (header.kind !== 'core') throw new StudioError('not-wasm', notWasmMessage(name, header));
  if (jcoTrapped()) {
    throw new StudioError('not-adaptable', `${name} is a core module, and jco's adapter crashed on an earlier file in this process, so it cannot adapt another until the studio is restarted`);
  }
  try {
    const { componentNew, preview1AdapterCommandPath } = await jco();
    const adapter = readFileSync(preview1AdapterCommandPath());
    return { bytes: await readingComponent(() => componentNew(bytes, [['wasi_snapshot_preview1', adapter]])), adapted: true };
  } catch (err) {
    const why = (err as Error).message.replace(/^not a valid component: /, '');
    throw new StudioError('not-adaptable', `${name} is a core module that could not be adapted to a component (is it a wasip1 command?): ${why}`);
  }
}
