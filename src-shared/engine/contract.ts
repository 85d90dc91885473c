import type { ImportObject } from '../capabilities/imports';
import type { StreamName } from './output';

/** What a run gives its engine's shim: where output goes and what stdin holds. */
export interface RunIo {
  write(stream: StreamName, bytes: Uint8Array): void;
  stdin: Uint8Array | null;
}

/**
 * One contract, two implementations (src-main/host/shim.ts and src-renderer/engine/shim.ts),
 * as preview2-shim has one per environment: the base WASI imports of a single run, with no
 * host state leaking in. Policy and tracing are applied over it by src-shared.
 */
export interface EngineShim {
  baseImports(io: RunIo): ImportObject;
}
