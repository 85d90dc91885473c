// What the anchored Node filesystem costs a run: one C guest doing 2,000 stat/open/read/close
// cycles on a file three folders deep in a mount, run warm in this process with preview2-shim's
// filesystem and with ours (src-main/host/fs), alternately; medians of the guest's run phase.
// A measurement, not a test (nothing asserts a time):
//   npx vitest run bench/anchored-fs.measure.ts --config bench/measure.config.ts
import { commands } from '@yowasp/clang';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { it } from 'vitest';
import { denyAll, resolveGrants } from '../src-shared/capabilities/policy';
import type { EngineShim } from '../src-shared/engine/contract';
import { executeRun } from '../src-shared/engine/execute';
import type { ImportObject } from '../src-shared/capabilities/imports';
import { componentBytes } from '../src-main/services/component-bytes';
import { nodeShim } from '../src-main/host/engine/shim';
import { transpileComponent } from '../src-main/host/engine/transpile';

const C = `#include <stdio.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
int main(void) { char buf[4096]; struct stat st; long total = 0;
  for (int i = 0; i < 2000; i++) {
    if (stat("/data/a/b/c/f.txt", &st)) return 1;
    int fd = open("/data/a/b/c/f.txt", O_RDONLY); if (fd < 0) return 2;
    total += read(fd, buf, sizeof buf); close(fd);
  }
  printf("%ld\\n", total); return 0; }`;

/** preview2-shim's own Node filesystem (a path string per descriptor), everything else as in nodeShim. */
const shimFs: EngineShim = {
  baseImports(io) {
    const base = nodeShim.baseImports(io);
    const fs = new WASIShim({ sandbox: { preopens: Object.fromEntries(io.mounts.map((m) => [m.guest, m.host])), env: {}, args: [] } }).getImportObject() as unknown as ImportObject;
    return { ...base, 'wasi:filesystem/types': fs['wasi:filesystem/types']!, 'wasi:filesystem/preopens': fs['wasi:filesystem/preopens']! };
  },
  realFolder: () => '', // the guest makes no links
  httpStreams: nodeShim.httpStreams,
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

it('measures', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'anchored-fs-'));
  mkdirSync(join(dir, 'data/a/b/c'), { recursive: true });
  writeFileSync(join(dir, 'data/a/b/c/f.txt'), 'x'.repeat(4096));
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': C }, { stderr: () => {} })) as Record<string, Uint8Array>;
  const { bytes } = await componentBytes(out['p.wasm']!, 'p.wasm');
  const t = await transpileComponent(bytes, 'p', 64);
  writeFileSync(join(dir, 'p.mjs'), t.glue);
  const glue = await import(/* @vite-ignore */ pathToFileURL(join(dir, 'p.mjs')).href);
  const modules = Object.fromEntries(Object.entries(t.modules).map(([k, v]) => [k, new WebAssembly.Module(v as Uint8Array<ArrayBuffer>)]));
  const policy = { ...denyAll(), mounts: [{ host: join(dir, 'data'), guest: '/data', mode: 'ro' as const }] };
  const run = async (shim: EngineShim) => {
    const r = await executeRun({
      engine: 'node', shim, instantiate: glue.instantiate, compile: async (n) => modules[n], grants: resolveGrants(policy, 'p', {}),
      maxOutputBytes: 1 << 20, trace: false, now: () => performance.now(),
    });
    if (r.stdout !== '8192000\n') throw new Error(`unexpected run: ${JSON.stringify(r)}`);
    return r.timings.run!;
  };
  const times: Record<string, number[]> = { shim: [], anchored: [] };
  for (let i = 0; i < 2; i++) await run(shimFs), await run(nodeShim); // warm both
  for (let i = 0; i < 11; i++) {
    times.shim!.push(await run(shimFs));
    times.anchored!.push(await run(nodeShim));
  }
  const [a, b] = [median(times.shim!), median(times.anchored!)];
  console.log(`2,000 cycles, medians of 11 warm runs: preview2-shim ${a.toFixed(1)} ms, anchored ${b.toFixed(1)} ms (${(b / a).toFixed(2)}x, ${(((b - a) / 2000) * 1000).toFixed(1)} µs per cycle)`);
  console.log(JSON.stringify(times));
  rmSync(dir, { recursive: true, force: true });
}, 300_000);
