import { describe, expect, it } from 'vitest';
import type { HandledResult } from '../../src-shared/engine/engine';
import type { BuildResult } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from './fake-client';
import { draftRequest } from './http-slice';

describe('draftRequest', () => {
  it('reads one header a line, trims, and keeps the body as UTF-8', () => {
    const d = draftRequest({ method: 'POST', path: ' /echo?x=1 ', headers: 'content-type: text/plain\n\n  X-Name:  ada:lovelace  \n', body: 'é' });
    expect(d).toEqual({ ok: true, request: { method: 'POST', path: '/echo?x=1', headers: [['content-type', 'text/plain'], ['X-Name', 'ada:lovelace']], body: new TextEncoder().encode('é'), authority: 'localhost', scheme: 'http' } });
    expect(draftRequest({ method: 'GET', path: '', headers: '', body: '' })).toMatchObject({ ok: true, request: { path: '/' } });
  });

  it('refuses a header line without a name and a path without its slash', () => {
    expect(draftRequest({ method: 'GET', path: '/', headers: 'no colon here', body: '' })).toEqual({ ok: false, error: 'a header is "Name: value", not "no colon here"' });
    expect(draftRequest({ method: 'GET', path: '/', headers: 'bad name: x', body: '' })).toMatchObject({ ok: false });
    expect(draftRequest({ method: 'GET', path: 'json', headers: '', body: '' })).toEqual({ ok: false, error: 'the path starts with /, not "json"' });
  });
});

describe('request history', () => {
  const built: BuildResult = { ok: true, hash: 'h1', diagnostics: [], steps: [], log: '', stale: false };
  const handled = (status: number): HandledResult => ({
    engine: 'node', exitCode: 0, stdout: '', stderr: '', timedOut: false, stopped: false, error: null, timings: {}, trace: [],
    response: { status, headers: [], body: new Uint8Array() },
  });
  const studio = () => {
    const paths: string[] = [];
    const reuses: (boolean | undefined)[] = [];
    const f = storeOverFakeClient({
      'build.start': () => built,
      'component.describe': () => ({ name: 'c', hash: 'h1', size: 1, imports: [], exports: ['wasi:http/incoming-handler@0.2.10'], coreModules: [], functions: [], functionsError: null }),
      'handle.node': (p) => {
        const path = (p as unknown as { request: { path: string } }).request.path;
        paths.push(path);
        reuses.push((p as unknown as { reuse?: boolean }).reuse);
        return handled(path === '/missing' ? 404 : 200);
      },
    });
    return { ...f, paths, reuses };
  };

  it('keeps each request sent, newest first, with what each engine answered, and Replay sends it again as it was', async () => {
    const f = studio();
    const s = () => f.store.getState();
    s().setHttpDraft({ path: '/json?x=1', headers: 'x-name: ada' });
    await s().sendRequest(['node', 'browser']);
    s().setHttpDraft({ method: 'POST', path: '/missing', headers: '' });
    await s().sendRequest(['node']);
    expect(s().httpHistory.map((h) => [h.draft.method, h.draft.path, h.engines, h.answers])).toEqual([
      ['POST', '/missing', ['node'], { node: { status: 404, error: null } }],
      ['GET', '/json?x=1', ['node', 'browser'], { node: { status: 200, error: null }, browser: { status: null, error: 'no browser engine in the store tests' } }],
    ]);

    await s().replayRequest(s().httpHistory[1]!.id);
    expect(s().httpDraft).toEqual({ method: 'GET', path: '/json?x=1', headers: 'x-name: ada', body: '' });
    expect(f.paths).toEqual(['/json?x=1', '/missing', '/json?x=1']);
    expect(s().httpHistory).toHaveLength(3);
    expect(s().httpHistory[0]!.answers.node).toEqual({ status: 200, error: null });
  });

  it('is per project: a switch empties it', async () => {
    const f = studio();
    await f.store.getState().sendRequest(['node']);
    expect(f.store.getState().httpHistory).toHaveLength(1);
    f.store.getState().resetProject();
    expect(f.store.getState().httpHistory).toEqual([]);
  });

  it('sends and loads with reuse only while the toggle is on, off again for the next project', async () => {
    const f = studio();
    const s = () => f.store.getState();
    expect(s().httpReuse).toBe(false);
    await s().sendRequest(['node']);
    s().setHttpReuse(true);
    await s().sendRequest(['node']);
    await s().loadRequest(['node'], 2, 1);
    expect(f.reuses).toEqual([undefined, true, true, true]);
    s().resetProject();
    expect(s().httpReuse).toBe(false);
  });
});
