import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dispatch } from '../../src-shared/protocol/envelope';
import type { ProjectTrust } from '../../src-shared/protocol/types';
import type { RunnerPool } from '../host/engine/runner-pool';
import { samplesDir } from '../paths';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import { RecentProjects } from './recent';
import { Session } from './session';

// The gate is in the services: requests are sent as a WebSocket client sends them (dispatch), with
// no prompt shown. Stand-in toolchain and runner count what reached them; nothing may, until trusted.
let reached: string[];
const toolchains = {
  warm: async () => {},
  dispose: () => {},
  build: async () => (reached.push('toolchain.build'), { ok: false, diagnostics: [], steps: [], log: 'stand-in' }),
} as unknown as ToolchainHost;
const runners = {
  warm: () => {},
  dispose: () => {},
  stop: async () => true,
  run: async () => (reached.push('runner.run'), Promise.reject(new Error('stand-in runner'))),
  transpile: async () => (reached.push('runner.transpile'), Promise.reject(new Error('stand-in runner'))),
} as unknown as RunnerPool;

let root: string;
let session: Session;
let hostile: string;
let samples: string;

const open = () =>
  new Session(() => {}, { samplesDir: samples, copiesDir: join(root, 'copies'), recent: new RecentProjects(join(root, 'config')), toolchains, runners });
const call = async <T = unknown>(method: string, params: unknown = {}): Promise<T> => {
  const reply = await dispatch(session.handlers, { kind: 'request', id: 1, method, params });
  if (!reply?.ok) throw Object.assign(new Error(reply?.ok === false ? reply.error.message : 'no reply'), { code: reply?.ok === false ? reply.error.code : '' });
  return reply.result as T;
};
const refusal = (method: string, params: unknown = {}) => call(method, params).then(() => null, (err: Error & { code: string }) => err);

/** A downloaded C project that mounts the folder two levels up read-write and inherits HOME and a secret. */
function hostileProject(dir: string, extra: object = {}): void {
  cpSync(join(samplesDir(), 'hello-c'), dir, { recursive: true, filter: (s) => !s.includes('/build') });
  const config = JSON.parse(readFileSync(join(dir, 'studio.json'), 'utf8'));
  const policy = { mounts: [{ host: '../..', guest: '/up', mode: 'rw' }], env: [{ name: 'HOME' }, { name: 'STUDIO_FAKE_SECRET' }], ...extra };
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ ...config, policy }));
}

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'studio-trust-')));
  reached = [];
  hostile = join(root, 'downloads/hostile');
  hostileProject(hostile);
  samples = join(root, 'samples');
  mkdirSync(samples);
  // A build cache of this test's own: whether a build reaches the stand-in toolchain must not
  // depend on what another test file built for real.
  vi.stubEnv('COMPONENT_STUDIO_CACHE_DIR', join(root, 'cache'));
  session = open();
});
afterEach(() => {
  vi.unstubAllEnvs();
  session.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('project trust in the services', () => {
  it('Build, Run, Call, the browser engine\'s prepare and write-back of an untrusted project refuse and say why; nothing reaches a toolchain or runner', async () => {
    await call('project.open', { dir: hostile });
    const trust = await call<ProjectTrust>('trust.get');
    expect(trust.state).toBe('ask');
    expect(trust.pending.map((g) => g.text)).toEqual([
      `read, change, create and delete files in ${root} (studio.json mounts "../.." at /up)`,
      'read your environment variable HOME (its value on this machine is given to the component)',
      'read your environment variable STUDIO_FAKE_SECRET (its value on this machine is given to the component)',
    ]);
    const attempts: [string, unknown, string][] = [
      ['build.start', {}, 'Build'],
      ['run.node', { runId: 'r1' }, 'Run'],
      ['call.node', { runId: 'r2', path: ['greet'], args: [] }, 'Call'],
      ['component.prepare', {}, 'Run'],
      ['component.describe', {}, 'Build'],
      ['mount.writeBack', { guest: '/up', path: 'planted.txt', content: new Uint8Array([1]) }, 'Run'],
    ];
    for (const [method, params, action] of attempts) {
      const err = await refusal(method, params);
      expect(err?.code, method).toBe('untrusted');
      expect(err?.message).toMatch(new RegExp(`^${action} refused: this project is not trusted`));
      expect(err?.message).toContain(`  - read your environment variable STUDIO_FAKE_SECRET`);
    }
    expect(reached).toEqual([]);
    expect(readFileSync(join(hostile, 'studio.json'), 'utf8')).not.toContain('trust');
  });

  it('"Don\'t trust" is remembered (refused, not asked) across sessions; Trust lets Build and Run through', async () => {
    await call('project.open', { dir: hostile });
    const { pending } = await call<ProjectTrust>('trust.get');
    expect((await call<ProjectTrust>('trust.decide', { grants: pending.map((g) => g.id), trust: false })).state).toBe('refused');
    session.dispose();
    session = open();
    await call('project.open', { dir: hostile });
    expect((await call<ProjectTrust>('trust.get')).state).toBe('refused');
    expect((await refusal('run.node', { runId: 'r' }))?.code).toBe('untrusted');
    expect((await call<ProjectTrust>('trust.decide', { grants: pending.map((g) => g.id), trust: true })).state).toBe('trusted');
    await call('build.start');
    expect(reached).toEqual(['toolchain.build']);
    expect((await refusal('run.node', { runId: 'r' }))?.message).toMatch(/the last build failed/); // past the gate, to the (failed) build
  });

  it('a studio.json that later asks for more asks again for the new grant only; a stale answer does not approve it; the policy editor\'s additions are the user\'s own', async () => {
    await call('project.open', { dir: hostile });
    const first = await call<ProjectTrust>('trust.get');
    await call('trust.decide', { grants: first.pending.map((g) => g.id), trust: true });
    const config = JSON.parse(readFileSync(join(hostile, 'studio.json'), 'utf8'));
    config.policy.env.push({ name: 'GITHUB_TOKEN' });
    await call('file.write', { path: 'studio.json', content: JSON.stringify(config) });
    const again = await call<ProjectTrust>('trust.get');
    expect(again.state).toBe('ask');
    expect(again.pending.map((g) => g.id)).toEqual(['env:GITHUB_TOKEN']);
    expect((await refusal('run.node', { runId: 'r' }))?.message).toMatch(/GITHUB_TOKEN/);
    // Trusting with the list shown before the edit approves nothing new.
    expect((await call<ProjectTrust>('trust.decide', { grants: first.pending.map((g) => g.id), trust: true })).state).toBe('ask');
    // Removing grants never asks.
    config.policy.env = [];
    await call('file.write', { path: 'studio.json', content: JSON.stringify(config) });
    expect((await call<ProjectTrust>('trust.get')).state).toBe('trusted');
    // Typed into the policy editor: approved as the user's own.
    await call('project.setPolicy', { policy: { ...config.policy, http: { mode: 'allow', origins: ['https://example.com'] } } });
    expect(await call<ProjectTrust>('trust.get')).toMatchObject({ state: 'trusted', pending: [] });
  });

  it('the policy editor does not approve grants studio.json asked for before the user saved', async () => {
    await call('project.open', { dir: hostile });
    const policy = JSON.parse(readFileSync(join(hostile, 'studio.json'), 'utf8')).policy;
    await call('project.setPolicy', { policy: { ...policy, args: ['x'] } });
    expect((await call<ProjectTrust>('trust.get')).pending).toHaveLength(3);
  });

  it('shipped samples are trusted in place, and a gallery copy is recorded as trusted with what it asks for', async () => {
    hostileProject(join(samples, 'asks'), { mounts: [] });
    await call('project.open', { dir: join(samples, 'asks') });
    expect(await call<ProjectTrust>('trust.get')).toMatchObject({ state: 'trusted', pending: [] });
    await call('project.fromSample', { sample: 'asks' });
    const copy = await call<ProjectTrust>('trust.get');
    expect(copy.state).toBe('trusted');
    expect(copy.grants.map((g) => g.id)).toEqual(['env:HOME', 'env:STUDIO_FAKE_SECRET']);
    const saved = JSON.parse(readFileSync(join(root, 'config/trust.json'), 'utf8'));
    expect(saved.folders.map((f: { dir: string }) => f.dir)).toEqual([join(root, 'copies/asks')]);
  });
});
