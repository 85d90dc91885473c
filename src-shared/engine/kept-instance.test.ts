import { describe, expect, it } from 'vitest';
import { KeptInstances, NOT_REUSABLE_NOTICE, ReuseRefusals, type KeptInstance } from './kept-instance';

const instance = (key: string, released: string[]): KeptInstance =>
  ({ key, exports: {}, serving: null as never, sink: null as never, memoryBytes: () => 0, release: () => released.push(key) }) as KeptInstance;

describe('KeptInstances', () => {
  it('hands the kept instance to its own key only, once, until it is kept again', () => {
    const kept = new KeptInstances();
    const a = instance('a', []);
    kept.keep(a);
    expect(kept.take('b')).toBeNull();
    expect(kept.take('a')).toBe(a);
    expect(kept.take('a')).toBeNull();
  });

  it("keeps one: another component's instance releases the one held", () => {
    const released: string[] = [];
    const kept = new KeptInstances();
    kept.keep(instance('a', released));
    kept.keep(instance('b', released));
    expect(released).toEqual(['a']);
    expect(kept.take('a')).toBeNull();
  });
});

describe('ReuseRefusals', () => {
  const handle = { kind: 'handle', request: null, reuse: true } as const;

  it('says the notice the first time a component is found not reusable, and sends its later requests without reuse', () => {
    const r = new ReuseRefusals();
    expect(r.action('c', handle)).toBe(handle);
    expect(r.heard('c', 'reused')).toBeUndefined();
    expect(r.heard('c', 'not-reusable')).toBe(NOT_REUSABLE_NOTICE);
    expect(r.heard('c', 'not-reusable')).toBeUndefined();
    expect(r.action('c', handle)).toEqual({ kind: 'handle', request: null });
    expect(r.action('other', handle)).toBe(handle);
  });
});
