import { describe, expect, it } from 'vitest';
import type { EventName, StudioClient, StudioEvents } from '../../src-shared/protocol/api';
import type { BuildResult, BuildStep } from '../../src-shared/protocol/types';
import { createStudioStore } from './store';

/** A studio whose build.start emits the given steps one by one, then answers with them. */
function fakeBuilds() {
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const emit = <E extends EventName>(event: E, payload: StudioEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  let next: { steps: BuildStep[]; unchanged?: boolean } = { steps: [] };
  const seenWhileBuilding: string[][] = [];
  const client: StudioClient = {
    async call(method) {
      if (method === 'build.start') {
        for (const step of next.steps) {
          emit('build.step', step);
          seenWhileBuilding.push(store.getState().buildSteps.map((s) => s.name));
        }
        const result: BuildResult = { ok: true, hash: 'h', diagnostics: [], steps: next.steps, log: '', stale: false, unchanged: next.unchanged };
        return result as never;
      }
      if (method === 'component.describe') return new Promise(() => {}) as never;
      throw new Error(`unexpected call ${method}`);
    },
    on<E extends EventName>(event: E, listener: (p: StudioEvents[E]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => {};
    },
  };
  const store = createStudioStore({ client, browserEngine: { run: async () => ({}) as never, stop: () => false }, newRunId: () => 'r' });
  return { store, seenWhileBuilding, setNext: (n: typeof next) => (next = n) };
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
