import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRUNCATION_MARKER } from '../../src-shared/engine/output';
import { appRoot } from '../paths';

// A guest that writes in many writes and then spins: nothing it wrote may be lost on the kill.
const guest = (writes: number, bytes: number) => `#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(void) {
  static char line[${bytes}];
  for (int i = 0; i < ${writes}; i++) {
    snprintf(line, 8, "%06d ", i);
    memset(line + 7, 'x', ${bytes - 8});
    line[${bytes - 1}] = '\\n';
    write(1, line, ${bytes});
  }
  write(2, "now spinning\\n", 13);
  volatile int x = 0;
  for (;;) x++;
}`;
const written = (writes: number, bytes: number) => Array.from({ length: writes }, (_, i) => `${String(i).padStart(6, '0')} ${'x'.repeat(bytes - 8)}\n`).join('');

// 300 KB in 600 writes; 1.5 MB (past the default 1 MiB limit) in 150.
const PROGRAMS = { spin300k: [600, 500], spinPastLimit: [150, 10_000] } as const;

let dir: string;
const wasm: Record<string, string> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'killed-output-'));
  for (const [name, [writes, bytes]] of Object.entries(PROGRAMS)) {
    const out = (await commands.clang(['--target=wasm32-wasip1', '-O1', `${name}.c`, '-o', `${name}.wasm`], { [`${name}.c`]: guest(writes, bytes) }, { stderr: () => {} })) as Record<string, Uint8Array>;
    wasm[name] = join(dir, `${name}.wasm`);
    writeFileSync(wasm[name]!, out[`${name}.wasm`]!);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Run = { engine: string; stdout: string; stderr: string; timedOut: boolean; truncated: boolean; timings: Record<string, number>; trace: { function: string; count?: number }[] };
function timedOut(name: keyof typeof PROGRAMS, engine: string): { code: number | null; run: Run } {
  // Time enough for the writes on a loaded machine (they take ~0.3 s on one); the guest says when it spins.
  const args = ['run', wasm[name]!, '--engine', engine, '--timeout', '3', '--json', '--trace'];
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  const runs = JSON.parse(r.stdout).runs as Run[];
  expect(runs).toHaveLength(1);
  return { code: r.status, run: runs[0]! };
}

const writeCalls = (run: Run) => run.trace.filter((e) => e.function.endsWith('blocking-write-and-flush')).reduce((n, e) => n + (e.count ?? 1), 0);

describe.each(['node', 'browser'])('a run killed at its time limit keeps what the guest wrote, its trace and its phases (%s engine)', (engine) => {
  it('keeps all 300 KB written in 600 writes before the guest spun, untruncated', () => {
    const { code, run } = timedOut('spin300k', engine);
    expect(code).toBe(124);
    expect(run.timedOut).toBe(true);
    expect(run.stderr).toBe('now spinning\n');
    expect(Buffer.byteLength(run.stdout)).toBe(600 * 500);
    expect(run.stdout === written(600, 500), 'stdout is exactly what was written').toBe(true);
    expect(run.truncated).toBe(false);
    // Every write is in the (folded) trace; the run phase counts the guest's time until the kill.
    expect(writeCalls(run)).toBeGreaterThanOrEqual(601);
    expect(run.timings.instantiate).toBeGreaterThanOrEqual(0);
    expect(run.timings.run).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the first 1 MiB of 1.5 MB written, and says truncated', () => {
    const { run } = timedOut('spinPastLimit', engine);
    expect(run.timedOut).toBe(true);
    expect(run.stderr).toBe('now spinning\n');
    expect(run.truncated).toBe(true);
    expect(run.stdout === written(150, 10_000).slice(0, 1024 * 1024) + TRUNCATION_MARKER, 'stdout is the first MiB and the marker').toBe(true);
    expect(writeCalls(run)).toBeGreaterThanOrEqual(151);
    expect(run.timings.run).toBeGreaterThan(0);
  }, 120_000);
});
