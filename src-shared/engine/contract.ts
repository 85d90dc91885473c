import type { ImportObject } from '../capabilities/imports';
import type { MountGrant, RealFolder } from '../capabilities/mounts';
import type { HttpStreams } from './http-handler';
import type { StreamName } from './output';

/** What a run gives its engine's shim: where output goes and what stdin holds. */
export interface RunIo {
  write(stream: StreamName, bytes: Uint8Array): void;
  stdin: Uint8Array | null;
  /** Folders to preopen, and in the browser the snapshot of each, by guest path. */
  mounts: MountGrant[];
  snapshots: Record<string, FileTree>;
  /** Which of the shim's network the grants ask for: off unless granted (the allow-lists are checked in src-shared). */
  network: { sockets: boolean; http: boolean };
  /** Registers what to release when the run ends, however it ends (the Node filesystem's open fds). */
  atEnd(release: () => void): void;
}

/** A folder's files as the browser shim's in-memory filesystem takes them. */
export interface FileTree {
  dir?: Record<string, FileTree>;
  source?: Uint8Array;
  symlink?: string;
}

/**
 * One contract, two implementations (src-main/host/engine/shim.ts and src-renderer/engine/shim.ts),
 * as preview2-shim has one per environment: the base WASI imports of a single run, with no
 * host state leaking in. Policy and tracing are applied over it by src-shared.
 */
export interface EngineShim {
  baseImports(io: RunIo): ImportObject;
  /** Where a directory descriptor really sits below its mount's root, by the engine's own filesystem. */
  realFolder: RealFolder;
  /** The shim's own stream and pollable classes, for the resources of an HTTP request (http-handler.ts). */
  httpStreams: HttpStreams;
  /** Whether the engine's filesystem says not-permitted only to refuse a path out of a mount. */
  notPermittedIsRefusal?: boolean;
}
