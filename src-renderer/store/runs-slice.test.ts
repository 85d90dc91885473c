import { describe, expect, it } from 'vitest';
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
});
