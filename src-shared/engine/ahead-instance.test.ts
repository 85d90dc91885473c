import { describe, expect, it } from 'vitest';
import { AheadInstances, sinkWhileMadeAhead, type AheadInstance } from './ahead-instance';

const instance = (key: string, released: string[]): AheadInstance => ({
  key,
  exports: {},
  serving: null as unknown as AheadInstance['serving'],
  sink: sinkWhileMadeAhead('node', () => 0, 1024),
  memoryBytes: () => 0,
  release: () => released.push(key),
  timings: { instantiate: 1 },
});

describe('AheadInstances', () => {
  it('hands the instance made for a key to one request of that key only', async () => {
    const released: string[] = [];
    const ahead = new AheadInstances();
    ahead.prepare('a', async () => instance('a', released));
    const first = await ahead.take('a');
    expect(first?.key).toBe('a');
    expect(await ahead.take('a')).toBeNull();
    expect(released).toEqual([]);
  });

  it('drops the instance of another key instead of serving with it', async () => {
    const released: string[] = [];
    const ahead = new AheadInstances();
    ahead.prepare('a', async () => instance('a', released));
    expect(await ahead.take('b')).toBeNull();
    expect(released).toEqual(['a']);
  });

  it('waits for an instance still being made, and a failed one is no instance', async () => {
    const released: string[] = [];
    const ahead = new AheadInstances();
    let finish!: () => void;
    ahead.prepare('a', () => new Promise((resolve) => (finish = () => resolve(instance('a', released)))));
    let settled = false;
    const waiting = ahead.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    finish();
    await waiting;
    expect((await ahead.take('a'))?.key).toBe('a');
    ahead.prepare('a', () => Promise.reject(new Error('trapped')));
    expect(await ahead.take('a')).toBeNull();
  });

  it('releases the one it replaces', async () => {
    const released: string[] = [];
    const ahead = new AheadInstances();
    ahead.prepare('a', async () => instance('a', released));
    ahead.prepare('b', async () => instance('b', released));
    expect((await ahead.take('b'))?.key).toBe('b');
    await Promise.resolve();
    expect(released).toEqual(['a']);
  });
});

describe('sinkWhileMadeAhead', () => {
  it('refuses every traced call: the trace wrapper asks the clock before it calls', () => {
    const { tracer } = sinkWhileMadeAhead('node', () => 0, 1024);
    expect(() => tracer.clock()).toThrow(/made ahead/);
  });
});
