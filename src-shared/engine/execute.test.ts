import { describe, expect, it } from 'vitest';
import { denyAll, resolveGrants } from '../capabilities/policy';
import { executeRun, nothingRan, workerReusableAfter } from './execute';
import type { Instantiate } from './run-command';

describe('workerReusableAfter', () => {
  const ok = { ...nothingRan(null), exitCode: 0, memoryBytes: 2 * 65536 };
  it('keeps the worker of a run that ended without error and with a small memory', () => {
    expect(workerReusableAfter(ok)).toBe(true);
    expect(workerReusableAfter({ ...ok, exitCode: 3 })).toBe(true);
  });
  it('retires it after an error, or when the guest grew a large memory', () => {
    expect(workerReusableAfter({ ...ok, error: 'wasm trap: unreachable' })).toBe(false);
    expect(workerReusableAfter({ ...ok, memoryBytes: 65 * 1024 * 1024 })).toBe(false);
  });
});

describe('executeRun', () => {
  // What the engine's shim holds for a run (the Node filesystem's fds) is released when the run ends, however it ends.
  const runWith = (instantiate: Instantiate) => {
    const released: string[] = [];
    const shim = {
      baseImports: (io: { atEnd(release: () => void): void }) => {
        io.atEnd(() => released.push('fds'));
        return { 'wasi:cli/exit': { exit() {} } };
      },
      realFolder: () => null,
      httpStreams: { reader: () => ({}), writer: () => ({}), ready: () => ({}) },
    };
    const run = executeRun({ engine: 'node', shim, instantiate, compile: async () => ({}), grants: resolveGrants(denyAll(), 'p', {}), maxOutputBytes: 1024, trace: false, now: () => 0 });
    return { run, released };
  };

  it('releases what the shim registered after a run that ends', async () => {
    const { run, released } = runWith(() => ({ run: { run: () => expect(released).toEqual([]) } }));
    expect((await run).error).toBeNull();
    expect(released).toEqual(['fds']);
  });

  it('and after a run that traps', async () => {
    const { run, released } = runWith(() => ({ run: { run: () => { throw new Error('wasm trap: unreachable'); } } }));
    expect((await run).error).toMatch(/unreachable/);
    expect(released).toEqual(['fds']);
  });
});
