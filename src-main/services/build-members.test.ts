import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { BuildStep } from '../../src-shared/protocol/types';
import type { ToolchainJob, ToolchainOutput } from '../toolchains/types';
import { BuildService } from './build';
import { Workspace } from './workspace';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'studio-members-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const studioJson = (extra: object[] = []) =>
  JSON.stringify({
    name: 'pair',
    components: [
      { name: 'app', language: 'c', world: 'app' },
      { name: 'lib', language: 'js', world: 'lib', policy: { mounts: [{ host: 'data', guest: '/data', mode: 'ro' }] } },
      ...extra,
    ],
  });

const pair = (extra: object[] = [], more: Record<string, string | Uint8Array> = {}) =>
  project({
    'studio.json': studioJson(extra),
    'wit/w.wit': 'package docs:compose@0.1.0;\ninterface words { shout: func(t: string) -> string; }\nworld lib { export words; }\nworld app { import words; }\n',
    'src/app/main.c': 'int x;\n',
    'src/lib/lib.js': 'export const words = {};\n',
    ...more,
  });

/** A component-shaped answer per job, different per member so their outputs can be told apart. */
function fakeHost(fail: (job: ToolchainJob) => ToolchainOutput | null = () => null) {
  return {
    build: vi.fn(async (job: ToolchainJob): Promise<ToolchainOutput> => {
      const failed = fail(job);
      if (failed) return failed;
      return { ok: true, steps: [{ name: `compile ${job.output}`, ms: 2 }], log: '', diagnostics: [], component: new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, job.output.length]) };
    }),
  };
}
const built = (host: ReturnType<typeof fakeHost>) => host.build.mock.calls.map(([job]) => job.output);

describe('BuildService: a composition', () => {
  it('builds each member with its own language, sources and world, and writes build/<member>.wasm', async () => {
    const dir = pair();
    const host = fakeHost();
    const live: BuildStep[] = [];
    const r = await new BuildService(Workspace.open(dir), host, () => {}, (s) => live.push(s)).build();
    expect(r.ok).toBe(true);
    const [app, lib] = host.build.mock.calls.map(([job]) => job);
    expect(app).toMatchObject({ language: 'c', world: 'app', output: 'app.core.wasm' });
    expect(Object.keys(app!.sources).sort()).toEqual(['src/app/main.c', 'wit/w.wit']);
    expect(lib).toMatchObject({ language: 'js', world: 'lib', output: 'lib.core.wasm' });
    expect(Object.keys(lib!.sources).sort()).toEqual(['src/lib/lib.js', 'wit/w.wit']);
    expect(r.members!.map((m) => [m.name, m.ok, m.componentPath])).toEqual([
      ['app', true, 'build/app.wasm'],
      ['lib', true, 'build/lib.wasm'],
    ]);
    expect(r.componentPath).toBe('build/app.wasm');
    expect(existsSync(join(dir, 'build/app.wasm')) && existsSync(join(dir, 'build/lib.wasm'))).toBe(true);
    // Every timing row names its member, live and in the result.
    expect(r.steps.map((s) => `${s.member}: ${s.name}`)).toEqual(['app: cache lookup', 'app: compile app.core.wasm', 'lib: cache lookup', 'lib: compile lib.core.wasm']);
    expect(live.map((s) => s.member)).toEqual(['app', 'lib']);
  });

  it('rebuilds only the member whose source changed, in the process and across a restart', async () => {
    const dir = pair();
    const host = fakeHost();
    const builds = new BuildService(Workspace.open(dir), host, () => {});
    await builds.build();
    expect(built(host)).toEqual(['app.core.wasm', 'lib.core.wasm']);

    writeFileSync(join(dir, 'src/lib/lib.js'), 'export const words = { shout: (t) => t };\n');
    const r = await builds.build();
    expect(built(host)).toEqual(['app.core.wasm', 'lib.core.wasm', 'lib.core.wasm']);
    expect(r.steps.filter((s) => s.member === 'app').map((s) => s.name)).toEqual(['cache hit (sources unchanged)']);
    expect(r.unchanged).toBeUndefined();

    // After a restart: the app comes from .studio/cache, the changed library is compiled.
    writeFileSync(join(dir, 'src/lib/lib.js'), 'export const words = { shout: (t) => t + "!" };\n');
    const restarted = fakeHost();
    const r2 = await new BuildService(Workspace.open(dir), restarted, () => {}).build();
    expect(built(restarted)).toEqual(['lib.core.wasm']);
    expect(r2.steps.find((s) => s.member === 'app')!.name).toMatch(/^cache hit \(\.studio\/cache\//);
  });

  it('names the broken member in its problems, and gives no component while any member fails', async () => {
    const dir = pair();
    const host = fakeHost((job) =>
      job.language === 'js' ? { ok: false, steps: [], log: 'SyntaxError', diagnostics: [{ file: 'src/lib/lib.js', line: 1, column: 8, severity: 'error', message: 'unexpected token', source: 'componentize' }] } : null,
    );
    const builds = new BuildService(Workspace.open(dir), host, () => {});
    const r = await builds.build();
    expect(r.ok).toBe(false);
    expect(r.componentPath).toBeUndefined();
    expect(r.diagnostics).toEqual([{ file: 'src/lib/lib.js', line: 1, column: 8, severity: 'error', message: 'unexpected token', source: 'componentize', member: 'lib' }]);
    expect(r.members!.map((m) => [m.name, m.ok])).toEqual([
      ['app', true],
      ['lib', false],
    ]);
    expect(r.log).toContain('== lib ==\nSyntaxError');
    await expect(builds.currentMembers()).rejects.toThrow(/src\/lib\/lib\.js:1:8: unexpected token/);
  });

  it('gives the lead every member root first, with its bytes and its own policy; current() is the root', async () => {
    const dir = pair();
    const builds = new BuildService(Workspace.open(dir), fakeHost(), () => {});
    const members = await builds.currentMembers();
    expect(members.map((m) => [m.name, m.language, m.policy.mounts.length])).toEqual([
      ['app', 'c', 0],
      ['lib', 'js', 1],
    ]);
    expect(Buffer.from(members[1]!.bytes)).toEqual(readFileSync(join(dir, 'build/lib.wasm')));
    const root = await builds.current();
    expect(root).toEqual({ name: 'app', hash: members[0]!.hash, bytes: members[0]!.bytes });
  });

  it('a single-component project is one member named after it, the bytes current() returns', async () => {
    const dir = project({ 'studio.json': '{"name":"hello","language":"c"}', 'src/main.c': 'int main(void) { return 0; }\n' });
    const builds = new BuildService(Workspace.open(dir), fakeHost(), () => {});
    const [only, ...rest] = await builds.currentMembers();
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ name: 'hello', language: 'c' });
    expect((await builds.current()).bytes).toEqual(only!.bytes);
    expect(builds.lastResult()!.members).toBeUndefined();
    expect(builds.lastResult()!.steps.every((s) => s.member === undefined)).toBe(true);
  });

  it('takes a plain .wasm member as it is, and refuses a core module or garbage naming the member', async () => {
    const component = new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 7, 7]);
    const ok = pair([{ name: 'extra', wasm: 'vendor/extra.wasm' }], { 'vendor/extra.wasm': component });
    const host = fakeHost();
    const r = await new BuildService(Workspace.open(ok), host, () => {}).build();
    expect(r.ok).toBe(true);
    expect(built(host)).toEqual(['app.core.wasm', 'lib.core.wasm']);
    expect(r.steps.filter((s) => s.member === 'extra').map((s) => s.name)).toEqual(['read vendor/extra.wasm']);
    expect(new Uint8Array(readFileSync(join(ok, 'build/extra.wasm')))).toEqual(component);

    const problem = async (bytes: Uint8Array | null) => {
      const dir = pair([{ name: 'extra', wasm: 'vendor/extra.wasm' }], bytes ? { 'vendor/extra.wasm': bytes } : {});
      const res = await new BuildService(Workspace.open(dir), fakeHost(), () => {}).build();
      expect(res.ok).toBe(false);
      expect(res.diagnostics.every((d) => d.member === 'extra')).toBe(true);
      return res.diagnostics.map((d) => d.message).join('\n');
    };
    expect(await problem(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]))).toMatch(/^component "extra": vendor\/extra\.wasm is a core module, not a component/);
    expect(await problem(new TextEncoder().encode('hello, not wasm'))).toMatch(/^component "extra": vendor\/extra\.wasm is not WebAssembly \(it starts with 68 65/);
    expect(await problem(new Uint8Array())).toMatch(/is not WebAssembly \(it starts with nothing: the file is empty\)/);
    expect(await problem(null)).toMatch(/^component "extra": no such file: vendor\/extra\.wasm/);
  });

  it('refuses a .wasm member that is a link out of the project, and copies nothing', async () => {
    const outside = project({ 'secret.wasm': new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, 9]) });
    const dir = pair([{ name: 'extra', wasm: 'vendor/extra.wasm' }]);
    mkdirSync(join(dir, 'vendor'));
    symlinkSync(join(outside, 'secret.wasm'), join(dir, 'vendor/extra.wasm'));
    const r = await new BuildService(Workspace.open(dir), fakeHost(), () => {}).build();
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['component "extra": path leads outside the project through a link: vendor/extra.wasm']);
    expect(existsSync(join(dir, 'build/extra.wasm'))).toBe(false);
  });

  it('regenerates a C world member’s bindings when the WIT is saved, whichever member is the root', () => {
    const dir = pair();
    const json = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...json, components: [json.components[1], json.components[0]] }));
    let written = 0;
    new BuildService(Workspace.open(dir), fakeHost(), () => {}, () => {}, () => {}, () => written++).refreshBindings();
    expect(readFileSync(join(dir, 'bindings/app.h'), 'utf8')).toContain('docs_compose_words_shout');
    expect(written).toBe(1);
  });

  it('refuses a .wasm member over the size limit before reading it', async () => {
    const dir = pair([{ name: 'extra', wasm: 'big.wasm' }], { 'big.wasm': new Uint8Array(1024 * 1024 + 1) });
    const json = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...json, limits: { maxWasmMiB: 1 } }));
    const r = await new BuildService(Workspace.open(dir), fakeHost(), () => {}).build();
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^component "extra": big\.wasm is 1\.0 MiB .* over the 1 MiB limit/)]);
  });
});
