import type { ImportObject } from '../capabilities/imports';
import type { LeavesMount, MountGrant, VerifyOpened } from '../capabilities/mounts';
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
}

/** A folder's files as the browser shim's in-memory filesystem takes them. */
export interface FileTree {
  dir?: Record<string, FileTree>;
  source?: Uint8Array;
  symlink?: string;
}

/**
 * One contract, two implementations (src-main/host/shim.ts and src-renderer/engine/shim.ts),
 * as preview2-shim has one per environment: the base WASI imports of a single run, with no
 * host state leaking in. Policy and tracing are applied over it by src-shared.
 */
export interface EngineShim {
  baseImports(io: RunIo): ImportObject;
  /** Checks what an open actually reached, where the engine's filesystem is the host's. */
  verifyOpened: VerifyOpened | null;
  /** Tells the shim's refusal of a symlink out of a mount from a host error, where the filesystem is the host's. */
  leavesMount?: LeavesMount | null;
}
