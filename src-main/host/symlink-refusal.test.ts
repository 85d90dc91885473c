import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// A real symlink out of a mount, opened by a real guest in the Node engine: its filesystem refuses it,
// and the trace marks that refusal denied like the studio's own. Needs `npx electron-vite build`.
const C = `#include <stdio.h>
#include <string.h>
#include <errno.h>
static void try(const char *p) { FILE *f = fopen(p, "r"); printf("%s -> %s\\n", p, f ? "opened" : strerror(errno)); if (f) fclose(f); }
int main(void) { try("/data/inside.txt"); try("/data/in-link"); try("/data/out-link"); try("/data/abs-link"); return 0; }`;

let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'symlink-'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'data/inside.txt'), 'in');
  writeFileSync(join(dir, 'secret.txt'), 'out');
  symlinkSync('inside.txt', join(dir, 'data/in-link'));
  symlinkSync('../secret.txt', join(dir, 'data/out-link'));
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'data/abs-link'));
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O1', 'p.c', '-o', 'p.wasm'], { 'p.c': C }, { stderr: () => {} })) as Record<string, Uint8Array>;
  writeFileSync(join(dir, 'p.wasm'), out['p.wasm']!);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the Node filesystem's refusal of a symlink out of a mount", () => {
  it('reaches the guest as a refusal and is traced as denied', () => {
    const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), 'run', join(dir, 'p.wasm'), '--dir', `${join(dir, 'data')}::/data::ro`, '--json', '--trace'], { encoding: 'utf8', timeout: 60_000 });
    const [run] = JSON.parse(r.stdout).runs as { stdout: string; trace: { function: string; result: string; denied: boolean }[] }[];
    expect(run!.stdout).toBe('/data/inside.txt -> opened\n/data/in-link -> opened\n/data/out-link -> Operation not permitted\n/data/abs-link -> Operation not permitted\n');
    const opens = run!.trace.filter((t) => t.function === '[method]descriptor.open-at' && t.result.startsWith('error'));
    expect(opens).toHaveLength(2);
    for (const t of opens) {
      expect(t.denied).toBe(true);
      expect(t.result).toBe('error: "not-permitted" (a symlink on the path leaves the mount)');
    }
  });
});
