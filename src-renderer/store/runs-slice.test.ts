import { describe, expect, it, vi } from 'vitest';
import type { BuildResult, ComponentDescription, RunResult } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from './fake-client';

const built: BuildResult = { ok: true, hash: 'h1', diagnostics: [], steps: [], log: '', stale: false };
const describeAs = (exports: string[], functions: string[]): ComponentDescription => ({
  name: 'c', hash: 'h1', size: 1, imports: [], exports, coreModules: [], functionsError: null,
  functions: functions.map((label) => ({ path: [label], label, fn: { params: [], result: null } }) as unknown as ComponentDescription['functions'][number]),
});
const ran: RunResult = { engine: 'node', exitCode: 0, stdout: 'hi\n', stderr: '', timedOut: false, stopped: false, error: null, timings: {}, trace: [] };

function studio(description: ComponentDescription) {
  return storeOverFakeClient({ 'build.start': () => built, 'component.describe': () => description, 'run.node': () => ran });
}

describe('Run', () => {
  it('on a library runs nothing: it says so, names the exports and opens Calls', async () => {
    const f = studio(describeAs(['greet'], ['greet']));
    await f.store.getState().run(['node']);
    expect(f.calls.map((c) => c.method)).not.toContain('run.node');
    const s = f.store.getState();
    expect(s.bottomTab).toBe('calls');
    expect(s.notice).toContain('This component is a library: it exports greet and no wasi:cli/run');
    expect(s.runs.node.status).toBe('idle');
    expect(s.runs.node.result).toBeNull();
  });

  it('on a command runs it', async () => {
    const f = studio(describeAs(['wasi:cli/run@0.2.3'], []));
    await f.store.getState().run(['node']);
    expect(f.calls.map((c) => c.method)).toContain('run.node');
    expect(f.store.getState().runs.node.result?.stdout).toBe('hi\n');
  });

  it("streams a run's output and phases into its pane as they come, and Stop reaches the engine of each run in flight", async () => {
    let release!: () => void;
    const f = storeOverFakeClient({
      'build.start': () => built,
      'component.describe': () => describeAs(['wasi:cli/run@0.2.3'], []),
      'run.node': () => new Promise((r) => (release = () => r(ran))),
      'run.stop': () => ({ stopped: true }),
    });
    const running = f.store.getState().run(['node', 'browser']);
    await vi.waitFor(() => expect(f.calls.map((c) => c.method)).toContain('run.node'));
    f.emit('run.output', { runId: 'r', engine: 'node', stream: 'stdout', text: 'h' });
    f.emit('run.phases', { runId: 'r', engine: 'node', timings: { instantiate: 2 } });
    expect(f.store.getState().runs.node.stdout).toBe('h');
    expect(f.store.getState().runs.node.phases).toEqual({ instantiate: 2 });
    await f.store.getState().stop();
    expect(f.calls.filter((c) => c.method === 'run.stop')).toHaveLength(1);
    release();
    await running;
    expect(f.store.getState().runs.node.stdout).toBe('hi\n');
    // The store tests have no browser engine: its pane says why instead of hanging.
    expect(f.store.getState().runs.browser.error).toBe('no browser engine in the store tests');
  });
});
