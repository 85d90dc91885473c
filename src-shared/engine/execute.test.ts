import { describe, expect, it } from 'vitest';
import { nothingRan, workerReusableAfter } from './execute';

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
