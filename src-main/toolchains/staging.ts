import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh folder for one build's files, below one root per process. jco's tools (its WIT reader,
 * componentEmbed) are components that reach the disk through preview2-shim's process-wide
 * filesystem, which has no preopens since 0.26, and wasi-libc reads the preopens once per instance:
 * so the root is preopened once, before any of them runs, and every toolchain stages below it.
 */
let stagingRoot: string | null = null;
export async function stagingFolder(prefix: string): Promise<string> {
  if (!stagingRoot) {
    const root = mkdtempSync(join(tmpdir(), 'component-studio-build-'));
    // The types resolve to the browser build; in Node this is the Node filesystem's (virtualPath, hostPath).
    const fs = (await import('@bytecodealliance/preview2-shim/filesystem')) as unknown as { _addPreopen(virtualPath: string, hostPath: string): void };
    fs._addPreopen(root, root);
    stagingRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return mkdtempSync(join(stagingRoot, prefix));
}
