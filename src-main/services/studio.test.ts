import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumEngine } from '../host/chromium-engine';
import { RunnerPool } from '../host/engine/runner-pool';
import { samplesDir } from '../paths';
import { ToolchainHost } from '../toolchains/toolchain-host';
import { createStudio } from './studio';

// Integration: the real bundled clang, the real runner process (built by `npm run build`).
const toolchains = new ToolchainHost();
const runners = new RunnerPool();
const dirs: string[] = [];

function project(main: string, policy: object = {}, limits?: object): ReturnType<typeof createStudio> {
  const dir = mkdtempSync(join(tmpdir(), 'studio-test-'));
  dirs.push(dir);
  cpSync(join(samplesDir(), 'hello-c'), dir, { recursive: true, filter: (s) => !s.includes('/build') });
  writeFileSync(join(dir, 'src/main.c'), main);
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, policy: { ...config.policy, ...policy }, ...(limits ? { limits } : {}) }));
  return createStudio(dir, () => {}, { toolchains, runners });
}

beforeAll(() => toolchains.warm());
afterAll(() => {
  toolchains.dispose();
  runners.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('build and run through the services', () => {
  it('builds hello-c, writes the component, and runs it in the Node engine with only the granted args', async () => {
    const s = project(readFileSync(join(samplesDir(), 'hello-c/src/main.c'), 'utf8'));
    const built = await s.builds.build();
    expect(built.ok).toBe(true);
    expect(existsSync(join(s.workspace.dir, 'build/hello-c.wasm'))).toBe(true);
    expect(built.size).toBeGreaterThan(10_000);
    const chunks: string[] = [];
    const r = await s.runs.runNode('r1', (_stream, text) => chunks.push(text));
    expect(r.exitCode).toBe(0);
    expect(r.error).toBeNull();
    expect(r.stdout).toBe('Hello from a C component!\nI was given 3 arguments:\n  argv[0] = hello-c\n  argv[1] = Ada\n  argv[2] = Lovelace\n');
    expect(chunks.join('')).toBe(r.stdout);
    expect(r.trace.some((t) => t.interface === 'wasi:cli/environment' && t.function === 'get-arguments')).toBe(true);
    expect(r.timings.run).toBeGreaterThanOrEqual(0);

    const again = await s.builds.build();
    expect(again.steps[0]!.name).toMatch(/cache hit/);
  });

  it('reports a syntax error at its line and refuses to run the stale component', async () => {
    const s = project('#include <stdio.h>\nint main(void) {\n  puts("ok");\n  return 0;\n}\n');
    expect((await s.builds.build()).ok).toBe(true);
    writeFileSync(join(s.workspace.dir, 'src/main.c'), '#include <stdio.h>\nint main(void) {\n  puts("ok")\n  return 0;\n}\n');
    const failed = await s.builds.build();
    expect(failed.ok).toBe(false);
    expect(failed.stale).toBe(true);
    const err = failed.diagnostics.find((d) => d.severity === 'error')!;
    expect(err).toMatchObject({ file: 'src/main.c', line: 3 });
    expect(err.message).toMatch(/expected ';'/);
    await expect(s.runs.runNode('r2')).rejects.toThrow(/last build failed.*src\/main\.c:3/);
  });

  it('a broken studio.json is saved, shown to every window at its line, and refuses Build and Run until fixed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-test-'));
    dirs.push(dir);
    cpSync(join(samplesDir(), 'hello-c'), dir, { recursive: true, filter: (p) => !p.includes('/build') });
    const events: { name: string; payload: unknown }[] = [];
    const s = createStudio(dir, (name, payload) => void events.push({ name, payload }), { toolchains, runners });
    const good = s.workspace.read('studio.json');
    const broken = good.replace('"args": [', '"args": 7, "x": [');
    await s.handlers['file.write']({ path: 'studio.json', content: broken });
    const updated = events.filter((e) => e.name === 'project.updated').map((e) => e.payload as { configProblem: { line: number; message: string } | null });
    expect(updated).toHaveLength(1);
    expect(updated[0]!.configProblem).toMatchObject({ line: 6 });
    const built = await s.builds.build();
    expect(built.ok).toBe(false);
    expect(built.diagnostics).toEqual([updated[0]!.configProblem]);
    await expect(s.runs.runNode('r-broken', () => {})).rejects.toThrow(/studio\.json:6:/);

    await s.handlers['file.write']({ path: 'studio.json', content: good });
    expect((events.at(-1)!.payload as { configProblem: unknown }).configProblem).toBeNull();
    expect((await s.builds.build()).ok).toBe(true);
    s.dispose();
  });

  it('reports failure as exit code 1, and a trap as an error with no exit code', async () => {
    // The preview1 command adapter maps every non-zero status to wasi:cli/exit's err, which carries no code.
    const exit3 = project('int main(void) { return 3; }\n');
    expect((await exit3.runs.runNode('r3')).exitCode).toBe(1);
    const trap = project('int main(void) { __builtin_trap(); }\n');
    const r = await trap.runs.runNode('r4');
    expect(r.exitCode).toBeNull();
    expect(r.error).toMatch(/unreachable/i);
  });

  it('never hands the host environment to the guest unless the policy names a variable', async () => {
    const main = '#include <stdio.h>\n#include <stdlib.h>\nint main(void){ const char* h=getenv("HOME"); const char* g=getenv("GREETING"); printf("%s|%s\\n", h?h:"-", g?g:"-"); return 0; }\n';
    const denied = project(main);
    expect((await denied.runs.runNode('r5')).stdout).toBe('-|-\n');
    const granted = project(main, { env: [{ name: 'GREETING', value: 'hi' }] });
    expect((await granted.runs.runNode('r6')).stdout).toBe('-|hi\n');
  });

  it('holds a memory bomb at the project memory cap: allocation fails inside the guest, the host carries on', async () => {
    const bomb = project(
      '#include <stdio.h>\n#include <stdlib.h>\nint main(void){ int mib = 0; void *head = 0, *p;\n' +
        '  while ((p = malloc(1 << 20))) { *(void**)p = head; head = p; mib++; }\n' +
        '  while (head) { p = *(void**)head; free(head); head = p; }\n' +
        '  printf("allocated %d MiB\\n", mib); return 0; }\n',
      {},
      { maxMemoryMiB: 32 },
    );
    const r = await bomb.runs.runNode('m1');
    expect(r.exitCode).toBe(0);
    const mib = Number(/allocated (\d+) MiB/.exec(r.stdout)?.[1]);
    expect(mib).toBeGreaterThan(16);
    expect(mib).toBeLessThanOrEqual(32);
  });

  it('stops a runaway component at the time limit and by Stop, and the next run still works', async () => {
    const loop = project('int main(void) { volatile int x = 0; for (;;) x++; }\n', {}, { timeoutMs: 600, maxOutputBytes: 1024 });
    const t = Date.now();
    const timedOut = await loop.runs.runNode('r7');
    expect(timedOut.timedOut).toBe(true);
    expect(Date.now() - t).toBeLessThan(5000);

    const stopping = loop.runs.runNode('r8');
    await new Promise((r) => setTimeout(r, 300));
    expect(await loop.runs.stop('r8')).toBe(true);
    const stopped = await stopping;
    expect(stopped.stopped).toBe(true);
    expect(stopped.timedOut).toBe(false);

    const ok = project('int main(void) { return 0; }\n');
    expect((await ok.runs.runNode('r9')).exitCode).toBe(0);
  });

  it('never reads outside a mount while the host swaps a folder for a symlink under the running guest', async () => {
    const main =
      '#include <stdio.h>\n#include <string.h>\nint main(void){ int secret = 0, inside = 0, refused = 0;\n' +
      '  for (int i = 0; i < 20000; i++) { FILE *f = fopen("/data/sub/f.txt", "r"); if (!f) { refused++; continue; }\n' +
      '    char b[16] = {0}; fgets(b, sizeof b, f); fclose(f); if (strncmp(b, "SECRET", 6) == 0) secret++; else inside++; }\n' +
      '  printf("secret=%d inside=%d refused=%d\\n", secret, inside, refused); return 0; }\n';
    const s = project(main, { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }] }, { timeoutMs: 60_000 });
    const data = join(s.workspace.dir, 'data');
    const outside = join(s.workspace.dir, 'outside');
    mkdirSync(join(data, 'sub'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(data, 'sub/f.txt'), 'inside\n');
    writeFileSync(join(outside, 'f.txt'), 'SECRET\n');
    await s.builds.build();
    // The attacker: another process swapping data/sub between the real folder and a link to outside.
    const swapper = spawn(process.execPath, ['-e', `
      const fs = require('fs'); const p = require('path');
      const sub = p.join(${JSON.stringify(data)}, 'sub'), real = sub + '.real', link = sub + '.link';
      fs.renameSync(sub, real); fs.symlinkSync(${JSON.stringify(outside)}, link); fs.cpSync(real, sub, { recursive: true });
      const end = Date.now() + 30000;
      while (Date.now() < end) {
        try { fs.renameSync(sub, sub + '.tmp'); fs.renameSync(link, sub); fs.renameSync(sub + '.tmp', link); } catch {}
        try { fs.renameSync(sub, sub + '.tmp'); fs.renameSync(link, sub); fs.renameSync(sub + '.tmp', link); } catch {}
      }`]);
    try {
      const r = await s.runs.runNode('race');
      const [, secret, inside] = /secret=(\d+) inside=(\d+)/.exec(r.stdout)!.map(Number);
      expect(secret).toBe(0);
      expect(inside).toBeGreaterThan(0);
    } finally {
      swapper.kill();
    }
  });

  it('a run worker kept warm for the next run hands it nothing of the last: env, args, mounts, stdin, output, memory', async () => {
    // Prints everything the guest can see of its host, and a static that would survive a shared instance.
    const main =
      '#include <stdio.h>\n#include <stdlib.h>\nextern char **environ;\nstatic int runs = 0;\n' +
      'int main(int argc, char **argv) { runs++; printf("runs=%d argc=%d\\n", runs, argc);\n' +
      '  for (int i = 1; i < argc; i++) printf("arg=%s\\n", argv[i]);\n' +
      '  for (char **e = environ; *e; e++) printf("env=%s\\n", *e);\n' +
      '  FILE *f = fopen("/flag/flag.txt", "r"); if (f) { char b[64] = {0}; fgets(b, sizeof b, f); printf("file=%s", b); fclose(f); } else printf("no file\\n");\n' +
      '  int c = getchar(); printf("stdin=%d\\n", c); return 0; }\n';
    const granted = project(main, { args: ['FLAG-ARG'], env: [{ name: 'FLAG', value: 'FLAG-ENV' }], mounts: [{ host: 'flag', guest: '/flag', mode: 'ro' }], stdin: 'FLAG-STDIN' });
    mkdirSync(join(granted.workspace.dir, 'flag'));
    writeFileSync(join(granted.workspace.dir, 'flag/flag.txt'), 'FLAG-FILE\n');
    const bare = project(main, { args: [] });
    await granted.builds.build();
    await bare.builds.build();
    const [a, b] = [await granted.builds.current(), await bare.builds.current()];
    expect(b.hash).toBe(a.hash); // one component, two policies: the runner may use one warm worker for both
    const runWith = async (s: typeof granted, runId: string) => {
      const c = await s.builds.current();
      const { grants, limits, trace } = s.runs.settings();
      return runners.run({ runId, hash: c.hash, name: c.name, bytes: c.bytes, grants, ...limits, trace });
    };
    const first = await runWith(granted, 'ctf-granted');
    expect(first.stdout).toContain('FLAG-ARG');
    expect(first.stdout).toContain('env=FLAG=FLAG-ENV');
    expect(first.stdout).toContain('file=FLAG-FILE');
    expect(first.stdout).toContain(`stdin=${'F'.charCodeAt(0)}`);
    for (let i = 0; i < 3; i++) {
      const next = await runWith(bare, `ctf-bare-${i}`);
      expect(next.reusedWorker).toBe(true);
      expect(next.exitCode).toBe(0);
      expect(next.stdout).toBe('runs=1 argc=1\nno file\nstdin=-1\n');
      expect(next.stderr).toBe('');
      expect(next.trace.filter((t) => t.interface === 'wasi:cli/environment').map((t) => t.result)).not.toContain(expect.stringContaining('FLAG'));
    }
    // And back: the granted run still gets its grants in the reused worker.
    const again = await runWith(granted, 'ctf-granted-again');
    expect(again.reusedWorker).toBe(true);
    expect(again.stdout).toBe(first.stdout);

    // The browser engine keeps its workers the same way: one warm page, the same runs.
    const chromium = await ChromiumEngine.start();
    try {
      const [g, n] = [await granted.runs.prepare(), await bare.runs.prepare()];
      const inBrowser = (p: typeof g, id: string) => chromium.runWarm(id, p);
      const firstBrowser = await inBrowser(g, 'ctf-browser-granted');
      expect(firstBrowser.stdout).toBe(first.stdout);
      for (let i = 0; i < 3; i++) {
        const next = await inBrowser(n, `ctf-browser-bare-${i}`);
        expect(next.exitCode).toBe(0);
        expect(next.stdout).toBe('runs=1 argc=1\nno file\nstdin=-1\n');
      }
      expect((await inBrowser(g, 'ctf-browser-granted-again')).stdout).toBe(first.stdout);
    } finally {
      await chromium.close();
    }
  });

  it('replaces a runner process that dies mid-run; the next run succeeds', async () => {
    const loop = project('int main(void) { volatile int x = 0; for (;;) x++; }\n', {}, { timeoutMs: 30_000 });
    const ok = project('int main(void) { return 0; }\n');
    await loop.builds.build();
    await ok.builds.build();
    const spinning = loop.runs.runNode('crash');
    await new Promise((r) => setTimeout(r, 500));
    const [pid] = runners.pids();
    process.kill(pid!, 'SIGKILL');
    await expect(spinning).rejects.toThrow(/runner process ended.*restarted/);
    expect((await ok.runs.runNode('after-crash')).exitCode).toBe(0);
    expect(runners.pids()[0]).not.toBe(pid);
  });
});

describe('C/C++ world bindings', () => {
  it('are regenerated when a WIT file is saved, before any build, and every window hears of the new files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'studio-test-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'wit'));
    mkdirSync(join(dir, 'src'));
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'calc', language: 'c', world: 'calc' }));
    writeFileSync(join(dir, 'src/main.c'), '#include "calc.h"\n');
    writeFileSync(join(dir, 'wit/world.wit'), 'package t:calc;\nworld calc { export add: func(a: s32, b: s32) -> s32; }\n');
    const events: string[] = [];
    const s = createStudio(dir, (name) => void events.push(name), { toolchains, runners });
    try {
      await s.handlers['file.write']({ path: 'wit/world.wit', content: 'package t:calc;\nworld calc { export add: func(a: s32, b: s32) -> s32; export neg: func(a: s32) -> s32; }\n' });
      expect(readFileSync(join(dir, 'bindings/calc.h'), 'utf8')).toContain('int32_t exports_calc_neg(int32_t a);');
      expect(existsSync(join(dir, 'bindings/calc.c'))).toBe(true);
      expect(events).toContain('project.updated');
      // WIT the generator cannot read leaves the last bindings; the build reports why.
      await s.handlers['file.write']({ path: 'wit/world.wit', content: 'package t:calc;\nworld calc { export add: func(a: s32' });
      expect(readFileSync(join(dir, 'bindings/calc.h'), 'utf8')).toContain('int32_t exports_calc_neg(int32_t a);');
    } finally {
      s.dispose();
    }
  });
});
