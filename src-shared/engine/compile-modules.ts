import { capMemory, mibToPages } from './memory-limit';
import { roundMs } from '../timing/phases';

/** One core module's compile, for the timing panel. */
export interface ModuleCompile {
  name: string;
  bytes: number;
  ms: number;
}

/** Both engines have the WebAssembly global; src-shared is compiled without DOM or Node types. */
const wasm = (globalThis as unknown as { WebAssembly: { compile(bytes: Uint8Array): Promise<unknown> } }).WebAssembly;

/** Compiles a component's core modules with their memory capped, timing each one; the same in both engines. */
export async function compileCapped<M = unknown>(
  modules: Record<string, Uint8Array>,
  maxMemoryMiB: number,
  now: () => number,
): Promise<{ modules: Record<string, M>; each: ModuleCompile[]; ms: number }> {
  const pages = mibToPages(maxMemoryMiB);
  const out: Record<string, M> = {};
  const each: ModuleCompile[] = [];
  const t0 = now();
  for (const [name, bytes] of Object.entries(modules)) {
    const t = now();
    out[name] = (await wasm.compile(capMemory(bytes, pages).bytes)) as M;
    each.push({ name, bytes: bytes.length, ms: roundMs(now() - t) });
  }
  return { modules: out, each, ms: now() - t0 };
}
