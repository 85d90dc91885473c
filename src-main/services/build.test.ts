import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseProject } from '../../src-shared/protocol/project';
import { samplesDir } from '../paths';
import type { ToolchainJob, ToolchainOutput } from '../toolchains/types';
import { BuildService } from './build';
import { Workspace } from './workspace';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function sample(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'studio-build-'));
  dirs.push(dir);
  cpSync(join(samplesDir(), name), dir, { recursive: true, filter: (s) => !/\/(build|\.studio|types)(\/|$)/.test(s.slice(join(samplesDir(), name).length)) });
  return dir;
}

// A component-shaped answer: the service only stores and hashes the bytes.
const COMPONENT = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 42]);

function fakeHost(output: Partial<ToolchainOutput> = {}) {
  return {
    build: vi.fn(async (_job: ToolchainJob): Promise<ToolchainOutput> => ({ ok: true, steps: [{ name: 'compile src/main.c', ms: 5 }, { name: 'link', ms: 3 }], log: '', diagnostics: [], component: COMPONENT, ...output })),
  };
}

describe('BuildService', () => {
  it('answers a rebuild after a restart from .studio/cache without calling the toolchain', async () => {
    const dir = sample('hello-c');
    const first = fakeHost();
    const r1 = await new BuildService(Workspace.open(dir), first, () => {}).build();
    expect(first.build).toHaveBeenCalledTimes(1);
    expect(r1.ok).toBe(true);
    expect(r1.steps.map((s) => s.name)).toEqual(['cache lookup', 'compile src/main.c', 'link']);
    const cached = readdirSync(join(dir, '.studio/cache'));
    expect(cached.filter((f) => /^[0-9a-f]{64}\.wasm$/.test(f))).toHaveLength(1);

    // A new service and workspace: what the studio has after a restart.
    const second = fakeHost();
    const r2 = await new BuildService(Workspace.open(dir), second, () => {}).build();
    expect(second.build).not.toHaveBeenCalled();
    expect(r2.ok).toBe(true);
    expect(r2.steps).toHaveLength(1);
    expect(r2.steps[0]!.name).toMatch(/^cache hit \(\.studio\/cache\/[0-9a-f]{12}….wasm\)$/);
    expect(r2.hash).toBe(r1.hash);
    expect(existsSync(join(dir, 'build/hello-c.wasm'))).toBe(true);

    // Any input change (source, flags, wit/) misses.
    writeFileSync(join(dir, 'src/main.c'), 'int main(void) { return 1; }\n');
    const third = fakeHost();
    await new BuildService(Workspace.open(dir), third, () => {}).build();
    expect(third.build).toHaveBeenCalledTimes(1);
    writeFileSync(join(dir, 'wit-extra.txt'), 'not an input');
    const fourth = fakeHost();
    await new BuildService(Workspace.open(dir), fourth, () => {}).build();
    expect(fourth.build).not.toHaveBeenCalled();
  });

  it('keys the cache on wit/ and on the world for JS, and passes the world and backend to the toolchain', async () => {
    const dir = sample('greeter-js');
    const host = fakeHost({ generated: { 'types/greeter.d.ts': 'declare module "x" {}\n' } });
    await new BuildService(Workspace.open(dir), host, () => {}).build();
    const job = host.build.mock.calls[0]![0];
    expect(Object.keys(job.sources).sort()).toEqual(['src/main.js', 'wit/world.wit']);
    expect(job).toMatchObject({ language: 'js', world: 'greeter', jsBackend: 'quickjs', flags: [] });
    expect(existsSync(join(dir, 'types/greeter.d.ts'))).toBe(true);
    writeFileSync(join(dir, 'wit/world.wit'), '// changed\n' + '\npackage studio:greeter;\nworld greeter { export greet: func(name: string) -> string; }\n');
    const again = fakeHost();
    await new BuildService(Workspace.open(dir), again, () => {}).build();
    expect(again.build).toHaveBeenCalledTimes(1);
  });

  it('does not cache a failed build', async () => {
    const dir = sample('hello-c');
    const failing = fakeHost({ ok: false, component: undefined, diagnostics: [{ file: 'src/main.c', line: 1, column: 1, severity: 'error', message: 'x', source: 'clang' }] });
    expect((await new BuildService(Workspace.open(dir), failing, () => {}).build()).ok).toBe(false);
    expect(existsSync(join(dir, '.studio/cache'))).toBe(false);
  });

  it('says an empty source is empty rather than calling the compiler', async () => {
    const dir = sample('hello-c');
    writeFileSync(join(dir, 'src/main.c'), '\n  \n');
    const host = fakeHost();
    const r = await new BuildService(Workspace.open(dir), host, () => {}).build();
    expect(host.build).not.toHaveBeenCalled();
    expect(r.ok).toBe(false);
    expect(r.diagnostics).toEqual([{ file: 'src/main.c', line: 1, column: 1, severity: 'error', message: 'src/main.c is empty: write an `int main(void)` that the command runs', source: 'studio' }]);
  });

  it('an empty source of a C world asks for its exports, not for a main', async () => {
    const dir = sample('hello-c');
    writeFileSync(join(dir, 'src/main.c'), '\n');
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'calc', language: 'c', world: 'calc' }));
    const r = await new BuildService(Workspace.open(dir), fakeHost(), () => {}).build();
    expect(r.diagnostics.map((d) => d.message)).toEqual(['src/main.c is empty: implement the exports of the world "calc", declared in bindings/ (e.g. `#include "<world>.h"`)']);
  });

  it('rejects an unknown language in studio.json with the languages there are', () => {
    expect(() => parseProject('{"name":"p","language":"cobol"}')).toThrow(/unknown language "cobol": expected one of "c", "cpp", "wat", "js", "ts", "rust"/);
    expect(() => parseProject('{"name":"p","language":"js","jsBackend":"v8"}')).toThrow(/jsBackend/);
    expect(parseProject('{"name":"p","language":"ts","world":"greeter","jsBackend":"starlingmonkey"}')).toMatchObject({ world: 'greeter', jsBackend: 'starlingmonkey' });
  });
});
