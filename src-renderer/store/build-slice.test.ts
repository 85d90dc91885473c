import { describe, expect, it } from 'vitest';
import type { BuildResult, BuildStep } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from './fake-client';

/** A studio whose build.start emits the given steps one by one, then answers with them. */
function fakeBuilds() {
  let next: { steps: BuildStep[]; unchanged?: boolean } = { steps: [] };
  const seenWhileBuilding: string[][] = [];
  const f = storeOverFakeClient({
    'build.start': () => {
      for (const step of next.steps) {
        f.emit('build.step', step);
        seenWhileBuilding.push(f.store.getState().buildSteps.map((s) => s.name));
      }
      const result: BuildResult = { ok: true, hash: 'h', diagnostics: [], steps: next.steps, log: '', stale: false, unchanged: next.unchanged };
      return result;
    },
    'component.describe': () => new Promise(() => {}),
  });
  return { store: f.store, seenWhileBuilding, setNext: (n: typeof next) => (next = n) };
}

describe('build steps for the timing panel', () => {
  it('grow one by one while the build runs, then are the build\'s steps', async () => {
    const f = fakeBuilds();
    const steps = [
      { name: 'cache lookup', ms: 1 },
      { name: 'compile src/main.c', ms: 100 },
      { name: 'link', ms: 120 },
    ];
    f.setNext({ steps });
    await f.store.getState().build();
    expect(f.seenWhileBuilding).toEqual([['cache lookup'], ['cache lookup', 'compile src/main.c'], ['cache lookup', 'compile src/main.c', 'link']]);
    expect(f.store.getState().buildSteps).toEqual(steps);
  });

  it('a build with nothing to do keeps the steps of the build that made the component', async () => {
    const f = fakeBuilds();
    const real = [{ name: 'link', ms: 120 }];
    f.setNext({ steps: real });
    await f.store.getState().build();
    f.setNext({ steps: [{ name: 'cache hit (sources unchanged)', ms: 0 }], unchanged: true });
    await f.store.getState().build();
    expect(f.store.getState().buildSteps).toEqual(real);
  });
});

describe('after a good build', () => {
  it('a run that never happened because the last build failed no longer says so', async () => {
    let ok = false;
    const f = storeOverFakeClient({
      'build.start': () => ({ ok, hash: 'h', diagnostics: [], steps: [], log: '', stale: false }) satisfies BuildResult,
      'component.describe': () => new Promise(() => {}),
    });
    await f.store.getState().run(['node', 'browser']);
    expect(f.store.getState().runs.node.error).toMatch(/build failed/i);
    ok = true;
    await f.store.getState().build();
    expect(f.store.getState().runs.node).toMatchObject({ status: 'idle', error: null });
    expect(f.store.getState().runs.browser).toMatchObject({ status: 'idle', error: null });
  });
});
