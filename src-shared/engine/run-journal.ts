import { TRACE_LIMIT, type TraceEntry, type TraceMirror } from '../capabilities/trace';
import { roundMs, type PhaseTimings } from '../timing/phases';
import type { ExecuteResult } from './execute';
import { TRUNCATION_MARKER, type StreamName } from './output';
import { encodeText, newDecoder } from './text';

/**
 * A run's journal: a SharedArrayBuffer the run worker writes its output, trace rows and phase
 * marks into as they happen, and its supervisor reads after a kill. A guest spinning in a tight
 * loop never yields, so nothing the worker would post later ever comes, and output batched
 * for posting (src-shared/engine/output.ts) is lost with the worker; memory it already wrote is not.
 *
 * Why shared memory rather than posting at every write: a message posted just before the kill may
 * still be queued when the supervisor settles the run (a race the journal does not have), and a
 * write costs a copy into memory instead of a structured clone and a cross-thread hop. Measured
 * (2 loaded cores): 20,000 traced writes cost 7 ms more with the journal (0.35 µs each), ~2% of
 * the trace-overhead bench case; the bench's run-warm-node and trace-overhead stayed within noise.
 *
 * Bounded so a flooding guest cannot grow the host: each stream holds at most the output limit,
 * the trace at most TRACE_LIMIT rows and TEXT_BYTES of their text.
 *
 * Writes are published by an Atomics.store of a count after the data: the supervisor may read
 * while a terminated worker is still stopping, and then sees only whole entries.
 */

/** Int32 header slots. */
const H_LEN = { stdout: 0, stderr: 1 } as const;
const H_CUT = 2;
const H_ROWS = 3;
const H_TEXT = 4;
const HEADER_INTS = 8;
/** Float64 slots after the header: compile, instantiate, run start (ms on the shared clock). NaN: not reached. */
const F_COMPILE = 0;
const F_INSTANTIATE = 1;
const F_RUN_START = 2;
const MARK_FLOATS = 4;
/** Float64 fields per trace row. */
const R_SEQ = 0, R_AT = 1, R_MS = 2, R_COUNT = 3, R_LAST_AT = 4, R_FLAGS = 5, R_NAME_OFF = 6, R_NAME_LEN = 7, R_TEXT_OFF = 8, R_TEXT_LEN = 9;
const ROW_FLOATS = 10;
const FLAG_DENIED = 1, FLAG_ERROR = 2, FLAG_WALL = 4;
/** Bytes of interface, function, argument and result text the trace may hold. */
export const TEXT_BYTES = 512 * 1024;
const SEP = '\u0000';

const ROWS_AT = HEADER_INTS * 4 + MARK_FLOATS * 8;
const TEXT_AT = ROWS_AT + TRACE_LIMIT * ROW_FLOATS * 8;
const OUTPUT_AT = TEXT_AT + TEXT_BYTES;

/** Both engines have these globals; src-shared is compiled without DOM or Node types. */
const g = globalThis as unknown as {
  SharedArrayBuffer?: new (bytes: number) => ArrayBufferLike;
  crossOriginIsolated?: boolean;
  performance?: { timeOrigin: number; now(): number };
};

/**
 * Milliseconds on a clock both sides of the journal share: each thread's performance.now() counts
 * from that thread's own start, so the run's start is stamped against the time origin.
 */
export const sharedClock = (): number => (g.performance ? g.performance.timeOrigin + g.performance.now() : Date.now());

/** The journal's size for an output limit: both streams, the trace and the marks. */
export const journalBytes = (maxOutputBytes: number): number => OUTPUT_AT + 2 * maxOutputBytes;

/**
 * A new journal for one run, or null where shared memory is unavailable (a browser page that is
 * not cross-origin isolated): there a killed run keeps only the output that was posted before.
 */
export function newRunJournal(maxOutputBytes: number): ArrayBufferLike | null {
  if (!g.SharedArrayBuffer || g.crossOriginIsolated === false) return null;
  return new g.SharedArrayBuffer(journalBytes(maxOutputBytes));
}

class Views {
  readonly ints: Int32Array;
  readonly marks: Float64Array;
  readonly rows: Float64Array;
  readonly text: Uint8Array;
  readonly out: Record<StreamName, Uint8Array>;

  constructor(readonly buffer: ArrayBufferLike) {
    const limit = (buffer.byteLength - OUTPUT_AT) / 2;
    if (!Number.isInteger(limit) || limit < 0) throw new Error('not a run journal');
    this.ints = new Int32Array(buffer, 0, HEADER_INTS);
    this.marks = new Float64Array(buffer, HEADER_INTS * 4, MARK_FLOATS);
    this.rows = new Float64Array(buffer, ROWS_AT, TRACE_LIMIT * ROW_FLOATS);
    this.text = new Uint8Array(buffer, TEXT_AT, TEXT_BYTES);
    this.out = { stdout: new Uint8Array(buffer, OUTPUT_AT, limit), stderr: new Uint8Array(buffer, OUTPUT_AT + limit, limit) };
  }
}

/** The worker's side: called by the output collector, the tracer and the run as things happen. */
export class JournalWriter implements TraceMirror {
  private readonly v: Views;
  /** Once text did not fit, nothing more is added, so published rows never point at missing text. */
  private full = false;

  constructor(buffer: ArrayBufferLike) {
    this.v = new Views(buffer);
    this.v.marks.fill(Number.NaN);
  }

  /** Bytes the collector kept (already within the limit); `cut` when the limit was hit. */
  output(stream: StreamName, kept: Uint8Array, cut: boolean): void {
    const { ints, out } = this.v;
    const at = Atomics.load(ints, H_LEN[stream]);
    const n = Math.min(kept.length, out[stream].length - at);
    out[stream].set(n < kept.length ? kept.subarray(0, n) : kept, at);
    Atomics.store(ints, H_LEN[stream], at + n);
    if (cut) Atomics.or(ints, H_CUT, stream === 'stdout' ? 1 : 2);
  }

  /** Compile and instantiate are done and the guest starts now. */
  running(timings: PhaseTimings): void {
    const m = this.v.marks;
    if (timings.compile !== undefined) m[F_COMPILE] = timings.compile;
    if (timings.instantiate !== undefined) m[F_INSTANTIATE] = timings.instantiate;
    m[F_RUN_START] = sharedClock();
  }

  created(index: number, e: TraceEntry): void {
    if (!this.text(index, R_NAME_OFF, R_NAME_LEN, [e.interface, e.function, e.component ?? '', e.callee ?? ''].join(SEP))) return;
    this.v.rows[index * ROW_FLOATS + R_TEXT_LEN] = -1;
    this.changed(index, e);
    // Rows are created in order, so the count only grows; a row that did not fit is never published.
    Atomics.store(this.v.ints, H_ROWS, index + 1);
  }

  changed(index: number, e: TraceEntry): void {
    const r = this.v.rows;
    const base = index * ROW_FLOATS;
    r[base + R_SEQ] = e.seq;
    r[base + R_AT] = e.at;
    r[base + R_MS] = e.ms;
    r[base + R_COUNT] = e.count ?? 0;
    r[base + R_LAST_AT] = e.lastAt ?? 0;
    r[base + R_FLAGS] = (e.denied ? FLAG_DENIED : 0) | (e.error ? FLAG_ERROR : 0) | (e.wall ? FLAG_WALL : 0);
  }

  rendered(index: number, e: TraceEntry): void {
    this.text(index, R_TEXT_OFF, R_TEXT_LEN, e.args + SEP + e.result);
  }

  /** Appends text to the bounded heap and points a row's field at it; false once the heap is full. */
  private text(index: number, offField: number, lenField: number, s: string): boolean {
    if (this.full) return false;
    const bytes = encodeText(s);
    const at = Atomics.load(this.v.ints, H_TEXT);
    if (at + bytes.length > TEXT_BYTES) {
      this.full = true;
      return false;
    }
    this.v.text.set(bytes, at);
    Atomics.store(this.v.ints, H_TEXT, at + bytes.length);
    this.v.rows[index * ROW_FLOATS + offField] = at;
    this.v.rows[index * ROW_FLOATS + lenField] = bytes.length;
    return true;
  }
}

/** What a killed run leaves: its output, trace and phases as far as the worker wrote them. */
export type JournalContents = Pick<ExecuteResult, 'stdout' | 'stderr' | 'truncated' | 'timings' | 'trace' | 'traceCounts'>;

/**
 * The supervisor's side, after the worker is gone (or going): `endedAt` on the shared clock is when
 * the run was killed, so the run phase is the guest's time until then.
 */
export function readJournal(buffer: ArrayBufferLike, engine: TraceEntry['engine'], endedAt: number): JournalContents {
  const v = new Views(buffer);
  const cut = Atomics.load(v.ints, H_CUT);
  // TextDecoder refuses views of shared memory: slice() copies into an ordinary buffer.
  const stream = (s: StreamName, bit: number) =>
    newDecoder().decode(v.out[s].slice(0, Atomics.load(v.ints, H_LEN[s]))) + (cut & bit ? TRUNCATION_MARKER : '');
  const textAt = (off: number, len: number) => newDecoder().decode(v.text.slice(off, off + len)).split(SEP);

  const timings: PhaseTimings = {};
  const m = v.marks;
  if (!Number.isNaN(m[F_COMPILE]!)) timings.compile = m[F_COMPILE]!;
  if (!Number.isNaN(m[F_INSTANTIATE]!)) timings.instantiate = m[F_INSTANTIATE]!;
  if (!Number.isNaN(m[F_RUN_START]!)) timings.run = roundMs(Math.max(0, endedAt - m[F_RUN_START]!));

  const trace: TraceEntry[] = [];
  const traceCounts: Record<string, number> = {};
  const rows = Atomics.load(v.ints, H_ROWS);
  for (let i = 0; i < rows; i++) {
    const r = v.rows.subarray(i * ROW_FLOATS, (i + 1) * ROW_FLOATS);
    const [iface = '', fn = '', component = '', callee = ''] = textAt(r[R_NAME_OFF]!, r[R_NAME_LEN]!);
    // A row still open at the kill (the latest call of a run of calls) has no final text: shown like a folded row.
    const [args = '…', result = ''] = r[R_TEXT_LEN]! >= 0 ? textAt(r[R_TEXT_OFF]!, r[R_TEXT_LEN]!) : [];
    const entry: TraceEntry = {
      seq: r[R_SEQ]!, at: r[R_AT]!, engine, ...(component ? { component } : {}), ...(callee ? { callee } : {}), interface: iface, function: fn, args, result,
      denied: (r[R_FLAGS]! & FLAG_DENIED) !== 0, error: (r[R_FLAGS]! & FLAG_ERROR) !== 0, ms: r[R_MS]!,
    };
    if (r[R_FLAGS]! & FLAG_WALL) entry.wall = true;
    if (r[R_COUNT]! > 0) Object.assign(entry, { count: r[R_COUNT]!, lastAt: r[R_LAST_AT]! });
    trace.push(entry);
    traceCounts[iface] = (traceCounts[iface] ?? 0) + (entry.count ?? 1);
  }
  return { stdout: stream('stdout', 1), stderr: stream('stderr', 2), truncated: cut !== 0, timings, trace, traceCounts };
}
