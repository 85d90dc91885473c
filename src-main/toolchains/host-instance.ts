import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A component transpiled by jco into a temporary folder and instantiated in this process, with a
 * WASI that grants nothing plus the host imports given: for tests that check what a host
 * received from a guest, not only what the guest reports.
 */
export async function instantiateWithHost<T>(component: Uint8Array, name: string, imports: Record<string, unknown>): Promise<{ exports: T; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), `studio-${name}-`));
  try {
    const { transpile } = await import('@bytecodealliance/jco');
    const { files } = await transpile(component, { name, instantiation: 'async', noTypescript: true, quiet: true });
    for (const [file, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), bytes);
    }
    const { WASIShim } = await import('@bytecodealliance/preview2-shim/instantiation');
    const wasi = new WASIShim({ sandbox: { env: {}, args: [], preopens: {}, enableNetwork: false } } as never).getImportObject();
    const glue = await import(/* @vite-ignore */ join(dir, `${name}.js`));
    const exports = (await glue.instantiate((file: string) => WebAssembly.compile(readFileSync(join(dir, file))), { ...wasi, ...imports })) as T;
    return { exports, remove: () => rmSync(dir, { recursive: true, force: true }) };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
