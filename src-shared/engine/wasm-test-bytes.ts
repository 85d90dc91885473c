/** A tiny module assembler for the limit tests: enough to build test modules byte by byte. */
import { expect } from 'vitest';
import { MemoryLimitError } from './wasm-limits';

export type Bytes = number[];

export function leb(value: number | bigint): Bytes {
  let v = BigInt(value);
  const out: Bytes = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return out;
}

/** A name: LEB length + bytes (ASCII only, which is all the tests need). */
export const str = (s: string): Bytes => [...leb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
export const vec = (items: Bytes[]): Bytes => [...leb(items.length), ...items.flat()];
export const section = (id: number, content: Bytes): Bytes => [id, ...leb(content.length), ...content];
export const custom = (name: string, payload: Bytes): Bytes => section(0, [...str(name), ...payload]);
export const HEADER: Bytes = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
export const wasm = (...sections: Bytes[]): Uint8Array => Uint8Array.from([...HEADER, ...sections.flat()]);

/** Limits as the binary writes them: flags, min[, max], u32 or (memory64) u64 LEBs. */
export const limits = (min: number, max?: number, { shared = false, mem64 = false } = {}): Bytes => [
  (max === undefined ? 0 : 1) | (shared ? 2 : 0) | (mem64 ? 4 : 0),
  ...leb(min),
  ...(max === undefined ? [] : leb(max)),
];

export const I32 = 0x7f;
export const FUNCREF = 0x70;
export const EXTERNREF = 0x6f;
export const typeSection = (...types: Bytes[]) => section(1, vec(types));
export const funcType = (params: number[], results: number[]): Bytes => [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
export const importEntry = (mod: string, name: string, desc: Bytes): Bytes => [...str(mod), ...str(name), ...desc];
export const importSection = (...entries: Bytes[]) => section(2, vec(entries));
export const functionSection = (...typeIdx: number[]) => section(3, vec(typeIdx.map((t) => leb(t))));
export const memorySection = (...mems: Bytes[]) => section(5, vec(mems));
export const exportSection = (...entries: Bytes[]) => section(7, vec(entries));
export const exportFunc = (name: string, idx: number): Bytes => [...str(name), 0x00, ...leb(idx)];
export const codeSection = (...bodies: Bytes[]) => section(10, vec(bodies.map((b) => [...leb(b.length + 1), 0x00, ...b])));

/** `grow(delta: i32) -> i32`: memory.grow on memory 0, returning the old size in pages or -1. */
export const GROW_BODY: Bytes = [0x20, 0x00, 0x40, 0x00, 0x0b];
/** `size() -> i32`: memory.size on memory 0. */
export const SIZE_BODY: Bytes = [0x3f, 0x00, 0x0b];

/** A module defining one memory (with the given limits bytes) and exporting grow and size. */
export function definedMemoryModule(memLimits: Bytes): Uint8Array {
  return wasm(
    typeSection(funcType([I32], [I32]), funcType([], [I32])),
    functionSection(0, 1),
    memorySection(memLimits),
    exportSection(exportFunc('grow', 0), exportFunc('size', 1)),
    codeSection(GROW_BODY, SIZE_BODY),
  );
}

/** A module importing env.mem (plus a function, table, global and tag) and exporting grow. */
export function importedMemoryModule(memLimits: Bytes): Uint8Array {
  return wasm(
    typeSection(funcType([I32], [I32]), funcType([I32], [])),
    importSection(
      importEntry('env', 'f', [0x00, ...leb(0)]),
      importEntry('env', 'table', [0x01, FUNCREF, ...limits(1, 10)]),
      importEntry('env', 'g', [0x03, I32, 0x00]),
      importEntry('env', 'tag', [0x04, 0x00, ...leb(1)]),
      importEntry('env', 'mem', [0x02, ...memLimits]),
    ),
    functionSection(0),
    exportSection(exportFunc('grow', 1)),
    codeSection(GROW_BODY),
  );
}


export const tableSection = (...tables: Bytes[]) => section(4, vec(tables));
/** `grow(delta: i32) -> i32`: table.grow on table 0 with null funcrefs, returning the old size or -1. */
export const TABLE_GROW_BODY: Bytes = [0xd0, 0x70, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b];

/** A module defining the given tables (entries: element type + limits) and exporting grow on table 0. */
export function definedTableModule(...tables: Bytes[]): Uint8Array {
  return wasm(
    typeSection(funcType([I32], [I32])),
    functionSection(0),
    tableSection(...tables),
    exportSection(exportFunc('grow', 0)),
    codeSection(TABLE_GROW_BODY),
  );
}

/** Expects `fn` to throw a MemoryLimitError (and nothing else); returns its message. */
export function limitError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(MemoryLimitError);
    return (err as Error).message;
  }
  throw new Error('expected a MemoryLimitError, but nothing was thrown');
}

export const hexOf = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
