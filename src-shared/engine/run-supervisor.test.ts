import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EndedBy } from './ended-run';
import { RunSupervisor } from './run-supervisor';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function worker() {
  const log: string[] = [];
  return { log, giveBack: () => log.push('giveBack'), terminate: () => log.push('terminate') };
}
const ended = (log: string[]) => (why: EndedBy): string => {
  log.push(`ended:${why.by}`);
  return why.by;
};

describe('RunSupervisor', () => {
  it('settles a run once, with the worker result, and keeps a reusable worker', async () => {
    const s = new RunSupervisor();
    const w = worker();
    const run = s.supervise('a', 1000, w, ended(w.log));
    run.finish('done', true);
    run.finish('again', false);
    s.stop('a');
    vi.advanceTimersByTime(5000);
    expect(await run.result).toBe('done');
    expect(w.log).toEqual(['giveBack']);
  });

  it('ends a run at its time limit: the worker is terminated before what is left is read', async () => {
    const s = new RunSupervisor();
    const w = worker();
    const run = s.supervise('a', 1000, w, ended(w.log));
    vi.advanceTimersByTime(999);
    expect(w.log).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(await run.result).toBe('timedOut');
    expect(w.log.slice(0, 2)).toEqual(['terminate', 'ended:timedOut']);
    run.finish('late', true);
    expect(w.log).not.toContain('giveBack');
  });

  it('stops a running run, and remembers a Stop that came before its run started', async () => {
    const s = new RunSupervisor();
    const w = worker();
    const run = s.supervise('a', 1000, w, ended(w.log));
    s.stop('a');
    expect(await run.result).toBe('stopped');
    s.stop('b');
    expect(s.stoppedBeforeStart('b')).toBe(true);
    expect(s.stoppedBeforeStart('b')).toBe(false);
    expect(s.stoppedBeforeStart('a')).toBe(false);
  });
});
