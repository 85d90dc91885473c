import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventName } from '../../src-shared/protocol/api';
import { dispatch } from '../../src-shared/protocol/envelope';
import { requestSchemas } from '../../src-shared/protocol/schemas';
import type { RunnerPool } from '../host/engine/runner-pool';
import { samplesDir } from '../paths';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import { hashText } from './backups';
import { RecentProjects } from './recent';
import { Session } from './session';

// No processes: project switching is about which services answer, not about compiling.
const toolchains = { warm: async () => {}, dispose: () => {}, build: async () => ({ ok: false, diagnostics: [], steps: [], log: '' }) } as unknown as ToolchainHost;
let disposedRunners = 0;
const runners = { warm: () => {}, dispose: () => disposedRunners++, stop: async () => true } as unknown as RunnerPool;

let root: string;
let events: { event: EventName; payload: unknown }[];
let session: Session;

const sample = (name: string, as = name) => {
  const dir = join(root, as);
  cpSync(join(samplesDir(), name), dir, { recursive: true, filter: (s) => !s.includes('/build') });
  return dir;
};
const call = async (method: string, params: unknown = {}) => {
  const reply = await dispatch(session.handlers, { kind: 'request', id: 1, method, params });
  if (!reply?.ok) throw Object.assign(new Error(reply?.ok === false ? reply.error.message : 'no reply'), { code: reply?.ok === false ? reply.error.code : '' });
  return reply.result as never;
};
const settle = (ms = 250) => new Promise((r) => setTimeout(r, ms));

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-session-'));
  events = [];
  disposedRunners = 0;
  session = new Session((event, payload) => events.push({ event, payload }), {
    samplesDir: samplesDir(),
    copiesDir: join(root, 'copies'),
    recent: new RecentProjects(join(root, 'config')),
    toolchains,
    runners,
  });
});
afterEach(() => {
  session.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('a session switches projects', () => {
  it('serves every request of the API, with or without a project', () => {
    expect(Object.keys(session.handlers).sort()).toEqual(Object.keys(requestSchemas).sort());
  });

  it('with no folder: project requests say none is open; the welcome screen requests work', async () => {
    session.start(null);
    await expect(call('project.get')).rejects.toMatchObject({ code: 'not-open', message: expect.stringMatching(/No project is open/) });
    const { samples, copiesDir } = await call('samples.list');
    expect((samples as { name: string }[]).map((s) => s.name)).toContain('hello-c');
    expect(copiesDir).toBe(join(root, 'copies'));
    expect(await call('recent.list')).toEqual({ projects: [] });
    await expect(call('folder.pick')).rejects.toMatchObject({ code: 'not-supported' });
  });

  it('a folder that cannot be opened at start is the reason shown, and another can still be opened', async () => {
    session.start(join(root, 'nope'));
    expect(session.error).toMatch(/nope does not exist/);
    await expect(call('file.read', { path: 'src/main.c' })).rejects.toMatchObject({ code: 'no-project' });
    const dir = sample('hello-c');
    expect((await call('project.open', { dir })) as { dir: string }).toMatchObject({ dir });
    expect(session.error).toBeNull();
  });

  it('re-creates the services for the new folder: reads, watcher events and recents follow the switch', async () => {
    const a = sample('hello-c', 'a');
    const b = sample('hello-cpp', 'b');
    session.start(a);
    session.warm();
    expect(((await call('project.get')) as { config: { name: string } }).config.name).toBe('hello-c');

    const info = (await call('project.open', { dir: b })) as { dir: string; files: string[] };
    expect(info.dir).toBe(b);
    expect(info.files).toContain('src/main.cpp');
    expect(((await call('project.get')) as { dir: string }).dir).toBe(b);
    await expect(call('file.read', { path: 'src/main.c' })).rejects.toThrow(/no such file: src\/main\.c/);
    expect(events).toContainEqual({ event: 'project.changed', payload: { dir: b } });
    expect(disposedRunners).toBe(0); // the shared runner stays warm across the switch

    // The old project's watcher is gone; the new one reports.
    await settle();
    events = [];
    writeFileSync(join(a, 'src/main.c'), 'int main(void) { return 1; }\n');
    writeFileSync(join(b, 'src/main.cpp'), 'int main() { return 2; }\n');
    await expect.poll(() => events.map((e) => e.payload), { timeout: 5000 }).toContainEqual({ path: 'src/main.cpp', deleted: false });
    expect(events.some((e) => (e.payload as { path?: string }).path === 'src/main.c')).toBe(false);

    expect(((await call('recent.list')) as { projects: { dir: string }[] }).projects.map((p) => p.dir)).toEqual([b, a]);
  });

  it('keeps the open project when the new folder cannot be opened, and says why', async () => {
    const a = sample('hello-c', 'a');
    session.start(a);
    mkdirSync(join(root, 'plain'));
    await expect(call('project.open', { dir: join(root, 'plain') })).rejects.toMatchObject({ code: 'not-a-project', message: expect.stringMatching(/has no studio\.json/) });
    expect(((await call('project.get')) as { dir: string }).dir).toBe(a);
  });

  it('unsaved edits of the old project stay in its backups and come back when it is opened again', async () => {
    const a = sample('hello-c', 'a');
    const b = sample('hello-wat', 'b');
    session.start(a);
    const disk = readFileSync(join(a, 'src/main.c'), 'utf8');
    await call('backup.save', { path: 'src/main.c', content: disk + '// unsaved\n', baseHash: hashText(disk) });
    await call('project.open', { dir: b });
    expect(await call('backup.list')).toEqual({ backups: [] });
    await call('project.open', { dir: a });
    const { backups } = (await call('backup.list')) as { backups: { path: string; state: string; content: string }[] };
    expect(backups).toMatchObject([{ path: 'src/main.c', state: 'newer', content: disk + '// unsaved\n' }]);
  });

  it('opens a copy of a sample (never the sample itself) and a new project from a template', async () => {
    session.start(null);
    const copy = (await call('project.fromSample', { sample: 'hello-c' })) as { dir: string };
    expect(copy.dir).toBe(join(root, 'copies/hello-c'));
    const again = (await call('project.fromSample', { sample: 'hello-c' })) as { dir: string };
    expect(again.dir).toBe(join(root, 'copies/hello-c-2'));
    const made = (await call('project.fromTemplate', { language: 'ts', dir: join(root, 'fresh') })) as { config: { name: string; language: string } };
    expect(made.config).toMatchObject({ name: 'fresh', language: 'ts' });
    await expect(call('project.fromTemplate', { language: 'c', dir: join(root, 'copies/hello-c') })).rejects.toMatchObject({ code: 'not-empty' });
    await expect(call('project.fromTemplate', { language: 'rust', dir: join(root, 'r') })).rejects.toMatchObject({ code: 'bad-params' });
    expect(((await call('project.get')) as { dir: string }).dir).toBe(join(root, 'fresh'));
  });
});
