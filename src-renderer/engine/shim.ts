import * as wasi from '@bytecodealliance/preview2-shim';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import type { ImportObject } from '../../src-shared/capabilities/imports';
import type { EngineShim, RunIo } from '../../src-shared/engine/contract';

type BrowserFs = { InMemoryFilesystemAdapter: new () => object };
type BrowserCli = {
  createCli(config: {
    stdout: object;
    stderr: object;
    stdin: object;
    environment: Record<string, string>;
    arguments: string[];
  }): object;
};
const { cli, filesystem, http } = wasi as unknown as { cli: BrowserCli; filesystem: BrowserFs; http: { outgoingHandler: object } };

/**
 * The browser shim's outgoing HTTP is fetch, which follows redirects by default: a listed origin
 * could send the guest on to an unlisted one. WASI HTTP hands redirects to the guest, so fetch is
 * told to fail on one instead ('manual' would hide the status and Location behind an opaque response).
 */
let fetchGuarded = false;
function guardFetchRedirects() {
  if (fetchGuarded) return;
  const real = globalThis.fetch.bind(globalThis);
  globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => real(input, { ...init, redirect: 'error' });
  fetchGuarded = true;
}

/**
 * The browser engine's base imports: the browser shim with per-run streams and an empty
 * in-memory filesystem. Mirrors src-main/host/shim.ts; policy and tracing come from src-shared.
 */
export const browserShim: EngineShim = {
  baseImports(io: RunIo): ImportObject {
    let offset = 0;
    const take = (len: bigint) => {
      if (!io.stdin || offset >= io.stdin.length) throw { tag: 'closed' };
      const chunk = io.stdin.subarray(offset, offset + Number(len));
      offset += chunk.length;
      return chunk;
    };
    const sink = (stream: 'stdout' | 'stderr') => ({
      checkWrite: () => 1n << 20n,
      write: (bytes: Uint8Array) => io.write(stream, bytes),
      blockingWriteAndFlush: (bytes: Uint8Array) => io.write(stream, bytes),
      flush() {},
      blockingFlush() {},
    });
    const c = cli.createCli({
      stdout: sink('stdout'),
      stderr: sink('stderr'),
      stdin: { read: take, blockingRead: take },
      environment: {},
      arguments: [],
    });
    // Each mount is the host folder's snapshot in this run's own in-memory filesystem.
    const preopens = Object.fromEntries(io.mounts.map((m) => [m.guest, io.snapshots[m.guest] ?? { dir: {} }]));
    const shim = new WASIShim({
      cli: c,
      browserFilesystem: { adapter: new filesystem.InMemoryFilesystemAdapter(), preopens },
      sandbox: { env: {}, args: [], enableNetwork: false },
    } as never);
    const base = shim.getImportObject() as unknown as ImportObject;
    // enableNetwork: false replaced the handler with a bare-string throw (a trap); a granted
    // allow-list gets fetch back, checked by src-shared. The browser shim has no sockets either way.
    if (io.network.http) {
      guardFetchRedirects();
      base['wasi:http/outgoing-handler'] = http.outgoingHandler as ImportObject[string];
    }
    return base;
  },
  verifyOpened: null,
};
