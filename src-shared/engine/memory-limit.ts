/**
 * Bounds a core Wasm module's linear memory by rewriting the maximum of every memory it defines
 * or imports. Worker resource limits do not cover Wasm memory, so this is how a guest is capped:
 * with a declared maximum, `memory.grow` past the cap returns -1 and the guest fails cleanly.
 *
 * Only the import section (id 2) and the memory section (id 5) are parsed and rewritten; every
 * other section is copied byte for byte. Anything that is not a well-formed core module (a
 * component, garbage, a truncated file) is rejected with a MemoryLimitError, never another error.
 */

/** Why a module cannot be capped; the message is meant for the user. */
export class MemoryLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryLimitError';
  }
}

const PAGE_BYTES = 65536;
const PAGES_PER_MIB = (1024 * 1024) / PAGE_BYTES; // 16
/** The most pages a 32-bit memory can have (4 GiB); larger maxima do not validate. */
const MAX_PAGES_32 = 65536;
/** Real memory64 maxima are far below 2^53 pages; this keeps the arithmetic in safe numbers. */
const MAX_PAGES_64 = Number.MAX_SAFE_INTEGER;

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

export type CapResult = { bytes: Uint8Array; memories: CappedMemory[] };

const SECTION_NAMES = [
  'custom',
  'type',
  'import',
  'function',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'element',
  'code',
  'data',
  'datacount',
  'tag',
];

const hex = (b: number): string => `0x${b.toString(16).padStart(2, '0')}`;

function formatMib(pages: number): string {
  const mib = pages / PAGES_PER_MIB;
  return Number.isInteger(mib) ? String(mib) : String(Math.round(mib * 100) / 100);
}

/** A bounds-checked cursor over a byte range; every read failure is a MemoryLimitError. */
class Reader {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
    readonly where: string,
  ) {}

  fail(what: string, at = this.pos): never {
    throw new MemoryLimitError(`malformed module: ${what} in ${this.where} at byte offset ${at}`);
  }

  byte(what: string): number {
    if (this.pos >= this.end) this.fail(`unexpected end of ${what}`);
    return this.bytes[this.pos++]!;
  }

  skip(n: number, what: string): void {
    if (n > this.end - this.pos) this.fail(`${what} runs past the end (${n} bytes, ${this.end - this.pos} left)`);
    this.pos += n;
  }

  /** Unsigned LEB128 of at most `bits` bits, as a bigint (exact even for u64). */
  private unsigned(bits: 32 | 64, what: string): bigint {
    const start = this.pos;
    const maxBytes = Math.ceil(bits / 7);
    let result = 0n;
    for (let i = 0; ; i++) {
      if (i >= maxBytes) this.fail(`${what} is an over-long LEB128 integer`, start);
      const b = this.byte(what);
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if ((b & 0x80) === 0) {
        if (i === maxBytes - 1) {
          // The last byte may only carry the bits that remain (unused high bits must be zero).
          const usedBits = bits - 7 * i;
          if (b >> usedBits !== 0) this.fail(`${what} overflows u${bits}`, start);
        }
        return result;
      }
    }
  }

  u32(what: string): number {
    return Number(this.unsigned(32, what));
  }

  u64(what: string): bigint {
    return this.unsigned(64, what);
  }

  /** Skips a signed LEB128 of at most 33 bits (a heap type / block type); returns its value. */
  s33(what: string): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (let i = 0; ; i++) {
      if (i >= 5) this.fail(`${what} is an over-long LEB128 integer`, start);
      const b = this.byte(what);
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if ((b & 0x80) === 0) {
        if (b & 0x40) result -= 2 ** shift;
        if (result < -(2 ** 32) || result >= 2 ** 32) this.fail(`${what} overflows s33`, start);
        return result;
      }
    }
  }

  name(what: string): void {
    const len = this.u32(`${what} length`);
    this.skip(len, what);
  }
}

function encodeUnsigned(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

const encodeU32 = (value: number): number[] => encodeUnsigned(BigInt(value));

type Limits = { flags: number; min: number; max: number | null; is64: boolean };

/** Reads a memory's limits: flags 0x00..0x07 (bit 0 has-max, bit 1 shared, bit 2 memory64). */
function readMemoryLimits(r: Reader): Limits {
  const at = r.pos;
  const flags = r.byte('memory limits flags');
  if (flags > 0x07) {
    r.fail(`unsupported memory limits flags ${hex(flags)} (custom page sizes or an unknown proposal)`, at);
  }
  const is64 = (flags & 0x04) !== 0;
  const read = (what: string): number => {
    if (!is64) return r.u32(what);
    const v = r.u64(what);
    // Anything beyond 2^53 pages is absurd; saturate so comparisons against the cap stay correct.
    return v > BigInt(MAX_PAGES_64) ? MAX_PAGES_64 : Number(v);
  };
  const min = read('memory minimum');
  const max = flags & 0x01 ? read('memory maximum') : null;
  return { flags, min, max, is64 };
}

/** Skips a table's limits: flags 0x00..0x07 like memories (bit 2 is table64). */
function skipTableLimits(r: Reader): void {
  const at = r.pos;
  const flags = r.byte('table limits flags');
  if (flags > 0x07) r.fail(`unsupported table limits flags ${hex(flags)}`, at);
  const is64 = (flags & 0x04) !== 0;
  const skip = (what: string) => (is64 ? r.u64(what) : r.u32(what));
  skip('table minimum');
  if (flags & 0x01) skip('table maximum');
}

/** Skips a heap type: an abstract type (negative s33) or a type index. */
function skipHeapType(r: Reader): void {
  const at = r.pos;
  const first = r.byte('heap type');
  if (first === 0x62) {
    // Custom-descriptors proposal: an exact reference to a type index.
    r.u32('exact heap type index');
    return;
  }
  r.pos = at;
  r.s33('heap type');
}

/** Skips a reference type: a one-byte shorthand, or 0x63/0x64 followed by a heap type. */
function skipRefType(r: Reader, what: string): void {
  const at = r.pos;
  const b = r.byte(what);
  if (b === 0x63 || b === 0x64) {
    skipHeapType(r);
    return;
  }
  if (b >= 0x68 && b <= 0x75) return; // funcref 0x70, externref 0x6f, GC/EH shorthands
  r.fail(`unknown ${what} ${hex(b)}`, at);
}

/** Skips a value type: numeric (0x7c..0x7f), v128 (0x7b) or a reference type. */
function skipValType(r: Reader, what: string): void {
  const b = r.bytes[r.pos];
  if (r.pos < r.end && b !== undefined && b >= 0x7b && b <= 0x7f) {
    r.pos++;
    return;
  }
  skipRefType(r, what);
}

/** Writes limits that always carry a maximum, keeping the shared and memory64 bits. */
function encodeMemoryLimits(limits: Limits, newMax: number): number[] {
  const flags = limits.flags | 0x01;
  const enc = (v: number) => (limits.is64 ? encodeUnsigned(BigInt(v)) : encodeU32(v));
  return [flags, ...enc(limits.min), ...enc(newMax)];
}

function newMaxFor(limits: Limits, maxPages: number): number {
  if (limits.min > maxPages) {
    throw new MemoryLimitError(
      `the module needs at least ${formatMib(limits.min)} MiB of memory, more than the limit of ${formatMib(maxPages)} MiB`,
    );
  }
  const ceiling = limits.is64 ? MAX_PAGES_64 : MAX_PAGES_32;
  return Math.min(limits.max ?? Infinity, maxPages, ceiling);
}

/** Parses one section's contents from `r` and appends the rewritten contents to `out`. */
type Rewriter = (r: Reader, out: number[]) => void;

/** Caps every memory a core module defines or imports at `maxPages` 64 KiB pages. Returns new bytes (input untouched) and what it changed. */
export function capMemory(bytes: Uint8Array, maxPages: number): CapResult {
  const isBytes = bytes instanceof Uint8Array || Object.prototype.toString.call(bytes) === '[object Uint8Array]';
  if (!isBytes) throw new MemoryLimitError('expected the module as a Uint8Array');
  if (typeof maxPages !== 'number' || !Number.isSafeInteger(maxPages) || maxPages < 0) {
    throw new MemoryLimitError(`the page limit must be a non-negative integer, got ${String(maxPages)}`);
  }

  // Header: "\0asm", then a 16-bit version and a 16-bit layer (core modules are version 1, layer 0).
  if (bytes.length < 8) throw new MemoryLimitError(`not a WebAssembly module: only ${bytes.length} bytes, too short for a header`);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new MemoryLimitError('not a WebAssembly module: missing the "\\0asm" magic number');
  }
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 1) {
    throw new MemoryLimitError('this is a WebAssembly component, not a core module: transpile it and cap its core modules');
  }
  if (version !== 1 || layer !== 0) {
    throw new MemoryLimitError(
      `unsupported WebAssembly binary version ${hex(bytes[4]!)} ${hex(bytes[5]!)} ${hex(bytes[6]!)} ${hex(bytes[7]!)} (expected a version 1 core module)`,
    );
  }

  const memories: CappedMemory[] = [];
  let importedMemories = 0;
  let definedMemories = 0;
  let seenImport = false;
  let seenMemory = false;

  const rewriteImports: Rewriter = (r, out) => {
    const count = r.u32('import count');
    out.push(...encodeU32(count));
    let copyFrom = r.pos;
    for (let i = 0; i < count; i++) {
      r.name('import module name');
      r.name('import field name');
      const kindAt = r.pos;
      const kind = r.byte('import kind');
      switch (kind) {
        case 0x00: // func: type index
          r.u32('function import type index');
          break;
        case 0x01: // table: reftype + limits
          skipRefType(r, 'table element type');
          skipTableLimits(r);
          break;
        case 0x02: {
          // memory: copy everything up to the limits, then write the capped limits.
          pushRange(out, r.bytes, copyFrom, r.pos);
          const limits = readMemoryLimits(r);
          const newMax = newMaxFor(limits, maxPages);
          out.push(...encodeMemoryLimits(limits, newMax));
          copyFrom = r.pos;
          memories.push({ index: importedMemories++, kind: 'imported', min: limits.min, oldMax: limits.max, newMax });
          break;
        }
        case 0x03: // global: valtype + mutability
          skipValType(r, 'global type');
          {
            const mutAt = r.pos;
            const mut = r.byte('global mutability');
            if (mut > 0x01) r.fail(`invalid global mutability ${hex(mut)}`, mutAt);
          }
          break;
        case 0x04: {
          // tag: attribute (0 = exception) + type index
          const attrAt = r.pos;
          const attr = r.byte('tag attribute');
          if (attr !== 0x00) r.fail(`invalid tag attribute ${hex(attr)}`, attrAt);
          r.u32('tag type index');
          break;
        }
        default:
          r.fail(`unknown import kind ${hex(kind)} (import #${i})`, kindAt);
      }
    }
    pushRange(out, r.bytes, copyFrom, r.pos);
  };

  const rewriteMemories: Rewriter = (r, out) => {
    const count = r.u32('memory count');
    out.push(...encodeU32(count));
    for (let i = 0; i < count; i++) {
      const limits = readMemoryLimits(r);
      const newMax = newMaxFor(limits, maxPages);
      out.push(...encodeMemoryLimits(limits, newMax));
      memories.push({
        index: importedMemories + definedMemories++,
        kind: 'defined',
        min: limits.min,
        oldMax: limits.max,
        newMax,
      });
    }
  };

  const chunks: Uint8Array[] = [bytes.subarray(0, 8)];
  const top = new Reader(bytes, 8, bytes.length, 'the module');
  while (top.pos < top.end) {
    const sectionStart = top.pos;
    const id = top.byte('section id');
    const size = top.u32('section size');
    const contentStart = top.pos;
    const name = SECTION_NAMES[id] ?? `unknown (id ${id})`;
    top.skip(size, `${name} section`);
    const contentEnd = top.pos;

    let rewrite: Rewriter | null = null;
    if (id === 2) {
      if (seenImport) top.fail('duplicate import section', sectionStart);
      if (seenMemory) top.fail('import section after the memory section', sectionStart);
      seenImport = true;
      rewrite = rewriteImports;
    } else if (id === 5) {
      if (seenMemory) top.fail('duplicate memory section', sectionStart);
      seenMemory = true;
      rewrite = rewriteMemories;
    }

    if (!rewrite) {
      chunks.push(bytes.subarray(sectionStart, contentEnd));
      continue;
    }
    const r = new Reader(bytes, contentStart, contentEnd, `the ${name} section`);
    const content: number[] = [];
    rewrite(r, content);
    if (r.pos !== contentEnd) r.fail(`${contentEnd - r.pos} unexpected trailing bytes`);

    if (sameBytes(content, bytes, contentStart, contentEnd)) {
      chunks.push(bytes.subarray(sectionStart, contentEnd));
    } else {
      // The contents changed length, so the size LEB is re-encoded (and may itself change length).
      chunks.push(Uint8Array.of(id, ...encodeU32(content.length)), Uint8Array.from(content));
    }
  }

  return { bytes: concat(chunks), memories };
}

function pushRange(out: number[], bytes: Uint8Array, from: number, to: number): void {
  for (let i = from; i < to; i++) out.push(bytes[i]!);
}

function sameBytes(a: number[], bytes: Uint8Array, from: number, to: number): boolean {
  if (a.length !== to - from) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[from + i]) return false;
  return true;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const c of chunks) total += c.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
