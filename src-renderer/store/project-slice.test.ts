import { describe, expect, it } from 'vitest';
import type { BuildResult, ProjectInfo } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from './fake-client';

const info: ProjectInfo = { dir: '/p', config: { name: 'p', language: 'c', limits: { maxWasmMiB: 64 } } as ProjectInfo['config'], configProblem: null, files: ['src/main.c'] };
const built: BuildResult = { ok: true, hash: 'h', diagnostics: [], steps: [{ name: 'link', ms: 5 }], log: '', stale: false };

describe('opening a project', () => {
  it('a reloaded window shows the build the studio already made', async () => {
    const f = storeOverFakeClient({ 'project.get': () => info, 'build.last': () => ({ result: built }), 'file.read': () => ({ content: 'int main;' }), 'component.describe': () => new Promise(() => {}) });
    await f.store.getState().loadProject();
    expect(f.store.getState().buildResult).toEqual(built);
    expect(f.store.getState().buildSteps).toEqual(built.steps);
  });

  it('no build yet, or a studio that cannot say, leaves "not built" and the project open', async () => {
    const f = storeOverFakeClient({ 'project.get': () => info, 'file.read': () => ({ content: '' }) });
    await f.store.getState().loadProject();
    expect(f.store.getState().project).toEqual(info);
    expect(f.store.getState().buildResult).toBeNull();
  });
});

describe('an opened .wasm', () => {
  it('is set aside, with a word, once the project\'s sources are edited: Run builds them again', async () => {
    const f = storeOverFakeClient({
      'project.get': () => info,
      'build.last': () => ({ result: null }),
      'file.read': () => ({ content: 'int main;' }),
      'component.open': () => ({ name: 'other.wasm', adapted: false, size: 10 }),
    });
    await f.store.getState().loadProject();
    await f.store.getState().openComponent('other.wasm', new Uint8Array([0, 97, 115, 109]));
    expect(f.store.getState().opened?.name).toBe('other.wasm');
    f.store.getState().editFile('src/main.c', 'int main(void) { return 1; }');
    expect(f.store.getState().opened).toBeNull();
    expect(f.store.getState().notice).toContain('other.wasm is set aside');
  });
});
