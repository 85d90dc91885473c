import { describe, expect, it, vi } from 'vitest';
import type { ProjectInfo, ProjectTrust, TrustGrant } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from './fake-client';

const HOME: TrustGrant = { id: 'env:HOME', kind: 'env', text: 'read your environment variable HOME' };
const TOKEN: TrustGrant = { id: 'env:TOKEN', kind: 'env', text: 'read your environment variable TOKEN' };

/** A fake server whose trust state the test moves, as the real one moves with studio.json. */
function fakeServer(asks: TrustGrant[]) {
  let grants = asks;
  const approved = new Set<string>();
  const refused = new Set<string>();
  const state = (): ProjectTrust => {
    const pending = grants.filter((g) => !approved.has(g.id));
    return { state: pending.length === 0 ? 'trusted' : pending.every((g) => refused.has(g.id)) ? 'refused' : 'ask', grants, pending };
  };
  const info: ProjectInfo = { dir: '/p', config: { name: 'p' } as ProjectInfo['config'], configProblem: null, files: [] };
  const f = storeOverFakeClient({
    'project.get': () => info,
    'trust.get': () => state(),
    'trust.decide': (p) => {
      const { grants: ids, trust } = p as unknown as { grants: string[]; trust: boolean };
      for (const id of ids) (trust ? approved : refused).add(id);
      return state();
    },
    'run.node': () => {
      throw new Error('Run refused: this project is not trusted');
    },
    'build.start': () => {
      throw new Error('the store must not build an untrusted project before the server refuses the run');
    },
  });
  return { ...f, ask: (more: TrustGrant[]) => (grants = more) };
}

describe('trust in the store', () => {
  it('opens the prompt when the server asks; "Don\'t trust" closes it and a run gets the server\'s refusal, not a build', async () => {
    const f = fakeServer([HOME]);
    await f.store.getState().loadProject();
    await vi.waitFor(() => expect(f.store.getState()).toMatchObject({ trustPromptOpen: true, trust: { state: 'ask', pending: [HOME] } }));
    await f.store.getState().decideTrust(false);
    expect(f.store.getState()).toMatchObject({ trustPromptOpen: false, trust: { state: 'refused' } });
    expect(f.calls.find((c) => c.method === 'trust.decide')?.params).toEqual({ grants: ['env:HOME'], trust: false });
    await f.store.getState().run(['node']);
    expect(f.store.getState().runs.node.error).toBe('Run refused: this project is not trusted');
    expect(f.calls.some((c) => c.method === 'build.start')).toBe(false);
  });

  it('trusts only what the prompt showed; an edit of studio.json asking for more fetches the state and asks again', async () => {
    const f = fakeServer([HOME]);
    await f.store.getState().loadProject();
    await vi.waitFor(() => expect(f.store.getState().trustPromptOpen).toBe(true));
    await f.store.getState().decideTrust(true);
    expect(f.store.getState()).toMatchObject({ trustPromptOpen: false, trust: { state: 'trusted' } });
    f.ask([HOME, TOKEN]);
    f.emit('file.changed', { path: 'studio.json', deleted: false });
    await vi.waitFor(() => expect(f.store.getState()).toMatchObject({ trustPromptOpen: true, trust: { pending: [TOKEN] } }));
    f.emit('file.changed', { path: 'src/main.c', deleted: false });
    expect(f.calls.filter((c) => c.method === 'trust.get')).toHaveLength(2);
  });
});
