import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src-shared/protocol/types';
import { storeOverFakeClient } from '../store/fake-client';
import { nodeEngineOver } from './node-engine';

const ran: RunResult = { engine: 'node', exitCode: 0, stdout: 'a', stderr: '', timedOut: false, stopped: false, error: null, timings: {}, trace: [] };

describe('the Node engine as the UI holds it', () => {
  it("routes each run's output and phases to that run's hooks only, and to none once it ended", async () => {
    let release!: () => void;
    const f = storeOverFakeClient({ 'run.node': () => new Promise((r) => (release = () => r(ran))), 'run.stop': () => ({ stopped: true }) });
    const { emit } = f;
    const engine = nodeEngineOver(f.client);
    const heard: string[] = [];
    const running = engine.run('r1', { onOutput: (s, t) => heard.push(`${s}:${t}`), onPhases: (t) => heard.push(`phases:${Object.keys(t).join(',')}`) });
    emit('run.output', { runId: 'r1', engine: 'node', stream: 'stdout', text: 'a' });
    emit('run.output', { runId: 'other', engine: 'node', stream: 'stdout', text: 'not mine' });
    emit('run.phases', { runId: 'r1', engine: 'node', timings: { instantiate: 1 } });
    release();
    expect(await running).toEqual(ran);
    emit('run.output', { runId: 'r1', engine: 'node', stream: 'stdout', text: 'late' });
    expect(heard).toEqual(['stdout:a', 'phases:instantiate']);
    expect(await engine.stop('r1')).toBe(true);
    expect(f.calls.map((c) => c.method)).toEqual(['run.node', 'run.stop']);
  });
});
