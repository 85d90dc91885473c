import { describe, expect, it } from 'vitest';
import { capMemory, capModules, mibToPages, TABLE_ENTRY_BYTES, TABLE_SHARE, waterLevel } from './memory-limit';
import {
  type Bytes,
  codeSection,
  definedTableModule,
  EXTERNREF,
  exportSection,
  exportFunc,
  FUNCREF,
  funcType,
  functionSection,
  I32,
  importEntry,
  importSection,
  leb,
  limits,
  memorySection,
  section,
  str,
  TABLE_GROW_BODY,
  tableSection,
  typeSection,
  vec,
  wasm,
  hexOf,
  limitError,
} from './wasm-test-bytes';

// src-shared has no DOM or Node types; the WebAssembly JS API is there at runtime in vitest/Node.
declare const WebAssembly: any;

/** The tables' budget in entries under a cap of `pages`. */
const budget = (pages: number) => Math.floor((pages * 65536) / TABLE_SHARE / TABLE_ENTRY_BYTES);
const PAGES = mibToPages(1); // 16 pages: 682 table entries
const grow = (bytes: Uint8Array, imports = {}) => new WebAssembly.Instance(new WebAssembly.Module(bytes), imports).exports.grow;

describe('tables defined by a module', () => {
  it('gives a table without a maximum the tables\' budget, and table.grow past it returns -1', () => {
    expect(budget(PAGES)).toBe(682);
    const input = definedTableModule([FUNCREF, ...limits(1)]);
    const { bytes, tables } = capMemory(input, PAGES);
    expect(tables).toEqual([{ index: 0, kind: 'defined', min: 1, oldMax: null, newMax: 682 }]);
    expect(hexOf(bytes)).toBe(hexOf(definedTableModule([FUNCREF, ...limits(1, 682)])));
    const g = grow(bytes);
    expect(g(681)).toBe(1);
    expect(g(1)).toBe(-1);
    // Without the cap the same guest grows on: the cap is what refuses it.
    expect(grow(input)(100_000)).toBe(1);
  });

  it('keeps a small declared maximum byte for byte, and lowers one above the budget', () => {
    const small = definedTableModule([FUNCREF, ...limits(22, 22)]);
    expect(hexOf(capMemory(small, PAGES).bytes)).toBe(hexOf(small));
    const big = capMemory(definedTableModule([FUNCREF, ...limits(2, 10_000_000)]), PAGES);
    expect(big.tables[0]).toMatchObject({ oldMax: 10_000_000, newMax: 682 });
  });

  it('caps externref tables the same way', () => {
    const body: Bytes = [0xd0, 0x6f, 0x20, 0x00, 0xfc, 0x0f, 0x00, 0x0b];
    const input = wasm(typeSection(funcType([I32], [I32])), functionSection(0), tableSection([EXTERNREF, ...limits(0)]), exportSection(exportFunc('grow', 0)), codeSection(body));
    const g = grow(capMemory(input, PAGES).bytes);
    expect(g(682)).toBe(0);
    expect(g(1)).toBe(-1);
  });

  it('splits the budget between unbounded tables and keeps the small ones as declared', () => {
    const input = definedTableModule([FUNCREF, ...limits(0)], [FUNCREF, ...limits(10, 10)], [FUNCREF, ...limits(0)], [EXTERNREF, ...limits(5, 1 << 30)]);
    const { tables } = capMemory(input, PAGES);
    expect(tables.map((t) => t.newMax)).toEqual([224, 10, 224, 224]);
    expect(tables.reduce((sum, t) => sum + t.newMax, 0)).toBeLessThanOrEqual(682);
  });

  it('refuses a table whose minimum alone exceeds the budget, naming the sizes', () => {
    const message = limitError(() => capMemory(definedTableModule([FUNCREF, ...limits(683)]), PAGES));
    expect(message).toBe(
      `the module needs tables of at least 683 entries, more than the 682 that the memory limit of 1 MiB allows tables (1/${TABLE_SHARE} of it, at ${TABLE_ENTRY_BYTES} bytes an entry)`,
    );
    // Together, too: two tables of 400 do not fit 682.
    expect(limitError(() => capMemory(definedTableModule([FUNCREF, ...limits(400)], [FUNCREF, ...limits(400)]), PAGES))).toMatch(/at least 800 entries/);
  });

  it('leaves memory what the tables did not take, rounded up to whole pages', () => {
    const input = wasm(tableSection([FUNCREF, ...limits(0)]), memorySection(limits(0)));
    const { memories, tables } = capMemory(input, PAGES);
    expect(tables[0]!.newMax * TABLE_ENTRY_BYTES).toBeLessThanOrEqual(65536); // one page
    expect(memories[0]!.newMax).toBe(PAGES - 1);
    // A fixed table of 22 entries costs one page too; a module with no table keeps the whole cap.
    expect(capMemory(wasm(tableSection([FUNCREF, ...limits(22, 22)]), memorySection(limits(0))), PAGES).memories[0]!.newMax).toBe(PAGES - 1);
    expect(capMemory(wasm(memorySection(limits(0))), PAGES).memories[0]!.newMax).toBe(PAGES);
    // The memory's minimum must fit what is left: 16 pages no longer do once a table takes one.
    expect(limitError(() => capMemory(wasm(tableSection([FUNCREF, ...limits(1)]), memorySection(limits(16))), PAGES))).toBe(
      'the module needs at least 1 MiB of memory, more than the limit of 0.94 MiB (1 MiB less 0.06 MiB for its tables)',
    );
  });

  it('caps a table64 table, writing u64 LEBs', () => {
    const out = capMemory(wasm(tableSection([FUNCREF, 0x05, ...leb(1), ...leb(2n ** 40n)])), PAGES);
    expect(out.tables[0]).toMatchObject({ min: 1, oldMax: 2 ** 40, newMax: 682 });
    expect(hexOf(out.bytes)).toBe(hexOf(wasm(tableSection([FUNCREF, 0x05, 1, ...leb(682)]))));
  });

  it('caps a table with an initializer expression and keeps the expression', () => {
    const init: Bytes = [0x23, 0x00, 0x41, 0x7f, 0x6a, 0xd0, 0x70, 0x0b]; // skipped, not evaluated
    const withInit = (lim: Bytes) => wasm(section(4, vec([[0x40, 0x00, 0x64, 0x70, ...lim, ...init], [FUNCREF, ...limits(0)]])));
    const out = capMemory(withInit(limits(1)), PAGES);
    expect(out.tables.map((t) => t.newMax)).toEqual([341, 341]);
    expect(hexOf(out.bytes)).toBe(hexOf(wasm(section(4, vec([[0x40, 0x00, 0x64, 0x70, ...limits(1, 341), ...init], [FUNCREF, ...limits(0, 341)]])))));
  });

  it('refuses clearly what it does not parse', () => {
    const gcInit = wasm(section(4, vec([[0x40, 0x00, 0x64, 0x70, ...limits(1), 0xfb, 0x00, 0x0b]])));
    expect(limitError(() => capMemory(gcInit, PAGES))).toMatch(/unsupported instruction 0xfb in a table initializer/);
    expect(limitError(() => capMemory(wasm(section(4, vec([[0x40, 0x01, FUNCREF, ...limits(1)]]))), PAGES))).toMatch(/invalid table initializer prefix 0x01/);
    expect(limitError(() => capMemory(wasm(section(4, vec([[FUNCREF, 0x08, 0x00]]))), PAGES))).toMatch(/unsupported table limits flags 0x08/);
    expect(limitError(() => capMemory(wasm(tableSection([FUNCREF, ...limits(1)]), tableSection()), PAGES))).toMatch(/duplicate table section/);
    expect(limitError(() => capMemory(wasm(memorySection(), tableSection()), PAGES))).toMatch(/table section after the memory section/);
    expect(limitError(() => capMemory(wasm(tableSection(), importSection()), PAGES))).toMatch(/import section after the table section/);
  });
});

describe('tables imported by a module', () => {
  const importing = (lim: Bytes) =>
    wasm(
      typeSection(funcType([I32], [I32])),
      importSection(importEntry('env', 't', [0x01, FUNCREF, ...lim])),
      functionSection(0),
      exportSection(exportFunc('grow', 0)),
      codeSection(TABLE_GROW_BODY),
    );

  it('gives an import without a maximum the whole budget, so an unbounded host table no longer links', () => {
    const { bytes, tables } = capMemory(importing(limits(1)), PAGES);
    expect(tables).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: null, newMax: 682 }]);
    const module = new WebAssembly.Module(bytes);
    expect(() => new WebAssembly.Instance(module, { env: { t: new WebAssembly.Table({ element: 'anyfunc', initial: 1 }) } })).toThrow(/maximum/);
    const bounded = new WebAssembly.Table({ element: 'anyfunc', initial: 1, maximum: 682 });
    expect(new WebAssembly.Instance(module, { env: { t: bounded } }).exports.grow(681)).toBe(1);
  });

  it('refuses an import whose minimum exceeds the budget', () => {
    expect(limitError(() => capMemory(importing(limits(700, 800)), PAGES))).toMatch(/at least 700 entries, more than the 682/);
  });
});

describe('a component of several modules, as jco splits one', () => {
  // A main module exporting an unbounded table and memory, a shim with a fixed table, and a fixup
  // module importing both tables (as jco's core modules do).
  const main = wasm(
    typeSection(funcType([I32], [I32])),
    functionSection(0),
    tableSection([FUNCREF, ...limits(5)]),
    memorySection(limits(1)),
    exportSection([...str('table'), 0x01, 0x00], [...str('memory'), 0x02, 0x00], exportFunc('grow', 0)),
    codeSection(TABLE_GROW_BODY),
  );
  const shim = wasm(tableSection([FUNCREF, ...limits(21, 21)]), exportSection([...str('$imports'), 0x01, 0x00]));
  const fixup = wasm(
    importSection(
      importEntry('main', 'table', [0x01, FUNCREF, ...limits(0)]),
      importEntry('main', 'memory', [0x02, ...limits(0)]),
      importEntry('shim', '$imports', [0x01, FUNCREF, ...limits(21, 21)]),
    ),
  );

  it('caps them together, and they still link', () => {
    const capped = capModules({ main, shim, fixup }, PAGES);
    const sumTables = capped.main!.tables[0]!.newMax + capped.shim!.tables[0]!.newMax;
    expect(capped.shim!.tables[0]!.newMax).toBe(21);
    expect(sumTables).toBeLessThanOrEqual(budget(PAGES));
    expect(capped.fixup!.tables.map((t) => t.newMax)).toEqual([682, 21]);
    const m = new WebAssembly.Instance(new WebAssembly.Module(capped.main!.bytes), {});
    const s = new WebAssembly.Instance(new WebAssembly.Module(capped.shim!.bytes), {});
    expect(() => new WebAssembly.Instance(new WebAssembly.Module(capped.fixup!.bytes), { main: m.exports, shim: s.exports })).not.toThrow();
    expect(m.exports.grow(capped.main!.tables[0]!.newMax - 5)).toBe(5);
    expect(m.exports.grow(1)).toBe(-1);
    // Tables, in whole pages, and memory together fit the cap.
    const tablePages = Math.ceil((sumTables * TABLE_ENTRY_BYTES) / 65536);
    expect(tablePages + capped.main!.memories[0]!.newMax).toBeLessThanOrEqual(PAGES);
  });
});

describe('waterLevel', () => {
  it('finds the highest level whose clamped sum fits', () => {
    expect(waterLevel([{ min: 0, max: Infinity }, { min: 0, max: Infinity }], 10)).toBe(5);
    expect(waterLevel([{ min: 0, max: 2 }, { min: 0, max: Infinity }], 10)).toBe(8);
    expect(waterLevel([{ min: 0, max: 2 }, { min: 3, max: 4 }], 10)).toBe(Infinity);
    expect(waterLevel([{ min: 6, max: Infinity }, { min: 0, max: Infinity }], 10)).toBe(4);
    expect(waterLevel([{ min: 6, max: 6 }, { min: 5, max: 5 }], 10)).toBeNull();
    expect(waterLevel([], 0)).toBe(Infinity);
  });
});
