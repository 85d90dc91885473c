import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../../src-shared/capabilities/trace';
import { componentsOf, filterTrace } from './trace-filter';

const row = (over: Partial<TraceEntry>): TraceEntry => ({
  seq: 0, at: 0, engine: 'node', interface: 'wasi:cli/stdout', function: 'write', args: '', result: '', denied: false, error: false, ms: 0, ...over,
});

const rows = [
  row({ seq: 1, component: 'app' }),
  row({ seq: 2, component: 'app', callee: 'lib', interface: 'docs:compose/words', function: 'count' }),
  row({ seq: 3, component: 'lib', interface: 'wasi:filesystem/preopens', function: 'get-directories', denied: true }),
  row({ seq: 4, component: 'lib', engine: 'browser', interface: 'wasi:random/random', function: 'get-random-u64' }),
];
const all = { component: '', iface: '', engine: '' as const, deniedOnly: false };

describe('trace filter', () => {
  it('lists the components in order of appearance; none for a run that is not a composition', () => {
    expect(componentsOf(rows)).toEqual(['app', 'lib']);
    expect(componentsOf([row({})])).toEqual([]);
  });

  it('keeps one component\'s calls, the calls it made into other members included', () => {
    expect(filterTrace(rows, { ...all, component: 'app' }).map((r) => r.seq)).toEqual([1, 2]);
    expect(filterTrace(rows, { ...all, component: 'lib' }).map((r) => r.seq)).toEqual([3, 4]);
    expect(filterTrace(rows, all).map((r) => r.seq)).toEqual([1, 2, 3, 4]);
  });

  it('combines with the other filters', () => {
    expect(filterTrace(rows, { ...all, component: 'lib', deniedOnly: true }).map((r) => r.seq)).toEqual([3]);
    expect(filterTrace(rows, { ...all, component: 'lib', engine: 'browser' }).map((r) => r.seq)).toEqual([4]);
    expect(filterTrace(rows, { ...all, component: 'app', iface: 'wasi:random/random' })).toEqual([]);
  });
});
