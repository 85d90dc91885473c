/**
 * Bounds what a guest can allocate outside the JS heap, every linear memory and every table, by
 * rewriting their declared maxima before compiling. Worker resource limits cover neither, so this
 * is how a guest is capped: past a declared maximum, memory.grow and table.grow return -1 and the
 * guest fails cleanly instead of taking the host's memory.
 *
 * The budget is the whole component's (all of its core modules together), and the sum of every
 * maximum fits the cap:
 * - Tables may take at most 1/TABLE_SHARE of the cap, counted at TABLE_ENTRY_BYTES an entry.
 *   Memories get the cap less what the tables were actually given (rounded up to whole pages), so
 *   a component whose tables have small fixed sizes keeps nearly all of the cap for memory.
 * - Only definitions are counted (an import is a definition elsewhere in the component). They
 *   share their budget by water-filling: one level L is found such that the sum of
 *   clamp(L, min, max) fits, so a declared maximum already below L stays as it is and the others
 *   become L (never less than their own minimum). Several unbounded memories therefore split the
 *   memory budget equally.
 * - An import's maximum becomes at most its whole budget, which is at least what any definition
 *   got; since a definition's new maximum is also never above its old one, jco's core modules
 *   (whose shim and fixup modules define and import tables and memories) still link.
 * - When the minima alone do not fit, the component is refused with a MemoryLimitError.
 */
import { declaredLimits, MemoryLimitError, rewriteLimits, type LimitedEntity } from './wasm-limits';

export { MemoryLimitError } from './wasm-limits';

const PAGE_BYTES = 65536;
const PAGES_PER_MIB = (1024 * 1024) / PAGE_BYTES; // 16
/** The most pages a 32-bit memory can have (4 GiB); larger maxima do not validate. */
const MAX_PAGES_32 = 65536;

/** Whole 64 KiB pages that fit in `mib` MiB (rounded down). */
export const mibToPages = (mib: number): number => {
  if (typeof mib !== 'number' || !Number.isFinite(mib) || mib < 0) {
    throw new MemoryLimitError(`the memory limit must be a finite, non-negative number of MiB, got ${String(mib)}`);
  }
  return Math.floor(mib * PAGES_PER_MIB);
};

/** How close a run's linear memory came to its cap. */
export interface MemoryUse {
  usedBytes: number;
  capBytes: number;
  /** Less than 1 MiB was left below the cap when the run ended. */
  reached: boolean;
}

/**
 * A failed memory.grow never reaches the host, so "reached" is read from the size memory ended at:
 * a guest that allocated until refused ends within one allocation of the cap. One that asked for
 * more than the cap in a single request was refused too, but leaves no trace to report.
 */
export function memoryUse(usedBytes: number, capMiB: number): MemoryUse {
  const capBytes = mibToPages(capMiB) * PAGE_BYTES;
  return { usedBytes, capBytes, reached: usedBytes > 0 && capBytes - usedBytes < 1024 * 1024 };
}

/** The limits a run ran into, in words, apart from its exit code (the run panes and the CLI say the same). */
export function limitsHit(run: { memory?: MemoryUse; truncated?: boolean }): string[] {
  const mib = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
  const hits: string[] = [];
  if (run.memory?.reached) hits.push(`memory limit reached (${mib(run.memory.usedBytes)} of ${mib(run.memory.capBytes)} MiB)`);
  if (run.truncated) hits.push('output truncated');
  return hits;
}

/** A 32-bit table's largest possible maximum; 64-bit limits saturate at 2^53 in wasm-limits.ts. */
const MAX_ENTRIES_32 = 2 ** 32 - 1;

/**
 * What one table entry costs the host, in bytes, for every element type alike: the highest resident
 * growth measured per entry, 69, with a margin of about 1.4x. Measured 2026-12-01 with
 * bench/table-entry-bytes.mjs (1 to 4 tables grown to 1M..10M entries in steps of 1..1000, RSS and
 * VmHWM read before and after, one process per case): Node 20.20 in a worker thread, funcref
 * 54-69 (the peak includes the old backing store while it is copied), externref 20; Chromium 156
 * in a dedicated worker, funcref 37-49 with one noisy 75 (the whole browser's RSS, over 1M
 * entries), externref 9-14.
 */
export const TABLE_ENTRY_BYTES = 96;

/** Tables may take at most this fraction of the cap (1/16), the rest being memory's. */
export const TABLE_SHARE = 16;

function formatMib(pages: number): string {
  const mib = pages / PAGES_PER_MIB;
  return Number.isInteger(mib) ? String(mib) : String(Math.round(mib * 100) / 100);
}

export type CappedMemory = {
  /** Index in the module's memory index space (imports first, then definitions). */
  index: number;
  kind: 'defined' | 'imported';
  /** Minimum size in pages. */
  min: number;
  /** The maximum the module declared, in pages, or null when it had none. */
  oldMax: number | null;
  /** The maximum written back, in pages. */
  newMax: number;
};

/** Like CappedMemory, in table entries. */
export type CappedTable = CappedMemory;

export type CapResult = { bytes: Uint8Array; memories: CappedMemory[]; tables: CappedTable[] };

type Span = { min: number; max: number };

/**
 * The highest level L at which the sum of clamp(L, min, max) fits `budget`: Infinity when every
 * maximum fits as declared, null when the minima alone do not fit.
 */
export function waterLevel(spans: Span[], budget: number): number | null {
  const need = (level: number) => spans.reduce((sum, s) => sum + Math.max(s.min, Math.min(s.max, level)), 0);
  if (need(0) > budget) return null;
  if (need(Infinity) <= budget) return Infinity;
  // need(lo) fits and need(hi) does not: at hi = budget + 1 either one unbounded span alone or the sum of the finite ones exceeds it.
  let lo = 0;
  let hi = budget + 1;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (need(mid) <= budget) lo = mid;
    else hi = mid;
  }
  return lo;
}

const ceilingOf = (e: LimitedEntity): number => (e.is64 ? Number.MAX_SAFE_INTEGER : e.what === 'memory' ? MAX_PAGES_32 : MAX_ENTRIES_32);
const spanOf = (e: LimitedEntity): Span => ({ min: e.min, max: Math.max(e.min, Math.min(e.max ?? Infinity, ceilingOf(e))) });
const clamp = (level: number, s: Span) => Math.max(s.min, Math.min(s.max, level));

/** Decides every memory's and table's new maximum from all of a component's memories and tables. */
function planMaxima(all: LimitedEntity[], capPages: number, subject: string): (e: LimitedEntity) => number {
  const of = (what: 'memory' | 'table', kind: 'defined' | 'imported') => all.filter((e) => e.what === what && e.kind === kind);
  // One kind's plan: the level for its definitions, or the smallest amount it would need (to refuse with).
  const share = (what: 'memory' | 'table', budget: number) => {
    const defined = of(what, 'defined').map(spanOf);
    const level = waterLevel(defined, budget);
    // reduce, not Math.max(...spread): a module may have up to 100k imports.
    const needed = of(what, 'imported').reduce((most, e) => Math.max(most, e.min), defined.reduce((sum, s) => sum + s.min, 0));
    const fits = level !== null && needed <= budget;
    const max = (e: LimitedEntity) => (e.kind === 'defined' ? clamp(level!, spanOf(e)) : Math.min(spanOf(e).max, budget));
    return { fits, needed, max, given: defined.reduce((sum, s) => sum + (level === null ? 0 : clamp(level, s)), 0) };
  };

  const tableBudget = Math.floor((capPages * PAGE_BYTES) / TABLE_SHARE / TABLE_ENTRY_BYTES);
  const tables = share('table', tableBudget);
  if (!tables.fits) {
    throw new MemoryLimitError(
      `${subject} needs tables of at least ${tables.needed} entries, more than the ${tableBudget} that the memory limit of ` +
        `${formatMib(capPages)} MiB allows tables (1/${TABLE_SHARE} of it, at ${TABLE_ENTRY_BYTES} bytes an entry)`,
    );
  }
  const tablePages = Math.ceil((tables.given * TABLE_ENTRY_BYTES) / PAGE_BYTES);
  const memoryBudget = Math.max(0, capPages - tablePages);
  const memories = share('memory', memoryBudget);
  if (!memories.fits) {
    const left = tablePages > 0 ? ` (${formatMib(capPages)} MiB less ${formatMib(tablePages)} MiB for its tables)` : '';
    throw new MemoryLimitError(
      `${subject} needs at least ${formatMib(memories.needed)} MiB of memory, more than the limit of ${formatMib(memoryBudget)} MiB${left}`,
    );
  }
  return (e) => (e.what === 'table' ? tables.max(e) : memories.max(e));
}

const checkPages = (maxPages: number) => {
  if (typeof maxPages !== 'number' || !Number.isSafeInteger(maxPages) || maxPages < 0) {
    throw new MemoryLimitError(`the page limit must be a non-negative integer, got ${String(maxPages)}`);
  }
};

const toResult = (bytes: Uint8Array, entities: ReturnType<typeof rewriteLimits>['entities']): CapResult => {
  const row = (e: (typeof entities)[number]) => ({ index: e.index, kind: e.kind, min: e.min, oldMax: e.max, newMax: e.newMax! });
  return { bytes, memories: entities.filter((e) => e.what === 'memory').map(row), tables: entities.filter((e) => e.what === 'table').map(row) };
};

/**
 * Caps every memory and table of a component's core modules so that together they fit `maxPages`
 * 64 KiB pages. Returns each module's new bytes (inputs untouched) and what changed.
 */
export function capModules(modules: Record<string, Uint8Array>, maxPages: number, subject = 'the component'): Record<string, CapResult> {
  checkPages(maxPages);
  const all = Object.values(modules).flatMap(declaredLimits);
  const decide = planMaxima(all, maxPages, subject);
  const out: Record<string, CapResult> = {};
  for (const [name, bytes] of Object.entries(modules)) {
    const r = rewriteLimits(bytes, decide);
    out[name] = toResult(r.bytes, r.entities);
  }
  return out;
}

/** Caps one core module on its own, as a component of one module. */
export function capMemory(bytes: Uint8Array, maxPages: number): CapResult {
  return capModules({ module: bytes }, maxPages, 'the module').module!;
}
