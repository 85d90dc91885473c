import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, samplesDir } from '../paths';

// End to end through the built CLI, as a user or another tool would call it.
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, STUDIO_SECRET: 'host-only' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
let coreModule: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  cpSync(join(samplesDir(), 'hello-c'), join(dir, 'hello-c'), { recursive: true, filter: (s) => !s.includes('/build') });
  // A plain wasip1 core module, as another toolchain would hand one over.
  const src = '#include <stdio.h>\n#include <stdlib.h>\nint main(int c, char** v){ const char* s = getenv("STUDIO_SECRET"); const char* g = getenv("GREETING");\n' +
    ' printf("args=%d last=%s secret=%s greeting=%s\\n", c, v[c-1], s ? s : "-", g ? g : "-"); return 0; }\n';
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': src }, { stderr: () => {} })) as Record<string, Uint8Array>;
  coreModule = join(dir, 'p.wasm');
  writeFileSync(coreModule, out['p.wasm']!);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('component-studio CLI', () => {
  it('build prints the component path; a broken project prints file:line:col and exits 1', () => {
    const ok = cli('build', join(dir, 'hello-c'));
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim()).toBe(join(dir, 'hello-c/build/hello-c.wasm'));
    writeFileSync(join(dir, 'broken.c'), '');
    cpSync(join(dir, 'hello-c'), join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken/src/main.c'), 'int main(void) {\n  return x;\n}\n');
    const bad = cli('build', join(dir, 'broken'));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/src\/main\.c:2:10: error: use of undeclared identifier 'x'/);
  });

  it('run --json prints one object per engine with the documented fields, identical in both engines', () => {
    const r = cli('run', join(dir, 'hello-c/build/hello-c.wasm'), '--engine', 'both', '--json', '--trace', '--', 'Grace');
    expect(r.code).toBe(0);
    const { runs } = JSON.parse(r.stdout);
    expect(runs.map((x: { engine: string }) => x.engine)).toEqual(['node', 'browser']);
    for (const run of runs) {
      expect(Object.keys(run).sort()).toEqual(['engine', 'error', 'exitCode', 'memory', 'stderr', 'stdout', 'timedOut', 'timings', 'trace', 'truncated']);
      expect(run).toMatchObject({ truncated: false, memory: { reached: false } });
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toContain('argv[1] = Grace');
      expect(run.trace.length).toBeGreaterThan(3);
      expect(run.trace[0]).toMatchObject({ interface: expect.any(String), function: expect.any(String), denied: false });
    }
    expect(runs[0].stdout).toBe(runs[1].stdout);
    expect(runs[0].trace.map((t: { function: string }) => t.function)).toEqual(runs[1].trace.map((t: { function: string }) => t.function));
  });

  it('adapts a wasip1 core module and runs it in both engines with args and env, never the host env', () => {
    const r = cli('run', coreModule, '--engine', 'both', '--env', 'GREETING=hi', '--', 'one', 'two');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('adapted to a component');
    expect(r.stdout.match(/args=3 last=two secret=- greeting=hi/g)).toHaveLength(2);
    expect(r.stdout).toContain('Both engines agree');
    const inherited = cli('run', coreModule, '--env', 'STUDIO_SECRET');
    expect(inherited.stdout).toContain('secret=host-only');
  });

  it('a run that outlives --timeout exits 124, in both engines', () => {
    cpSync(join(dir, 'hello-c'), join(dir, 'loop'), { recursive: true });
    writeFileSync(join(dir, 'loop/src/main.c'), 'int main(void) { volatile int x = 0; for (;;) x++; }\n');
    const t = Date.now();
    const r = cli('run', join(dir, 'loop'), '--engine', 'both', '--timeout', '1', '--json');
    expect(r.code).toBe(124);
    expect(JSON.parse(r.stdout).runs.every((x: { timedOut: boolean }) => x.timedOut)).toBe(true);
    expect(Date.now() - t).toBeLessThan(20_000);
  });

  it('refuses bad flags and inputs with one line and exit 2', () => {
    for (const args of [['run', coreModule, '--engine', 'jvm'], ['run', coreModule, '--timeout', '-1'], ['run', coreModule, '--bogus'], ['run', join(dir, 'nope.wasm')], ['frobnicate']]) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    // A bad allow-list entry is named, with the syntax that would work.
    for (const [flag, entry] of [['--allow-net', '*:80'], ['--allow-net', '::1:80'], ['--allow-http', 'ftp://example.com']]) {
      const r = cli('run', coreModule, flag!, entry!);
      expect(r.code, entry).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`${flag}: "${entry}"`);
    }
    writeFileSync(join(dir, 'text.wasm'), 'hello');
    const notWasm = cli('run', join(dir, 'text.wasm'));
    expect(notWasm.code).toBe(2);
    expect(notWasm.stderr).toMatch(/is not WebAssembly/);
  });

  it('inspect --json lists the world, its imports grouped by capability, and the core modules', () => {
    const r = cli('inspect', join(dir, 'hello-c/build/hello-c.wasm'), '--json');
    expect(r.code).toBe(0);
    const info = JSON.parse(r.stdout);
    expect(info.exports).toEqual([expect.stringMatching(/^wasi:cli\/run@0\.2\./)]);
    expect(info.imports).toContain(info.imports.find((i: string) => i.startsWith('wasi:cli/environment@')));
    const caps = Object.fromEntries(info.capabilities.map((c: { capability: string; interfaces: string[] }) => [c.capability, c.interfaces]));
    expect(caps['Files']).toEqual(expect.arrayContaining([expect.stringMatching(/^wasi:filesystem\/preopens@/)]));
    expect(caps['Sockets']).toBeUndefined();
    expect(info.coreModules.length).toBe(4);
    expect(info.coreModules.reduce((a: number, m: { size: number }) => a + m.size, 0)).toBeLessThan(info.size);
    expect(info.coreModules[0].producers.join(' ')).toMatch(/clang/);
    const core = cli('inspect', coreModule);
    expect(core.stdout).toContain('adapted from a wasip1 core module');
  });

  it('runs a wasip1 program from another toolchain (AssemblyScript) in both engines with args, env and a mounted folder', () => {
    const fixture = join(appRoot, 'src-main/cli/fixtures/assemblyscript');
    const r = cli('run', join(fixture, 'as-wasi.wasm'), '--engine', 'both', '--json', '--env', 'GREETING=hi', '--dir', `${join(fixture, 'data')}::/data::ro`, '--', 'one', 'two');
    expect(r.code).toBe(0);
    const { runs } = JSON.parse(r.stdout);
    for (const run of runs) {
      expect(run.stdout).toBe('AssemblyScript here, 2 argument(s): one two\nGREETING=hi\nHOME=(not set)\ndata/note.txt: a note from the mounted folder\n');
    }
    const unmounted = JSON.parse(cli('run', join(fixture, 'as-wasi.wasm'), '--json').stdout).runs[0];
    expect(unmounted.stdout).toMatch(/note\.txt: refused \(errno \d+\)/);
  });

  it('call prints an exported function\'s result as WAVE in both engines and refuses malformed arguments', () => {
    cpSync(join(samplesDir(), 'greeter-js'), join(dir, 'greeter'), { recursive: true, filter: (s) => !s.includes('/build') && !s.includes('/.studio') });
    const ok = cli('call', join(dir, 'greeter'), 'greet', '"world"', '--engine', 'both', '--json');
    expect(ok.code).toBe(0);
    const { calls } = JSON.parse(ok.stdout);
    expect(calls.map((c: { value: string }) => c.value)).toEqual(['"Hello, world! (from JavaScript)"', '"Hello, world! (from JavaScript)"']);
    const bad = cli('call', join(dir, 'greeter'), 'greet', 'world');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a string/);
    const missing = cli('call', join(dir, 'greeter'), 'farewell');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/exports no function "farewell" \(it exports: greet\)/);
  });

  it('capability-tour: every attempt refused, and the trace lists the same calls in both engines', () => {
    cpSync(join(samplesDir(), 'capability-tour'), join(dir, 'tour'), { recursive: true, filter: (s) => !s.includes('/build') && !s.includes('/.studio') });
    const r = cli('run', join(dir, 'tour'), '--engine', 'both', '--json', '--trace');
    const [node, browser] = JSON.parse(r.stdout).runs;
    expect(node.stdout).toBe(browser.stdout);
    expect(node.stdout).toMatch(/file in mount +\/data\/welcome\.txt -> refused/);
    expect(node.error).toMatch(/random capability denied by policy/);
    // The trap cuts the program short: what it had buffered is gone, and the error says so.
    expect(node.error).toMatch(/output it had buffered and not yet written .* is lost/);
    const calls = (run: { trace: { interface: string; function: string; denied: boolean }[] }) =>
      run.trace.map((t) => `${t.interface} ${t.function}${t.denied ? ' denied' : ''}`);
    expect(calls(node)).toEqual(calls(browser));
    expect(calls(node)).toContain('wasi:random/random get-random-bytes denied');
  });

  it('every sample builds and runs (commands) or is called (libraries) with the same result in both engines', () => {
    const copy = (name: string) => {
      cpSync(join(samplesDir(), name), join(dir, `sample-${name}`), { recursive: true, filter: (s) => !s.includes('/build') && !s.includes('/.studio') });
      return join(dir, `sample-${name}`);
    };
    for (const name of ['hello-c', 'hello-cpp', 'hello-wat', 'capability-tour']) {
      const r = cli('run', copy(name), '--engine', 'both', '--json');
      const [node, browser] = JSON.parse(r.stdout).runs;
      expect(node.stdout, name).toBe(browser.stdout);
      expect(node.exitCode, name).toBe(browser.exitCode);
      expect(node.stdout.length, name).toBeGreaterThan(0);
      if (name !== 'capability-tour') expect(r.code, name).toBe(0);
    }
    for (const [name, fn, args] of [['greeter-js', 'greet', ['"CI"']], ['greeter-ts', 'greet', ['"CI"']], ['stats-js', 'stats', ['[1, 2, 3]']]] as const) {
      const r = cli('call', copy(name), fn, ...args, '--engine', 'both', '--json');
      expect(r.code, name).toBe(0);
      const [node, browser] = JSON.parse(r.stdout).calls;
      expect(node.value, name).toBe(browser.value);
      expect(node.value, name).toBeTruthy();
    }
  }, 240_000); // seven samples, each built and run in two engines: minutes on a busy 2-core machine
});
