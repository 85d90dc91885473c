import { describe, expect, it } from 'vitest';
import { WorkerShelf } from './worker-shelf';

function shelf(spare = true) {
  let next = 0;
  const terminated: number[] = [];
  const s = new WorkerShelf<number>({ start: () => ++next, terminate: (w) => void terminated.push(w) }, { spare });
  return { s, terminated, started: () => next };
}

describe('WorkerShelf', () => {
  it('keeps a spare started, and hands back the worker that holds a component\'s modules, then its glue', () => {
    const { s, started } = shelf();
    s.warm();
    const a = s.take('glue-a', 'a:64');
    expect(a.worker).toBe(1);
    expect(started()).toBe(2); // the next run finds a spare
    a.glue.add('glue-a');
    a.modules.add('a:64');
    s.giveBack(a);
    expect(s.take('glue-a', 'a:64').worker).toBe(1);
    const b = s.take('glue-a', 'a:128');
    expect(b.worker).toBe(2);
  });

  it('keeps at most two idle workers, and retires one that holds too much', () => {
    const { s, terminated } = shelf();
    const [a, b, c] = [s.take('g', 'm'), s.take('g', 'm'), s.take('g', 'm')];
    s.giveBack(a);
    s.giveBack(b);
    s.giveBack(c);
    expect(terminated.length).toBeGreaterThan(0);
    const full = s.take('x', 'y');
    for (let i = 0; i < 9; i++) full.modules.add(`m${i}`);
    s.giveBack(full);
    expect(terminated).toContain(full.worker);
  });

  it('forgets a worker that died while waiting', () => {
    const { s } = shelf();
    s.warm();
    s.forget(1);
    expect(s.take('g', 'm').worker).toBe(2);
  });

  it('without a spare, starts one worker ahead and no other until a run needs it', () => {
    const { s, started } = shelf(false);
    s.warm();
    const a = s.take('g', 'm');
    expect(started()).toBe(1);
    s.giveBack(a);
    expect(s.take('g', 'm').worker).toBe(1);
    expect(s.take('g', 'm').worker).toBe(2);
    expect(started()).toBe(2);
  });
});
