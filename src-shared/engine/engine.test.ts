import { describe, expect, it } from 'vitest';
import type { RunResult } from '../protocol/types';
import type { CallableFunction } from './calls';
import { engineOver, type EngineRuns } from './engine';
import type { Action, Returned } from './run-command';

const ran: RunResult = { engine: 'node', exitCode: 0, stdout: '', stderr: '', timedOut: false, stopped: false, error: null, timings: {}, trace: [] };
const add: CallableFunction = {
  path: ['add'],
  label: 'add',
  fn: { name: 'add', jsName: 'add', params: [{ name: 'x', type: { kind: 's32' } }, { name: 'y', type: { kind: 'u64' } }], result: { kind: 'result', ok: { kind: 'string' }, err: { kind: 'string' } } },
};

/** An engine whose runs record the action they were given and return `returned`. */
function recording(returned?: Returned) {
  const actions: (Action | undefined)[] = [];
  const runs: EngineRuns = {
    prepare: async () => {},
    run: async (_id, _hooks, action) => (actions.push(action), { ...ran, returned }),
    stop: async () => true,
  };
  return { engine: engineOver('node', runs), actions };
}

describe('engineOver: what every engine does with a call', () => {
  it('passes WAVE arguments to the run as the JS values jco takes, and gives back the returned value as WAVE text', async () => {
    const { engine, actions } = recording({ tag: 'ok', val: 'seven' });
    const r = await engine.call('c1', add, ['3', '4']);
    expect(actions).toEqual([{ kind: 'call', path: ['add'], args: [3, 4n] }]);
    expect(r.value).toBe('ok("seven")');
    expect('returned' in r).toBe(false);
  });

  it('gives an err result back as WAVE err', async () => {
    const { engine } = recording({ tag: 'err', val: 'nope' });
    expect((await engine.call('c2', add, ['1', '2'])).value).toBe('err("nope")');
  });

  it('refuses malformed arguments before anything runs', async () => {
    const { engine, actions } = recording();
    await expect(engine.call('c3', add, ['"three"', '4'])).rejects.toThrow(/x|s32|argument/);
    await expect(engine.call('c4', add, ['3'])).rejects.toThrow();
    expect(actions).toEqual([]);
  });

  it('runs the command with no action and keeps no JS value in the result', async () => {
    const { engine, actions } = recording({ tag: 'ok', val: 1 });
    const r = await engine.run('r1');
    expect(actions).toEqual([undefined]);
    expect('returned' in r).toBe(false);
    expect(r.exitCode).toBe(0);
  });
});
