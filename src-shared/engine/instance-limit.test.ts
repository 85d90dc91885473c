import { describe, expect, it } from 'vitest';
import { oncePerModule } from './instance-limit';
import { MemoryLimitError } from './wasm-limits';

describe('oncePerModule', () => {
  it('instantiates each module once and refuses a second instance of the same one', async () => {
    const calls: unknown[] = [];
    const instantiate = oncePerModule(async (module) => {
      calls.push(module);
      return { exports: {} };
    });
    const a = {};
    const b = {};
    await instantiate(a, {});
    await instantiate(b, {});
    const again = instantiate(a, {});
    await expect(again).rejects.toBeInstanceOf(MemoryLimitError);
    await expect(again).rejects.toThrow(/instantiates one of its core modules more than once/);
    expect(calls).toEqual([a, b]);
  });

  it('counts per run: a fresh wrapper starts again', async () => {
    const m = {};
    const inner = async () => ({ exports: {} });
    await oncePerModule(inner)(m, {});
    await expect(oncePerModule(inner)(m, {})).resolves.toEqual({ exports: {} });
  });
});
