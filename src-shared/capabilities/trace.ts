import type { EngineName } from '../protocol/types';

export interface TraceEntry {
  seq: number;
  /** Milliseconds since the run started. */
  at: number;
  engine: EngineName;
  interface: string;
  function: string;
  args: string;
  result: string;
  denied: boolean;
  error: boolean;
  ms: number;
}

/** Most entries kept per run; counts stay exact beyond it. */
export const TRACE_LIMIT = 5000;

export class Tracer {
  readonly entries: TraceEntry[] = [];
  readonly counts: Record<string, number> = {};
  dropped = 0;
  private seq = 0;

  constructor(
    readonly engine: EngineName,
    private readonly now: () => number,
    private readonly start = now(),
  ) {}

  clock(): number {
    return this.now();
  }

  /**
   * Counts every call; keeps the first TRACE_LIMIT in full. `render` turns arguments and result
   * into text only for a call that is kept, so a flood of calls past the limit costs a counter.
   */
  record(iface: string, fn: string, render: () => [args: string, result: string], denied: boolean, error: boolean, began: number): void {
    this.counts[iface] = (this.counts[iface] ?? 0) + 1;
    if (this.entries.length >= TRACE_LIMIT) {
      this.dropped++;
      return;
    }
    const end = this.now();
    const [args, result] = render();
    this.entries.push({
      seq: this.seq++,
      at: round(began - this.start),
      engine: this.engine,
      interface: iface,
      function: fn,
      args,
      result,
      denied,
      error,
      ms: round(end - began),
    });
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
  if (proto !== Object.prototype && proto !== null) return `<${proto?.constructor?.name ?? 'resource'}>`;
  const parts = Object.entries(value as object)
    .slice(0, 4)
    .map(([k, v]) => `${k}: ${summarize(v, depth + 1)}`);
  return `{${parts.join(', ')}}`;
}
