import { cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeJson, encodeJson } from '../../src-shared/protocol/json-codec';
import type { RunnerPool } from '../host/engine/runner-pool';
import { samplesDir } from '../paths';
import { RecentProjects } from '../services/recent';
import { Session } from '../services/session';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import { startWebServer, type WebServer } from './server';

// A client that talks to /rpc directly and never shows the trust prompt is refused all the same.
const reached: string[] = [];
const toolchains = { warm: async () => {}, dispose: () => {}, build: async () => (reached.push('build'), { ok: false, diagnostics: [], steps: [], log: '' }) } as unknown as ToolchainHost;
const runners = { warm: () => {}, dispose: () => {}, stop: async () => true, run: async () => (reached.push('run'), Promise.reject(new Error('x'))), transpile: async () => (reached.push('transpile'), Promise.reject(new Error('x'))) } as unknown as RunnerPool;

let root: string;
let session: Session;
let server: WebServer;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'ws-trust-')));
  const project = join(root, 'a/b/project');
  cpSync(join(samplesDir(), 'hello-c'), project, { recursive: true, filter: (s) => !s.includes('/build') });
  const config = JSON.parse(readFileSync(join(project, 'studio.json'), 'utf8'));
  writeFileSync(join(project, 'studio.json'), JSON.stringify({ ...config, policy: { mounts: [{ host: '../..', guest: '/up', mode: 'rw' }] } }));
  mkdirSync(join(root, 'ui'));
  writeFileSync(join(root, 'ui/index.html'), '<!doctype html>');
  session = new Session(() => {}, { samplesDir: samplesDir(), copiesDir: join(root, 'copies'), recent: new RecentProjects(join(root, 'config')), toolchains, runners });
  session.start(project);
  server = await startWebServer({ handlers: session.handlers, uiDir: join(root, 'ui'), port: 0 });
});
afterAll(async () => {
  await server.close();
  session.dispose();
  rmSync(root, { recursive: true, force: true });
});

describe('trust over the WebSocket', () => {
  it('build.start, run.node, call.node and component.prepare answer "untrusted" with the list; nothing reaches a toolchain or runner', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const replies = new Map<number, { ok: boolean; error?: { code: string; message: string } }>();
    ws.on('message', (data) => {
      const m = decodeJson(data.toString()) as { id?: number; ok: boolean };
      if (typeof m.id === 'number') replies.set(m.id, m);
    });
    const requests: [string, unknown][] = [['build.start', {}], ['run.node', { runId: 'x' }], ['call.node', { runId: 'y', path: ['f'], args: [] }], ['component.prepare', {}]];
    requests.forEach(([method, params], i) => ws.send(encodeJson({ kind: 'request', id: i + 1, method, params })));
    await expect.poll(() => replies.size, { timeout: 10_000 }).toBe(requests.length);
    for (const [, reply] of replies) {
      expect(reply.ok).toBe(false);
      expect(reply.error?.code).toBe('untrusted');
      expect(reply.error?.message).toContain(`read, change, create and delete files in ${join(root, 'a')}`);
    }
    expect(reached).toEqual([]);
    ws.close();
  });
});
