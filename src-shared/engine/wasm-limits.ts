/**
 * Reads and rewrites the limits of every memory and table a core Wasm module defines or imports.
 * How big each maximum may be is decided elsewhere (memory-limit.ts); this file only parses.
 *
 * Only the import (id 2), table (id 4) and memory (id 5) sections are parsed and rewritten; every
 * other section is copied byte for byte. The type section (id 1) is read to refuse Wasm GC types,
 * whose allocations no declared maximum bounds. Anything that is not a well-formed core module (a
 * component, garbage, a truncated file) is rejected with a MemoryLimitError, never another error.
 */

/** Why a module cannot be capped; the message is meant for the user. */
export class MemoryLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MemoryLimitError';
  }
}

/** One memory or table of a module, as its limits declare it. */
export interface LimitedEntity {
  what: 'memory' | 'table';
  /** Index in the module's memory or table index space (imports first, then definitions). */
  index: number;
  kind: 'defined' | 'imported';
  /** Minimum in pages (memories) or entries (tables). */
  min: number;
  /** The declared maximum, or null when there is none. */
  max: number | null;
  /** memory64 / table64: the limits are u64 LEBs. */
  is64: boolean;
}

/** The maximum to write for an entity, or null to leave its limits byte for byte. */
export type DecideMax = (entity: LimitedEntity) => number | null;

export type RewrittenEntity = LimitedEntity & { newMax: number | null };

/** Real 64-bit maxima are far below 2^53; saturating keeps the arithmetic in safe numbers. */
const MAX_64 = Number.MAX_SAFE_INTEGER;

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

/** Parses one section's contents from `r` and appends the rewritten contents to `out`. */
type Rewriter = (r: Reader, out: number[]) => void;


/**
 * Structs and arrays live on the engine's garbage-collected heap, which no declared maximum bounds:
 * in Chromium a guest filling it took 4 GB and crashed the page (Node 20 does not compile them).
 */
export const GC_REFUSED =
  'the module uses Wasm GC types (struct or array): what it allocates with them is not bounded by the memory limit, so the studio does not run it';

/** Skips one subtype (optionally `sub`/`sub final` with supertypes) whose composite type is a function; refuses GC types. */
function skipSubType(r: Reader): void {
  let at = r.pos;
  let form = r.byte('type form');
  if (form === 0x50 || form === 0x4f) {
    const supers = r.u32('supertype count');
    for (let i = 0; i < supers; i++) r.u32('supertype index');
    at = r.pos;
    form = r.byte('type form');
  }
  if (form === 0x5e || form === 0x5f) throw new MemoryLimitError(GC_REFUSED);
  if (form !== 0x60) r.fail(`unknown type form ${hex(form)}`, at);
  const params = r.u32('parameter count');
  for (let i = 0; i < params; i++) skipValType(r, 'parameter type');
  const results = r.u32('result count');
  for (let i = 0; i < results; i++) skipValType(r, 'result type');
}

type Limits = { flags: number; min: number; max: number | null; is64: boolean };

/** Reads limits: flags 0x00..0x07 (bit 0 has-max, bit 1 shared, bit 2 memory64 / table64). */
function readLimits(r: Reader, what: 'memory' | 'table'): Limits {
  const at = r.pos;
  const flags = r.byte(`${what} limits flags`);
  if (flags > 0x07) {
    r.fail(`unsupported ${what} limits flags ${hex(flags)} (custom page sizes or an unknown proposal)`, at);
  }
  const is64 = (flags & 0x04) !== 0;
  const read = (part: string): number => {
    if (!is64) return r.u32(`${what} ${part}`);
    const v = r.u64(`${what} ${part}`);
    return v > BigInt(MAX_64) ? MAX_64 : Number(v);
  };
  const min = read('minimum');
  const max = flags & 0x01 ? read('maximum') : null;
  return { flags, min, max, is64 };
}

/** Writes limits that always carry a maximum, keeping the shared and 64-bit bits. */
function encodeLimits(limits: Limits, newMax: number): number[] {
  const enc = (v: number) => (limits.is64 ? encodeUnsigned(BigInt(v)) : encodeU32(v));
  return [limits.flags | 0x01, ...enc(limits.min), ...enc(newMax)];
}

/** Skips a signed LEB128 of at most `maxBytes` bytes. */
function skipSigned(r: Reader, maxBytes: number, what: string): void {
  const start = r.pos;
  for (let i = 0; ; i++) {
    if (i >= maxBytes) r.fail(`${what} is an over-long LEB128 integer`, start);
    if ((r.byte(what) & 0x80) === 0) return;
  }
}

/**
 * Skips a table's initializer (function-references tables, `0x40 0x00`): the constant
 * instructions MVP and extended-const allow. GC allocations (0xfb) are refused by name, since a
 * table's size is what matters here and a GC initializer is not worth the parser.
 */
function skipTableInitializer(r: Reader): void {
  for (;;) {
    const at = r.pos;
    const op = r.byte('table initializer');
    switch (op) {
      case 0x0b: // end
        return;
      case 0x41: // i32.const
        skipSigned(r, 5, 'i32.const');
        break;
      case 0x42: // i64.const
        skipSigned(r, 10, 'i64.const');
        break;
      case 0x43: // f32.const
        r.skip(4, 'f32.const');
        break;
      case 0x44: // f64.const
        r.skip(8, 'f64.const');
        break;
      case 0xd0: // ref.null heaptype
        skipHeapType(r);
        break;
      case 0xd2: // ref.func
      case 0x23: // global.get
        r.u32('index');
        break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: // i32/i64 add, sub, mul
        break;
      default:
        r.fail(`unsupported instruction ${hex(op)} in a table initializer`, at);
    }
  }
}

/**
 * Rewrites the maximum of every memory and table of a core module as `decide` says (null: leave
 * it). Returns new bytes (the input is untouched) and every memory and table with its new maximum.
 */
export function rewriteLimits(bytes: Uint8Array, decide: DecideMax): { bytes: Uint8Array; entities: RewrittenEntity[] } {
  const { chunks, entities } = walk(bytes, decide);
  return { bytes: concat(chunks), entities };
}

/** Every memory and table of a core module as it declares them, without copying the module. */
export function declaredLimits(bytes: Uint8Array): LimitedEntity[] {
  return walk(bytes, () => null).entities;
}

/** Parses the module; returns its sections as slices of the input and rewritten chunks, in order. */
function walk(bytes: Uint8Array, decide: DecideMax): { chunks: Uint8Array[]; entities: RewrittenEntity[] } {
  const isBytes = bytes instanceof Uint8Array || Object.prototype.toString.call(bytes) === '[object Uint8Array]';
  if (!isBytes) throw new MemoryLimitError('expected the module as a Uint8Array');

  // Header: "\0asm", then a 16-bit version and a 16-bit layer (core modules are version 1, layer 0).
  if (bytes.length < 8) throw new MemoryLimitError(`not a WebAssembly module: only ${bytes.length} bytes, too short for a header`);
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new MemoryLimitError('not a WebAssembly module: missing the "\\0asm" magic number');
  }
  const layer = bytes[6]! | (bytes[7]! << 8);
  const version = bytes[4]! | (bytes[5]! << 8);
  if (layer === 1) {
    throw new MemoryLimitError('this is a WebAssembly component, not a core module: transpile it and cap its core modules');
  }
  if (version !== 1 || layer !== 0) {
    throw new MemoryLimitError(
      `unsupported WebAssembly binary version ${hex(bytes[4]!)} ${hex(bytes[5]!)} ${hex(bytes[6]!)} ${hex(bytes[7]!)} (expected a version 1 core module)`,
    );
  }

  const entities: RewrittenEntity[] = [];
  const count = { memory: { imported: 0, defined: 0 }, table: { imported: 0, defined: 0 } };

  /** Reads one entity's limits from `r` and appends them, rewritten or as they were, to `out`. */
  const limitsOf = (r: Reader, out: number[], what: 'memory' | 'table', kind: 'defined' | 'imported'): void => {
    const at = r.pos;
    const limits = readLimits(r, what);
    const c = count[what];
    const index = kind === 'imported' ? c.imported++ : c.imported + c.defined++;
    const entity: LimitedEntity = { what, index, kind, min: limits.min, max: limits.max, is64: limits.is64 };
    const newMax = decide(entity);
    if (newMax === null) pushRange(out, r.bytes, at, r.pos);
    else out.push(...encodeLimits(limits, newMax));
    entities.push({ ...entity, newMax });
  };

  const rewriteImports: Rewriter = (r, out) => {
    const n = r.u32('import count');
    out.push(...encodeU32(n));
    for (let i = 0; i < n; i++) {
      const entryStart = r.pos;
      r.name('import module name');
      r.name('import field name');
      const kindAt = r.pos;
      const kind = r.byte('import kind');
      switch (kind) {
        case 0x00: // func: type index
          r.u32('function import type index');
          pushRange(out, r.bytes, entryStart, r.pos);
          break;
        case 0x01: // table: reftype + limits
          skipRefType(r, 'table element type');
          pushRange(out, r.bytes, entryStart, r.pos);
          limitsOf(r, out, 'table', 'imported');
          break;
        case 0x02: // memory: limits
          pushRange(out, r.bytes, entryStart, r.pos);
          limitsOf(r, out, 'memory', 'imported');
          break;
        case 0x03: {
          // global: valtype + mutability
          skipValType(r, 'global type');
          const mutAt = r.pos;
          const mut = r.byte('global mutability');
          if (mut > 0x01) r.fail(`invalid global mutability ${hex(mut)}`, mutAt);
          pushRange(out, r.bytes, entryStart, r.pos);
          break;
        }
        case 0x04: {
          // tag: attribute (0 = exception) + type index
          const attrAt = r.pos;
          const attr = r.byte('tag attribute');
          if (attr !== 0x00) r.fail(`invalid tag attribute ${hex(attr)}`, attrAt);
          r.u32('tag type index');
          pushRange(out, r.bytes, entryStart, r.pos);
          break;
        }
        default:
          r.fail(`unknown import kind ${hex(kind)} (import #${i})`, kindAt);
      }
    }
  };

  const rewriteTables: Rewriter = (r, out) => {
    const n = r.u32('table count');
    out.push(...encodeU32(n));
    for (let i = 0; i < n; i++) {
      const entryStart = r.pos;
      const withInit = r.bytes[r.pos] === 0x40 && r.pos < r.end;
      if (withInit) {
        r.pos++;
        const zeroAt = r.pos;
        const zero = r.byte('table initializer prefix');
        if (zero !== 0x00) r.fail(`invalid table initializer prefix ${hex(zero)}`, zeroAt);
      }
      skipRefType(r, 'table element type');
      pushRange(out, r.bytes, entryStart, r.pos);
      limitsOf(r, out, 'table', 'defined');
      if (withInit) {
        const initStart = r.pos;
        skipTableInitializer(r);
        pushRange(out, r.bytes, initStart, r.pos);
      }
    }
  };

  // Read, never changed: refuses GC types and copies the section as it is.
  const checkTypes: Rewriter = (r, out) => {
    const start = r.pos;
    const n = r.u32('type count');
    for (let i = 0; i < n; i++) {
      if (r.bytes[r.pos] === 0x4e && r.pos < r.end) {
        r.pos++;
        const members = r.u32('recursive group size');
        for (let j = 0; j < members; j++) skipSubType(r);
      } else skipSubType(r);
    }
    pushRange(out, r.bytes, start, r.pos);
  };

  const rewriteMemories: Rewriter = (r, out) => {
    const n = r.u32('memory count');
    out.push(...encodeU32(n));
    for (let i = 0; i < n; i++) limitsOf(r, out, 'memory', 'defined');
  };

  // Types come first, imports before tables, tables before memories; the index spaces depend on that order.
  const rewriters: Record<number, Rewriter> = { 1: checkTypes, 2: rewriteImports, 4: rewriteTables, 5: rewriteMemories };
  let lastRewritten = 0;
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

    const rewrite = rewriters[id];
    if (!rewrite) {
      chunks.push(bytes.subarray(sectionStart, contentEnd));
      continue;
    }
    if (id === lastRewritten) top.fail(`duplicate ${name} section`, sectionStart);
    if (id < lastRewritten) top.fail(`${name} section after the ${SECTION_NAMES[lastRewritten]} section`, sectionStart);
    lastRewritten = id;

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

  return { chunks, entities };
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
