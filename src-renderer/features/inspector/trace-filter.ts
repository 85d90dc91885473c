/** Which trace rows the trace panel shows: by component of a composition, interface, engine, refusal. */

import type { TraceEntry } from '../../../src-shared/capabilities/trace';
import type { EngineName } from '../../../src-shared/protocol/types';

export interface TraceFilter {
  /** '' for all. */
  component: string;
  iface: string;
  engine: '' | EngineName;
  deniedOnly: boolean;
}

/** The components named by the rows, in the order they first appear; empty when the run was not a composition. */
export function componentsOf(rows: readonly TraceEntry[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) if (r.component) seen.add(r.component);
  return [...seen];
}

/** The rows of one component (the calls it made), or all rows for ''. */
export function ofComponent(rows: readonly TraceEntry[], component: string): readonly TraceEntry[] {
  return component ? rows.filter((r) => r.component === component) : rows;
}

export function filterTrace(rows: readonly TraceEntry[], f: TraceFilter): TraceEntry[] {
  return ofComponent(rows, f.component).filter((t) => (!f.iface || t.interface === f.iface) && (!f.engine || t.engine === f.engine) && (!f.deniedOnly || t.denied));
}
