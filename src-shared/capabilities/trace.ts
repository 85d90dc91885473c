import type { EngineName } from '../protocol/types';

export interface TraceEntry {
  /** The ordinal of the (first) call this row shows. */
  seq: number;
  /** Milliseconds since the run started. */
  at: number;
  engine: EngineName;
  /** In a composition: the member that made the call (src-shared/protocol/composition.ts). */
  component?: string;
  /** A call that crossed into another member of the composition: the member that answered it. */
  callee?: string;
  interface: string;
  function: string;
  args: string;
  result: string;
  denied: boolean;
  /** Refused at the sandbox's walls (a path out of its mount): no grant lifts it, so no fix-it is offered. */
  wall?: boolean;
  error: boolean;
  /** Total milliseconds spent in the call(s) of this row. */
  ms: number;
  /**
   * Set on a row that stands for several consecutive calls of the same function (all succeeded,
   * none refused): how many. Their arguments are not rendered, so `args` is '…'. The first and the
   * last call of such a run keep rows of their own, either side of it.
   */
  count?: number;
  /** With `count`: when the last call of the row started. */
  lastAt?: number;
}

/** Most rows kept per run; counts stay exact beyond it. */
export const TRACE_LIMIT = 5000;

/** How many calls a row stands for. */
export const callsOf = (e: Pick<TraceEntry, 'count'>): number => e.count ?? 1;

type Render = () => [args: string, result: string];

/** Who a row is about in a composition (TraceEntry's `component` and `callee`); nobody in a run of one component. */
export interface Who {
  component?: string;
  callee?: string;
}
const NOBODY: Who = {};

/** What traceImports records with: a Tracer, or one member's view of it. */
export type TraceRecorder = Pick<Tracer, 'clock' | 'record'>;

/**
 * Hears each row as the run goes on (src-shared/engine/run-journal.ts keeps them where a killed
 * run's supervisor can read them): a row created, its numbers changed, its text final.
 */
export interface TraceMirror {
  created(index: number, entry: TraceEntry): void;
  changed(index: number, entry: TraceEntry): void;
  rendered(index: number, entry: TraceEntry): void;
}

/** A row while the run goes on: arguments and result are rendered only when the row is final. */
interface Row {
  entry: TraceEntry;
  render: Render | null;
  /** Successful, unrefused calls may fold into a run of the same function. */
  foldable: boolean;
  role: 'single' | 'middle' | 'last';
}

export class Tracer {
  private readonly rows: Row[] = [];
  readonly counts: Record<string, number> = {};
  dropped = 0;
  private seq = 0;
  private rendered: TraceEntry[] | null = null;

  constructor(
    readonly engine: EngineName,
    private readonly now: () => number,
    private readonly start = now(),
    private readonly mirror: TraceMirror | null = null,
  ) {}

  clock(): number {
    return this.now();
  }

  /**
   * Counts every call exactly. Consecutive successful calls of one function fold into three rows:
   * the first call, one row counting the calls between, and the latest call; a refused or failed
   * call always has a row of its own. `render` turns arguments and result into text only for a
   * row that is kept as a single call, so a flood of writes costs a counter and a closure each.
   */
  /** `denied`: refused by the policy; 'wall': refused at the sandbox's walls, which no grant lifts. */
  record(iface: string, fn: string, render: Render, denied: boolean | 'wall', error: boolean, began: number, who: Who = NOBODY): void {
    this.counts[iface] = (this.counts[iface] ?? 0) + 1;
    this.rendered = null;
    const end = this.now();
    const seq = this.seq++;
    const foldable = !denied && !error;
    const rows = this.rows;
    const last = rows[rows.length - 1];
    if (foldable && last?.foldable && last.entry.function === fn && last.entry.interface === iface && last.entry.component === who.component && last.entry.callee === who.callee) {
      if (last.role === 'last') {
        const prev = rows[rows.length - 2]!;
        if (prev.role === 'middle') {
          // The previous latest call joins the middle row; this call becomes the latest.
          const m = prev.entry;
          m.count! += 1;
          m.ms += last.entry.ms;
          m.lastAt = last.entry.at;
          this.mirror?.changed(rows.length - 2, m);
          this.fill(last, seq, began, end, render);
          this.mirror?.changed(rows.length - 1, last.entry);
          return;
        }
        if (rows.length >= TRACE_LIMIT) return void this.dropped++;
        last.role = 'middle';
        last.render = null;
        Object.assign(last.entry, { args: '…', result: '', count: 1, lastAt: last.entry.at });
        this.mirror?.changed(rows.length - 1, last.entry);
        this.mirror?.rendered(rows.length - 1, last.entry);
      } else if (rows.length >= TRACE_LIMIT) return void this.dropped++;
      this.push(iface, fn, false, false, 'last', seq, began, end, render, who);
      return;
    }
    // A latest call of a run of calls is final once another call follows it.
    if (this.mirror && last?.role === 'last') this.settle(last, rows.length - 1);
    if (rows.length >= TRACE_LIMIT) return void this.dropped++;
    this.push(iface, fn, denied, error, 'single', seq, began, end, render, who);
  }

  /** Records for one member of a composition: its rows name it, and a cross-component call's rows the member that answered. */
  recorder(who: Who): TraceRecorder {
    return { clock: () => this.now(), record: (iface, fn, render, denied, error, began) => this.record(iface, fn, render, denied, error, began, who) };
  }

  /** The rows so far, rendered. */
  get entries(): TraceEntry[] {
    if (this.rendered) return this.rendered;
    for (const r of this.rows) {
      if (!r.render) continue;
      [r.entry.args, r.entry.result] = r.render();
      r.render = null;
    }
    this.rendered = this.rows.map((r) => r.entry);
    return this.rendered;
  }

  private push(iface: string, fn: string, denied: boolean | 'wall', error: boolean, role: Row['role'], seq: number, began: number, end: number, render: Render, who: Who): void {
    const row: Row = {
      entry: {
        seq: 0,
        at: 0,
        engine: this.engine,
        ...(who.component !== undefined ? { component: who.component } : {}),
        ...(who.callee !== undefined ? { callee: who.callee } : {}),
        interface: iface,
        function: fn,
        args: '',
        result: '',
        denied: Boolean(denied),
        error,
        ms: 0,
        ...(denied === 'wall' ? { wall: true } : {}),
      },
      render: null,
      foldable: !denied && !error,
      role,
    };
    this.rows.push(row);
    this.fill(row, seq, began, end, render);
    if (!this.mirror) return;
    const index = this.rows.length - 1;
    this.mirror.created(index, row.entry);
    // A single call's row never changes again: its text is rendered now, where a kill cannot lose it.
    if (role === 'single') this.settle(row, index);
  }

  private settle(row: Row, index: number): void {
    if (!row.render) return;
    [row.entry.args, row.entry.result] = row.render();
    row.render = null;
    this.mirror?.rendered(index, row.entry);
  }

  private fill(row: Row, seq: number, began: number, end: number, render: Render): void {
    row.entry.seq = seq;
    row.entry.at = round(began - this.start);
    row.entry.ms = round(end - began);
    row.render = render;
  }
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** A short, human-sized rendering of a WASI value for the trace. */
export function summarize(value: unknown, depth = 0): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 48 ? value.slice(0, 48) + '…' : value);
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value !== 'object') return String(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  if (depth > 1) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, 4).map((v) => summarize(v, depth + 1));
    return `[${items.join(', ')}${value.length > 4 ? `, …${value.length - 4} more` : ''}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return `<${resourceName(proto)}>`;
  // A WIT flags value is a record of booleans: the flags that are set say it all.
  const entries = Object.entries(value as object);
  if (entries.length && entries.every(([, v]) => typeof v === 'boolean' || v === undefined)) {
    const set = entries.filter(([, v]) => v).map(([k]) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase()));
    return set.length ? set.join('|') : '(none)';
  }
  const parts = entries
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${summarize(v, depth + 1)}`);
  return `{${parts.join(', ')}}`;
}

/**
 * A resource by the WASI type it is, the class nearest the root of its chain (OutputStream,
 * Descriptor), not an engine's own subclass of it: the same stream reads the same in both engines.
 */
function resourceName(proto: object): string {
  let p = proto;
  for (let up = Object.getPrototypeOf(p); up && up !== Object.prototype; up = Object.getPrototypeOf(up)) p = up;
  return (p as { constructor?: { name?: string } }).constructor?.name || 'resource';
}
