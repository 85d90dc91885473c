import { capModules, mibToPages } from './memory-limit';
import { roundMs } from '../timing/phases';

/** One core module's compile, for the timing panel. */
export interface ModuleCompile {
  name: string;
  bytes: number;
  ms: number;
}

/** Compiles a component's core modules with their memories and tables capped together, timing each one; the same in both engines. */
export async function compileCapped<M>(
  modules: Record<string, Uint8Array>,
  maxMemoryMiB: number,
  now: () => number,
  compile: (bytes: Uint8Array) => M | Promise<M>,
): Promise<{ modules: Record<string, M>; each: ModuleCompile[]; ms: number }> {
  const t0 = now();
  const capped = capModules(modules, mibToPages(maxMemoryMiB));
  const out: Record<string, M> = {};
  const each: ModuleCompile[] = [];
  for (const [name, bytes] of Object.entries(modules)) {
    const t = now();
    out[name] = await compile(capped[name]!.bytes);
    each.push({ name, bytes: bytes.length, ms: roundMs(now() - t) });
  }
  return { modules: out, each, ms: now() - t0 };
}
