import { describe, it, expect } from 'vitest';
import { capMemory, limitsHit, MemoryLimitError, memoryUse, mibToPages } from './memory-limit';
import {
  type Bytes,
  leb,
  str,
  vec,
  section,
  custom,
  HEADER,
  wasm,
  limits,
  I32,
  FUNCREF,
  EXTERNREF,
  typeSection,
  funcType,
  importEntry,
  importSection,
  functionSection,
  memorySection,
  exportSection,
  exportFunc,
  codeSection,
  GROW_BODY,
  SIZE_BODY,
  definedMemoryModule,
  importedMemoryModule,
  limitError,
  hexOf,
} from './wasm-test-bytes';

// src-shared has no DOM or Node types; the WebAssembly JS API is there at runtime in vitest/Node.
declare const WebAssembly: any;

function importObject(memory: unknown) {
  return {
    env: {
      f: (x: number) => x,
      table: new WebAssembly.Table({ element: 'anyfunc', initial: 1, maximum: 10 }),
      g: new WebAssembly.Global({ value: 'i32', mutable: false }, 7),
      tag: new WebAssembly.Tag({ parameters: ['i32'] }),
      mem: memory,
    },
  };
}

/** Reads the memories back with the module's own parser: a huge cap changes nothing. */
const readBack = (bytes: Uint8Array) => capMemory(bytes, 2 ** 40).memories;


// ---------------------------------------------------------------------------------------------

describe('mibToPages', () => {
  it('converts MiB to whole 64 KiB pages, rounding down', () => {
    expect(mibToPages(1)).toBe(16);
    expect(mibToPages(256)).toBe(4096);
    expect(mibToPages(0.25)).toBe(4);
    expect(mibToPages(0.1)).toBe(1);
    expect(mibToPages(0)).toBe(0);
    expect(mibToPages(4096)).toBe(65536);
  });

  it('rejects negative and non-finite sizes', () => {
    limitError(() => mibToPages(-1));
    limitError(() => mibToPages(Number.NaN));
    limitError(() => mibToPages(Number.POSITIVE_INFINITY));
  });
});

describe('capMemory on a defined memory', () => {
  it('adds a maximum to a memory without one, and memory.grow past it returns -1', () => {
    const input = definedMemoryModule(limits(1));
    const before = input.slice();
    const { bytes, memories } = capMemory(input, 4);

    expect(memories).toEqual([{ index: 0, kind: 'defined', min: 1, oldMax: null, newMax: 4 }]);
    expect(hexOf(input)).toBe(hexOf(before)); // input untouched
    expect(bytes).not.toBe(input);
    expect(bytes.length).toBe(input.length + 1); // one byte of max; flags and section size stay one byte

    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
    const { grow, size } = instance.exports;
    expect(grow(2)).toBe(1);
    expect(size()).toBe(3);
    expect(grow(10)).toBe(-1);
    expect(size()).toBe(3);
    expect(grow(1)).toBe(3);
    expect(grow(1)).toBe(-1);
    expect(size()).toBe(4);
  });

  it('the uncapped module would have grown (so the cap is what makes it fail)', () => {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(definedMemoryModule(limits(1))), {});
    expect(instance.exports.grow(10)).toBe(1);
  });

  it('keeps a maximum that is already below the cap (bytes unchanged, but a fresh copy)', () => {
    const input = definedMemoryModule(limits(1, 2));
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([{ index: 0, kind: 'defined', min: 1, oldMax: 2, newMax: 2 }]);
    expect(hexOf(bytes)).toBe(hexOf(input));
    expect(bytes).not.toBe(input);

    const { grow } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    expect(grow(1)).toBe(1);
    expect(grow(1)).toBe(-1);
  });

  it('lowers a maximum above the cap', () => {
    const input = definedMemoryModule(limits(1, 1000));
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([{ index: 0, kind: 'defined', min: 1, oldMax: 1000, newMax: 4 }]);
    expect(bytes.length).toBe(input.length - 1); // 1000 took two LEB bytes, 4 takes one
    const { grow } = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
    expect(grow(3)).toBe(1);
    expect(grow(1)).toBe(-1);
  });

  it('accepts a minimum equal to the cap (the memory just cannot grow)', () => {
    const { bytes, memories } = capMemory(definedMemoryModule(limits(16)), mibToPages(1));
    expect(memories[0]).toMatchObject({ min: 16, newMax: 16 });
    expect(new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.grow(1)).toBe(-1);
  });

  it('throws when the minimum is above the cap, naming both sizes in MiB', () => {
    const message = limitError(() => capMemory(definedMemoryModule(limits(32)), mibToPages(1)));
    expect(message).toBe('the module needs at least 2 MiB of memory, more than the limit of 1 MiB');
    const fractional = limitError(() => capMemory(definedMemoryModule(limits(17, 20)), 16));
    expect(fractional).toBe('the module needs at least 1.06 MiB of memory, more than the limit of 1 MiB');
  });

  it('clamps a 32-bit memory to 65536 pages when the cap is larger', () => {
    const { bytes, memories } = capMemory(definedMemoryModule(limits(1)), 2 ** 20);
    expect(memories[0]).toMatchObject({ oldMax: null, newMax: 65536 });
    expect(() => new WebAssembly.Module(bytes)).not.toThrow();
  });

  it('caps shared memories and keeps them shared (0x02 gains a max and becomes 0x03)', () => {
    const shared = definedMemoryModule(limits(1, 100, { shared: true }));
    const out = capMemory(shared, 4);
    expect(out.memories).toEqual([{ index: 0, kind: 'defined', min: 1, oldMax: 100, newMax: 4 }]);
    expect(hexOf(out.bytes)).toBe(hexOf(definedMemoryModule(limits(1, 4, { shared: true }))));
    expect(() => new WebAssembly.Module(out.bytes)).not.toThrow();

    const noMax = wasm(memorySection([0x02, ...leb(1)]));
    expect(hexOf(capMemory(noMax, 4).bytes)).toBe(hexOf(wasm(memorySection([0x03, 1, 4]))));
  });

  it('caps memory64 memories, writing u64 LEBs', () => {
    const m64 = wasm(memorySection(limits(200, undefined, { mem64: true })));
    const out = capMemory(m64, 1000);
    expect(out.memories).toEqual([{ index: 0, kind: 'defined', min: 200, oldMax: null, newMax: 1000 }]);
    expect(hexOf(out.bytes)).toBe(hexOf(wasm(memorySection([0x05, 0xc8, 0x01, 0xe8, 0x07]))));

    const shared64 = wasm(memorySection(limits(1, 2 ** 40, { shared: true, mem64: true })));
    const capped = capMemory(shared64, 4);
    expect(capped.memories[0]).toMatchObject({ oldMax: 2 ** 40, newMax: 4 });
    expect(hexOf(capped.bytes)).toBe(hexOf(wasm(memorySection([0x07, 1, 4]))));
    expect(readBack(capped.bytes)[0]).toMatchObject({ min: 1, oldMax: 4 });

    // A u64 minimum beyond 2^53 pages is still compared correctly against the cap.
    const huge = wasm(memorySection([0x04, ...leb(2n ** 60n)]));
    expect(limitError(() => capMemory(huge, 4))).toMatch(/needs at least .* MiB of memory/);
  });

  it('numbers several memories (multi-memory): imports first, then definitions, which share the cap', () => {
    const input = wasm(
      importSection(importEntry('env', 'a', [0x02, ...limits(1)]), importEntry('env', 'b', [0x02, ...limits(2, 3)])),
      memorySection(limits(0), limits(5, 9)),
    );
    // The definitions' maxima sum to the cap: 3 + 5 (the second cannot go below its minimum).
    // Imports are definitions elsewhere: each may be at most the whole cap.
    expect(capMemory(input, 8).memories).toEqual([
      { index: 0, kind: 'imported', min: 1, oldMax: null, newMax: 8 },
      { index: 1, kind: 'imported', min: 2, oldMax: 3, newMax: 3 },
      { index: 2, kind: 'defined', min: 0, oldMax: null, newMax: 3 },
      { index: 3, kind: 'defined', min: 5, oldMax: 9, newMax: 5 },
    ]);
  });

  it('keeps small declared maxima and splits the rest equally between unbounded memories', () => {
    const input = wasm(memorySection(limits(1, 2), limits(0), limits(1), limits(3, 100)));
    expect(capMemory(input, 32).memories.map((m) => m.newMax)).toEqual([2, 10, 10, 10]);
    expect(capMemory(input, 1000).memories.map((m) => m.newMax)).toEqual([2, 449, 449, 100]);
  });

  it('refuses memories whose minima together exceed the cap, though each fits alone', () => {
    expect(limitError(() => capMemory(wasm(memorySection(limits(10), limits(10))), 16))).toBe(
      'the module needs at least 1.25 MiB of memory, more than the limit of 1 MiB',
    );
  });

  it('accepts a cap of zero pages for a memory of size zero', () => {
    const { bytes, memories } = capMemory(definedMemoryModule(limits(0)), 0);
    expect(memories[0]).toMatchObject({ min: 0, newMax: 0 });
    expect(new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.grow(1)).toBe(-1);
  });
});

describe('capMemory on an imported memory', () => {
  it('caps the import limits, skipping func, table, global and tag imports before it', () => {
    const input = importedMemoryModule(limits(1));
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: null, newMax: 4 }]);
    expect(hexOf(bytes)).toBe(hexOf(importedMemoryModule(limits(1, 4))));
    expect(readBack(bytes)).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: 4, newMax: 4 }]);

    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'f', kind: 'function' },
      { module: 'env', name: 'table', kind: 'table' },
      { module: 'env', name: 'g', kind: 'global' },
      { module: 'env', name: 'tag', kind: 'tag' },
      { module: 'env', name: 'mem', kind: 'memory' },
    ]);

    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const instance = new WebAssembly.Instance(module, importObject(memory));
    expect(instance.exports.grow(2)).toBe(1);
    expect(instance.exports.grow(10)).toBe(-1);
    expect(memory.buffer.byteLength).toBe(3 * 65536);
  });

  it('makes the host supply a memory bounded by the cap', () => {
    const module = new WebAssembly.Module(capMemory(importedMemoryModule(limits(1)), 4).bytes);
    expect(() => new WebAssembly.Instance(module, importObject(new WebAssembly.Memory({ initial: 1 })))).toThrow(
      WebAssembly.LinkError,
    );
    expect(() =>
      new WebAssembly.Instance(module, importObject(new WebAssembly.Memory({ initial: 1, maximum: 8 }))),
    ).toThrow(WebAssembly.LinkError);
    // The uncapped module accepts an unbounded memory.
    const uncapped = new WebAssembly.Module(importedMemoryModule(limits(1)));
    expect(() => new WebAssembly.Instance(uncapped, importObject(new WebAssembly.Memory({ initial: 1 })))).not.toThrow();
  });

  it('throws when the imported minimum is above the cap', () => {
    expect(limitError(() => capMemory(importedMemoryModule(limits(48, 64)), 16))).toBe(
      'the module needs at least 3 MiB of memory, more than the limit of 1 MiB',
    );
  });

  it('skips imports with every value and reference type encoding', () => {
    const others: Bytes[] = [
      importEntry('m', 'v128', [0x03, 0x7b, 0x00]),
      importEntry('m', 'i64', [0x03, 0x7e, 0x01]),
      importEntry('m', 'f32', [0x03, 0x7d, 0x00]),
      importEntry('m', 'f64', [0x03, 0x7c, 0x00]),
      importEntry('m', 'externref', [0x03, EXTERNREF, 0x01]),
      importEntry('m', 'anyref', [0x03, 0x6e, 0x00]),
      importEntry('m', 'ref-null-extern', [0x03, 0x63, 0x6f, 0x00]),
      importEntry('m', 'ref-type-0', [0x03, 0x64, 0x00, 0x00]),
      importEntry('m', 'ref-type-300', [0x03, 0x63, ...leb(300), 0x01]), // multi-byte s33 heap type
      importEntry('m', 'ref-type-63', [0x03, 0x64, 0xbf, 0x00, 0x00]), // 63 needs two s33 bytes
      importEntry('m', 'table-ref-func', [0x01, 0x64, 0x70, ...limits(0)]),
      importEntry('m', 'table64', [0x01, FUNCREF, 0x05, ...leb(1), ...leb(2n ** 40n)]),
      importEntry('m', 'func-big-index', [0x00, ...leb(100000)]),
      importEntry('m', 'tag', [0x04, 0x00, ...leb(3)]),
    ];
    const input = wasm(importSection(...others, importEntry('env', 'mem', [0x02, ...limits(1)]), ...others));
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: null, newMax: 4 }]);
    // The two table imports gain the tables' budget at 4 pages as their maximum: 4 * 65536 / 16 / 96 = 170 entries.
    const after = others.map((entry) =>
      entry === others[10] ? importEntry('m', 'table-ref-func', [0x01, 0x64, 0x70, ...limits(0, 170)])
      : entry === others[11] ? importEntry('m', 'table64', [0x01, FUNCREF, 0x05, ...leb(1), ...leb(170)])
      : entry,
    );
    expect(hexOf(bytes)).toBe(hexOf(wasm(importSection(...after, importEntry('env', 'mem', [0x02, ...limits(1, 4)]), ...after))));
  });

  it('leaves an import section without memories byte for byte, even with a padded size LEB', () => {
    const content = vec([importEntry('env', 'f', [0x00, 0x00])]);
    const padded = [...HEADER, 0x02, 0x80 | content.length, 0x80, 0x80, 0x00, ...content];
    const input = Uint8Array.from(padded);
    expect(hexOf(capMemory(input, 4).bytes)).toBe(hexOf(input));
  });
});

describe('capMemory on modules without memory', () => {
  it('returns the bytes unchanged', () => {
    const input = wasm(
      custom('name', [1, 2, 3]),
      typeSection(funcType([I32], [I32])),
      importSection(importEntry('env', 'f', [0x00, 0x00]), importEntry('env', 'g', [0x03, I32, 0x00])),
      functionSection(0),
      exportSection(exportFunc('id', 1)),
      codeSection([0x20, 0x00, 0x0b]),
    );
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([]);
    expect(hexOf(bytes)).toBe(hexOf(input));
    expect(() => new WebAssembly.Module(bytes)).not.toThrow();
  });

  it('accepts the empty module', () => {
    const { bytes, memories } = capMemory(wasm(), 4);
    expect(memories).toEqual([]);
    expect(hexOf(bytes)).toBe(hexOf(Uint8Array.from(HEADER)));
  });
});

describe('re-encoding section sizes', () => {
  /** Finds the byte after `needle`'s first occurrence. */
  function indexAfter(haystack: Uint8Array, needle: Bytes): number {
    outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
      for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
      return i + needle.length;
    }
    return -1;
  }

  it('grows an import section from a 1-byte to a 2-byte size LEB, keeping custom and data sections around it', () => {
    const before = Array.from({ length: 300 }, (_, i) => (i * 7) & 0xff); // 300 bytes: a 2-byte size of its own
    const after = Array.from({ length: 50 }, (_, i) => 255 - i);
    const data = Array.from({ length: 200 }, (_, i) => (i * 13 + 1) & 0xff);

    // Pad the import's module name so the import section's contents are exactly 127 bytes.
    const importContents = (name: string) => vec([importEntry(name, 'mem', [0x02, ...limits(1)])]);
    const baseLength = importContents('').length;
    const longName = 'x'.repeat(127 - baseLength); // below 128 the name's own length LEB stays one byte
    const contents = importContents(longName);
    expect(contents.length).toBe(127);

    const input = wasm(
      custom('before', before),
      typeSection(funcType([I32], [I32])),
      section(2, contents),
      functionSection(0),
      exportSection(exportFunc('grow', 0)),
      codeSection(GROW_BODY),
      section(11, vec([[0x00, 0x41, 0x10, 0x0b, ...leb(data.length), ...data]])), // active, offset i32.const 16
      custom('after', after),
    );
    const { bytes, memories } = capMemory(input, 4);
    expect(memories).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: null, newMax: 4 }]);
    expect(bytes.length).toBe(input.length + 2); // one byte of max, one more byte of section size

    // The import section now reads 0x02 0x80 0x01 (size 128) and is followed by its rewritten contents.
    const importAt = indexAfter(bytes, [0x02, 0x80, 0x01, 0x01]);
    expect(importAt).toBeGreaterThan(0);
    expect(readBack(bytes)).toEqual([{ index: 0, kind: 'imported', min: 1, oldMax: 4, newMax: 4 }]);

    const module = new WebAssembly.Module(bytes);
    expect(Array.from(new Uint8Array(WebAssembly.Module.customSections(module, 'before')[0]))).toEqual(before);
    expect(Array.from(new Uint8Array(WebAssembly.Module.customSections(module, 'after')[0]))).toEqual(after);

    const memory = new WebAssembly.Memory({ initial: 1, maximum: 4 });
    const instance = new WebAssembly.Instance(module, { [longName]: { mem: memory } });
    expect(Array.from(new Uint8Array(memory.buffer, 16, data.length))).toEqual(data);
    expect(instance.exports.grow(3)).toBe(1);
    expect(instance.exports.grow(1)).toBe(-1);
  });

  it('shrinks a memory section whose size was written as a padded 5-byte LEB', () => {
    const growModule = (memory: Bytes) =>
      wasm(typeSection(funcType([I32], [I32])), functionSection(0), memory, exportSection(exportFunc('grow', 0)), codeSection(GROW_BODY));
    const content = vec([limits(1, 1000)]);
    const input = growModule([0x05, 0x80 | content.length, 0x80, 0x80, 0x80, 0x00, ...content]);
    expect(() => new WebAssembly.Module(input)).not.toThrow();
    const { bytes } = capMemory(input, 4);
    expect(bytes.length).toBe(input.length - 5); // 4 bytes of size LEB and 1 byte of max saved
    expect(hexOf(bytes)).toBe(hexOf(growModule(memorySection(limits(1, 4)))));
    expect(new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports.grow(10)).toBe(-1);
  });

  it('re-encodes a memory section that crosses 127 bytes (many memories)', () => {
    const mems = Array.from({ length: 63 }, () => limits(1)); // 1 + 63 * 2 = 127 bytes of contents
    const input = wasm(memorySection(...mems), custom('tail', [9, 9, 9]));
    expect(input[9]).toBe(127);
    const { bytes, memories } = capMemory(input, 63 * 4);
    expect(memories).toHaveLength(63);
    expect(memories.every((m, i) => m.index === i && m.newMax === 4)).toBe(true);
    const expected = wasm(memorySection(...mems.map(() => limits(1, 4))), custom('tail', [9, 9, 9]));
    expect(hexOf(bytes)).toBe(hexOf(expected));
    expect(Array.from(bytes.subarray(8, 11))).toEqual([0x05, 0xbe, 0x01]); // 1 + 63 * 3 = 190
  });
});

describe('capMemory rejects what is not a core module', () => {
  it('rejects garbage, empty and short inputs', () => {
    expect(limitError(() => capMemory(new Uint8Array(), 4))).toMatch(/too short/);
    expect(limitError(() => capMemory(Uint8Array.from([0x00, 0x61, 0x73]), 4))).toMatch(/too short/);
    expect(limitError(() => capMemory(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 4))).toMatch(/magic/);
    const text = Array.from('(module (memory 1))', (c) => c.charCodeAt(0));
    expect(limitError(() => capMemory(Uint8Array.from(text), 4))).toMatch(/magic/);
  });

  it('rejects a component, naming it', () => {
    const component = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x0d, 0x00, 0x01, 0x00, 0x01, 0x00]);
    expect(limitError(() => capMemory(component, 4))).toMatch(/component, not a core module/);
  });

  it('rejects other versions', () => {
    expect(limitError(() => capMemory(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0x00, 0x00, 0x00]), 4))).toMatch(
      /unsupported WebAssembly binary version/,
    );
  });

  it('rejects a module truncated inside any section, and accepts the prefixes that end on a section boundary', () => {
    const valid = importedMemoryModule(limits(1));
    // Section boundaries: after the header, and after each whole section.
    const boundaries = new Set<number>([8]);
    for (let at = 8; at < valid.length; ) {
      const id = valid[at]!;
      let size = 0;
      let shift = 0;
      let p = at + 1;
      for (;;) {
        const b = valid[p++]!;
        size |= (b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) break;
      }
      expect(id).toBeLessThan(13);
      at = p + size;
      boundaries.add(at);
    }
    for (let len = 0; len < valid.length; len++) {
      const prefix = valid.subarray(0, len);
      if (boundaries.has(len)) expect(() => capMemory(prefix, 4)).not.toThrow();
      else limitError(() => capMemory(prefix, 4));
    }
  });

  it('names what is wrong in a malformed module', () => {
    const cases: [Uint8Array, RegExp][] = [
      [wasm([5, 10, 1, 0]), /memory section runs past the end/],
      [wasm(section(5, [1, 0, 1, 0xaa])), /1 unexpected trailing bytes in the memory section/],
      [wasm(section(5, [2, 0, 1])), /unexpected end of memory limits flags in the memory section/],
      [wasm(section(5, [1, 0x08, 1])), /unsupported memory limits flags 0x08/],
      [wasm(section(5, [1, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])), /memory minimum is an over-long LEB128/],
      [wasm(section(5, [1, 0x00, 0xff, 0xff, 0xff, 0xff, 0x7f])), /memory minimum overflows u32/],
      [wasm(memorySection(limits(1)), memorySection(limits(1))), /duplicate memory section/],
      [wasm(memorySection(limits(1)), importSection()), /import section after the memory section/],
      [wasm(importSection(importEntry('a', 'b', [0x07, 0x00]))), /unknown import kind 0x07/],
      [wasm(importSection(importEntry('a', 'b', [0x03, 0x40, 0x00]))), /unknown global type 0x40/],
      [wasm(importSection(importEntry('a', 'b', [0x03, I32, 0x02]))), /invalid global mutability 0x02/],
      [wasm(importSection(importEntry('a', 'b', [0x04, 0x01, 0x00]))), /invalid tag attribute 0x01/],
      [wasm(importSection(importEntry('a', 'b', [0x01, FUNCREF, 0x09, 0x00]))), /unsupported table limits flags 0x09/],
      [wasm(section(2, [1, 0x7f, 0x61])), /import module name runs past the end/],
      [wasm(section(2, [0xff, 0xff, 0xff, 0xff, 0x0f])), /unexpected end of import module name length/],
      [Uint8Array.from([...HEADER, 0x01, 0xff, 0xff, 0xff, 0xff, 0x7f]), /section size overflows u32/],
    ];
    for (const [bytes, pattern] of cases) expect(limitError(() => capMemory(bytes, 4))).toMatch(pattern);
  });

  it('rejects a bad page limit', () => {
    const ok = definedMemoryModule(limits(1));
    limitError(() => capMemory(ok, -1));
    limitError(() => capMemory(ok, 1.5));
    limitError(() => capMemory(ok, Number.NaN));
    limitError(() => capMemory([0, 97, 115, 109] as unknown as Uint8Array, 4));
  });
});

describe('capMemory on random damage', () => {
  /** mulberry32: a small seeded generator so failures reproduce. */
  function random(seed: number) {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const base = wasm(
    custom('before', Array.from({ length: 40 }, (_, i) => i)),
    typeSection(funcType([I32], [I32]), funcType([I32], [])),
    importSection(
      importEntry('env', 'f', [0x00, 0x00]),
      importEntry('env', 'table', [0x01, FUNCREF, ...limits(1, 10)]),
      importEntry('env', 'g', [0x03, 0x63, 0x6f, 0x00]),
      importEntry('env', 'tag', [0x04, 0x00, 0x01]),
      importEntry('env', 'mem', [0x02, ...limits(1, 300)]),
    ),
    functionSection(0),
    section(4, vec([[FUNCREF, ...limits(1)], [EXTERNREF, ...limits(0, 5)]])),
    memorySection(limits(1), limits(1, 3, { shared: true }), limits(1, undefined, { mem64: true })),
    exportSection(exportFunc('grow', 1)),
    codeSection(GROW_BODY),
    section(11, vec([[0x00, 0x41, 0x00, 0x0b, 4, 1, 2, 3, 4]])),
    custom('after', [5, 6, 7]),
  );

  it('the base module is accepted', () => {
    expect(capMemory(base, 4).memories).toHaveLength(4);
    expect(capMemory(base, 4).tables).toHaveLength(3);
  });

  it('either returns bytes or throws MemoryLimitError for 200 random truncations and mutations', () => {
    const next = random(0x5eed);
    const int = (n: number) => Math.floor(next() * n);
    let returned = 0;
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      let bytes = Array.from(base);
      const mutations = 1 + int(3);
      for (let m = 0; m < mutations; m++) {
        // Mostly damage past the header, where the parser has the most to get wrong.
        const at = next() < 0.9 ? 8 + int(Math.max(1, bytes.length - 8)) : int(bytes.length + 1);
        switch (int(6)) {
          case 0: // truncate
            bytes = bytes.slice(0, at);
            break;
          case 1: // overwrite one byte
            bytes[at] = int(256);
            break;
          case 2: // flip one bit
            bytes[at] = (bytes[at] ?? 0) ^ (1 << int(8));
            break;
          case 3: // insert random bytes
            bytes.splice(at, 0, ...Array.from({ length: 1 + int(8) }, () => int(256)));
            break;
          case 4: // delete a run
            bytes.splice(at, 1 + int(8));
            break;
          default: // a run of continuation bytes: LEBs that never end
            bytes.splice(at, 0, ...Array.from({ length: 1 + int(12) }, () => 0x80 | int(128)));
        }
      }
      const input = Uint8Array.from(bytes);
      const snapshot = hexOf(input);
      let out: Uint8Array | null = null;
      try {
        out = capMemory(input, 4).bytes;
      } catch (err) {
        if (!(err instanceof MemoryLimitError)) {
          throw new Error(`mutation ${i} threw ${String(err)} for ${snapshot}`);
        }
        expect(err.message.length).toBeGreaterThan(0);
        rejected++;
      }
      expect(hexOf(input)).toBe(snapshot); // input untouched either way
      if (out) {
        returned++;
        expect(out).toBeInstanceOf(Uint8Array);
        // Capping is idempotent: capping the output again changes nothing.
        expect(hexOf(capMemory(out, 4).bytes)).toBe(hexOf(out));
      }
    }
    expect(returned + rejected).toBe(200);
    expect(rejected).toBeGreaterThan(0);
  });
});

describe('memoryUse', () => {
  const MiB = 1024 * 1024;
  it('says the cap was reached when less than 1 MiB was left below it', () => {
    expect(memoryUse(47.3 * MiB, 48)).toEqual({ usedBytes: 47.3 * MiB, capBytes: 48 * MiB, reached: true });
    expect(memoryUse(48 * MiB, 48).reached).toBe(true);
  });
  it('does not when more was left, or when nothing was measured', () => {
    expect(memoryUse(46.9 * MiB, 48).reached).toBe(false);
    expect(memoryUse(2 * MiB, 1024).reached).toBe(false);
    expect(memoryUse(0, 1).reached).toBe(false);
  });
});

describe('limitsHit', () => {
  it('names each limit a run ran into, and nothing for a run within them', () => {
    const MiB = 1024 * 1024;
    expect(limitsHit({ memory: memoryUse(47.3 * MiB, 48), truncated: true })).toEqual(['memory limit reached (47.3 of 48 MiB)', 'output truncated']);
    expect(limitsHit({ memory: memoryUse(2 * MiB, 48), truncated: false })).toEqual([]);
    expect(limitsHit({})).toEqual([]);
  });
});

describe('what no maximum bounds', () => {
  const struct: Bytes = [0x5f, ...vec([[I32, 0x01]])]; // struct (field (mut i32))
  const array: Bytes = [0x5e, 0x7e, 0x01]; // array (mut i64)

  it('refuses Wasm GC types, alone, in a rec group or under sub, naming why', () => {
    for (const types of [[array], [struct], [[0x4e, ...vec([funcType([], []), array])]], [[0x50, ...vec([]), ...struct]], [[0x4f, ...vec([[0]]), ...array]]]) {
      expect(limitError(() => capMemory(wasm(section(1, vec(types))), 4))).toMatch(/^the module uses Wasm GC types \(struct or array\)/);
    }
  });

  it('accepts function types, also in rec groups and under sub, and copies the type section as it is', () => {
    const types = section(1, vec([funcType([I32, 0x70, EXTERNREF], [0x7e]), [0x4e, ...vec([funcType([], []), [0x50, ...vec([[0]]), ...funcType([], [])]])]]));
    const input = wasm(types);
    expect(hexOf(capMemory(input, 4).bytes)).toBe(hexOf(input));
    expect(limitError(() => capMemory(wasm(section(1, vec([[0x5d]]))), 4))).toMatch(/unknown type form 0x5d/);
  });
});
