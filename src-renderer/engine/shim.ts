import * as wasi from '@bytecodealliance/preview2-shim';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import type { ImportObject } from '../../src-shared/capabilities/imports';
import type { EngineShim, RunIo } from '../../src-shared/engine/contract';
import { inMemoryRealFolder } from './in-memory-real-folder';

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
type BrowserIo = {
  inputStreamCreate(handler: object): object;
  outputStreamCreate(handler: object): object;
  pollableCreate(): object;
};
const { cli, filesystem, io } = wasi as unknown as { cli: BrowserCli; filesystem: BrowserFs; io: BrowserIo };

/**
 * Why a listed origin still gets no response here. The browser shim's outgoing HTTP is fetch, whose
 * pollables are Promises: a guest can wait on them only through a JSPI transpile, which this engine
 * does not use (measured: the guest's poll gets a Promise and the guest aborts). preview2-shim 0.26.1
 * has no synchronous XMLHttpRequest path; one written here would work in a Web Worker (measured in
 * Chromium 156: status 200, also under COEP) but the studio page's CSP, which its run workers
 * inherit, has connect-src 'self' and stops it before it leaves (NetworkError, no connection).
 * An error the guest can read beats a crash; the policy's own refusals (unlisted origins) come first.
 */
export const BROWSER_HTTP_UNSUPPORTED = "no JSPI to wait for fetch, and the page's CSP allows connect-src 'self' only: use the Node engine for outgoing HTTP";


/**
 * The browser engine's base imports: the browser shim with per-run streams and an empty
 * in-memory filesystem. Mirrors src-main/host/engine/shim.ts; policy and tracing come from src-shared.
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
    // Each mount is the host folder's snapshot in this run's own in-memory filesystem. The shim takes
    // preopens (and snapshots come) by guest path: two mounts at one would mix their settings.
    const guests = io.mounts.map((m) => m.guest);
    if (new Set(guests).size !== guests.length) throw new Error('two mounts share a guest path; the browser engine cannot tell them apart');
    const preopens = Object.fromEntries(io.mounts.map((m) => [m.guest, io.snapshots[m.guest] ?? { dir: {} }]));
    const shim = new WASIShim({
      cli: c,
      browserFilesystem: { adapter: new filesystem.InMemoryFilesystemAdapter(), preopens },
      sandbox: { env: {}, args: [], enableNetwork: false },
    } as never);
    const base = shim.getImportObject() as unknown as ImportObject;
    // The shim lists an object's keys, and JavaScript puts integer-like keys ("2024") first: put the
    // preopens back in mount order, which the mount guard pairs them by.
    const offered = base['wasi:filesystem/preopens'] as { getDirectories(): [object, string][] };
    const order = new Map(guests.map((g, i) => [g, i]));
    base['wasi:filesystem/preopens'] = { getDirectories: () => [...offered.getDirectories()].sort((a, b) => order.get(a[1])! - order.get(b[1])!) };
    // enableNetwork: false made the shim's handler throw a bare string (a trap). The browser shim has no sockets either way.
    if (io.network.http) {
      base['wasi:http/outgoing-handler'] = {
        handle: () => {
          throw { tag: 'internal-error', val: BROWSER_HTTP_UNSUPPORTED };
        },
      };
    }
    return base;
  },
  realFolder: inMemoryRealFolder,
  notPermittedIsRefusal: true,
  // The shim's streams over plain handlers; a pollable made without a source is ready at once.
  httpStreams: {
    reader: (take) => io.inputStreamCreate({ read: take, blockingRead: take, subscribe: () => io.pollableCreate() }),
    writer: (put) =>
      io.outputStreamCreate({ checkWrite: () => 1n << 20n, write: put, blockingWriteAndFlush: put, flush() {}, blockingFlush() {}, subscribe: () => io.pollableCreate() }),
    ready: () => io.pollableCreate(),
  },
};
