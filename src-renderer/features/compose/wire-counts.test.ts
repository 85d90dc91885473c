import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../../src-shared/capabilities/trace';
import type { Wire } from '../../../src-shared/protocol/composition';
import { wireCounts } from './wire-counts';

const row = (over: Partial<TraceEntry>): TraceEntry => ({
  seq: 0, at: 0, engine: 'node', interface: 'docs:compose/words', function: 'count', args: '', result: '', denied: false, error: false, ms: 0, ...over,
});
const wire = (from: string, to: string, iface: string): Wire => ({ from, to, export: iface, import: iface });

describe('wireCounts', () => {
  it('counts rows from the importer to the exporter, a folded row as its count', () => {
    const wires = [wire('lib', 'app', 'docs:compose/words@0.1.0'), wire('util', 'lib', 'docs:compose/stem@0.1.0')];
    const trace = [
      row({ component: 'app', callee: 'lib' }),
      row({ component: 'app', callee: 'lib', count: 10 }),
      row({ component: 'app', callee: 'lib' }),
      row({ component: 'lib', callee: 'util', interface: 'docs:compose/stem' }),
      // Not over a wire: the host's calls, a call the other way, rows without a component.
      row({ component: 'app', interface: 'wasi:cli/stdout', function: 'write' }),
      row({ component: 'lib', callee: 'app' }),
      row({}),
    ];
    expect(wireCounts(wires, trace)).toEqual([12, 1]);
  });

  it('two wires between one pair: a row counts on the wire of the interface it names, with or without version', () => {
    const wires = [wire('lib', 'app', 'docs:compose/words@0.1.0'), wire('lib', 'app', 'docs:compose/log@0.1.0')];
    const trace = [row({ component: 'app', callee: 'lib', interface: 'docs:compose/log@0.1.0' }), row({ component: 'app', callee: 'lib', interface: 'docs:compose/words', count: 4 })];
    expect(wireCounts(wires, trace)).toEqual([4, 1]);
  });
});
