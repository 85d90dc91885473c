import { parse as parseWat } from '@bytecodealliance/jco';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../src-shared/protocol/envelope';
import { RunnerPool } from '../host/engine/runner-pool';
import { createStudio } from './studio';

// "Open .wasm…" through the service, with the real runner process (built by `npm run build`).
const runners = new RunnerPool();
const dir = mkdtempSync(join(tmpdir(), 'open-wasm-'));
afterAll(() => {
  runners.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function studio(limits?: object) {
  const p = mkdtempSync(join(dir, 'p-'));
  mkdirSync(join(p, 'src'));
  writeFileSync(join(p, 'src/main.wat'), '(component)');
  writeFileSync(join(p, 'studio.json'), JSON.stringify({ name: 'open', language: 'wat', ...(limits ? { limits } : {}) }));
  return createStudio(p, () => {}, { runners });
}

const refusal = async (work: Promise<unknown>) => {
  const err = await work.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  const { code, message } = err as StudioError;
  expect(message).not.toContain('\n');
  expect(message).not.toMatch(/panicked at|backtrace|Caused by/);
  return { code, message };
};

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00];

describe('component.open', () => {
  it('refuses malformed components in one line naming the file, and still opens a good one after', async () => {
    const s = studio();
    const open = (name: string, bytes: Uint8Array) => s.handlers['component.open']({ name, bytes });
    const good = await parseWat('(component (core module $m (func (export "f"))) (core instance (instantiate $m)))');
    expect(await refusal(open('garbage.wasm', new Uint8Array([...HEADER, 0x82, 0x45, 0xce, 0xbf, 0x61, 0x91])))).toEqual({
      code: 'invalid-component',
      message: 'garbage.wasm is not a valid component: malformed section id (at offset 0x8)',
    });
    expect((await refusal(open('cut.wasm', good.subarray(0, good.length - 5)))).message).toMatch(/^cut\.wasm is not a valid component: unexpected end-of-file/);
    expect((await refusal(open('empty.wasm', new Uint8Array()))).code).toBe('not-wasm');
    // The runner that read them still works: the good component opens and describes.
    expect(await open('good.wasm', good)).toMatchObject({ name: 'good.wasm', adapted: false });
    expect((await s.handlers['component.describe']({})).coreModules).toHaveLength(1);
    s.dispose();
  });

  it("refuses a .wasm over the project's limits.maxWasmMiB before reading it", async () => {
    const s = studio({ maxWasmMiB: 1 });
    const big = new Uint8Array(1024 * 1024 + 1);
    big.set(HEADER);
    expect(await refusal(s.handlers['component.open']({ name: 'big.wasm', bytes: big }))).toEqual({
      code: 'too-large',
      message: 'big.wasm is 1.0 MiB (1048577 bytes), over the 1 MiB limit on a .wasm (raise it with limits.maxWasmMiB in studio.json or --max-wasm on the command line)',
    });
    s.dispose();
  });

  it('turns a panic of jco\'s adapter into one line, and says so plainly when the adapter cannot be used again', async () => {
    const s = studio();
    const open = (name: string, bytes: Uint8Array) => s.handlers['component.open']({ name, bytes });
    // Made before the panic: jco's parse lives in the same wasm-tools instance the panic leaves unusable.
    const core = await parseWat('(module (import "wasi_snapshot_preview1" "proc_exit" (func (param i32))) (memory (export "memory") 1) (func (export "_start")))');
    const panics = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x05, 0x00, 0x00, 0x00, 0x00]);
    expect((await refusal(open('panic.wasm', panics))).message).toBe(
      'panic.wasm is a core module that could not be adapted to a component (is it a wasip1 command?): jco crashed reading it (range end index 15 out of range for slice of length 14)',
    );
    expect((await refusal(open('next.wasm', core))).message).toMatch(/^next\.wasm is a core module, and jco's adapter crashed on an earlier file in this process/);
    s.dispose();
  });
});
