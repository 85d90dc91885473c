/**
 * How many calls crossed each wire of a composition so far, from the trace rows: a row whose
 * `component` is the wire's importer and whose `callee` is its exporter is a call over that wire.
 */

import { callsOf, type TraceEntry } from '../../../src-shared/capabilities/trace';

/** What counting reads of a row: a trace row, or a live count of a run still going (count: its calls). */
export type CallRow = Pick<TraceEntry, 'component' | 'callee' | 'interface' | 'count'>;
import { glueImportKey, type Wire } from '../../../src-shared/protocol/composition';

/**
 * Calls per wire, in the order of `wires`. Where one importer has several wires to the same
 * exporter (two interfaces), a row counts on the wire whose interface it names (with or without
 * version); where it has one, every row between the two counts on it, whatever the row calls the
 * interface.
 */
export function wireCounts(wires: readonly Wire[], trace: readonly CallRow[]): number[] {
  const counts = wires.map(() => 0);
  for (const row of trace) {
    if (!row.component || !row.callee) continue;
    const between = wires.flatMap((w, i) => (w.to === row.component && w.from === row.callee ? [i] : []));
    const i =
      between.length === 1
        ? between[0]
        : between.find((k) => [wires[k]!.import, wires[k]!.export].some((n) => glueImportKey(n) === glueImportKey(row.interface)));
    if (i !== undefined) counts[i]! += callsOf(row);
  }
  return counts;
}
