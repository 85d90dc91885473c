// The canonical ABI's flat (core Wasm value) representation of WIT values, and the C that moves a
// value between its C struct and those flat values. Memory needs no code: the generated C structs
// have exactly the canonical ABI's memory layout (field order, natural alignment, discriminant
// sizes, 32-bit pointers and lengths), so a value in memory is read or written as its struct.

import type { WitType } from '../types';
import { cIdent } from './names';

export type Wasm = 'i32' | 'i64' | 'f32' | 'f64';
export const MAX_FLAT_PARAMS = 16;
export const MAX_FLAT_RESULTS = 1;

export const WASM_C: Record<Wasm, string> = { i32: 'int32_t', i64: 'int64_t', f32: 'float', f64: 'double' };

/** A variant's cases with their payloads: options and results are variants in the ABI. */
export function cases(t: WitType): { ident: string; type: WitType | null; member: string }[] | null {
  switch (t.kind) {
    case 'variant':
      return t.cases.map((c) => ({ ident: c.name, type: c.type, member: `.val.${cIdent(c.name)}` }));
    case 'option':
      return [
        { ident: 'none', type: null, member: '' },
        { ident: 'some', type: t.some, member: '.val' },
      ];
    case 'result':
      return [
        { ident: 'ok', type: t.ok, member: '.val.ok' },
        { ident: 'err', type: t.err, member: '.val.err' },
      ];
    default:
      return null;
  }
}

function join(a: Wasm, b: Wasm): Wasm {
  if (a === b) return a;
  if ((a === 'i32' && b === 'f32') || (a === 'f32' && b === 'i32')) return 'i32';
  return 'i64';
}

/** The flat core types of a value: what it is passed as when it fits in parameters or results. */
export function flat(t: WitType): Wasm[] {
  switch (t.kind) {
    case 's64':
    case 'u64':
      return ['i64'];
    case 'f32':
      return ['f32'];
    case 'f64':
      return ['f64'];
    case 'string':
    case 'list':
      return ['i32', 'i32'];
    case 'record':
      return t.fields.flatMap((f) => flat(f.type));
    case 'tuple':
      return t.elements.flatMap(flat);
    case 'flags':
      return Array.from({ length: Math.ceil(t.flags.length / 32) }, () => 'i32' as const);
    case 'variant':
    case 'option':
    case 'result': {
      const payload: Wasm[] = [];
      for (const c of cases(t)!) {
        flat(c.type ?? { kind: 'tuple', elements: [] }).forEach((w, i) => (payload[i] = payload[i] === undefined ? w : join(payload[i]!, w)));
      }
      return ['i32', ...payload];
    }
    default:
      return ['i32'];
  }
}

/** A flat value held in a C local of the (possibly joined) core type `wasm`. */
export interface Slot {
  name: string;
  wasm: Wasm;
}

// A payload shares joined slots with the other cases' payloads: these convert between a value's
// own core type and the slot's, as the canonical ABI does (bit patterns, zero-extended).
function toSlot(value: string, from: Wasm, to: Wasm): string {
  if (from === to) return value;
  if (to === 'i32') return `__cs_f32_bits(${value})`;
  if (from === 'i32') return `(int64_t) (uint32_t) (${value})`;
  if (from === 'f32') return `(int64_t) (uint32_t) __cs_f32_bits(${value})`;
  return `__cs_f64_bits(${value})`;
}

function fromSlot(slot: Slot, to: Wasm): string {
  if (slot.wasm === to) return slot.name;
  if (to === 'i32') return `(int32_t) ${slot.name}`;
  if (to === 'f32') return slot.wasm === 'i32' ? `__cs_bits_f32(${slot.name})` : `__cs_bits_f32((int32_t) ${slot.name})`;
  return `__cs_bits_f64(${slot.name})`;
}

/** The C bit casts the conversions above use, for the glue's preamble. */
export const BITCASTS = [
  'static inline int32_t __cs_f32_bits(float v) { int32_t r; memcpy(&r, &v, 4); return r; }',
  'static inline int64_t __cs_f64_bits(double v) { int64_t r; memcpy(&r, &v, 8); return r; }',
  'static inline float __cs_bits_f32(int32_t v) { float r; memcpy(&r, &v, 4); return r; }',
  'static inline double __cs_bits_f64(int64_t v) { double r; memcpy(&r, &v, 8); return r; }',
].join('\n');

/** Names C types; `elem` gives the element type of a string or list pointer. */
export interface CTypes {
  name(t: WitType): string;
  elem(t: WitType): string;
  /** A borrow of a resource the component exports: passed as a pointer to its representation. */
  isRep(t: WitType): boolean;
}

/** A record's fields or a tuple's elements: their C member and their share of the slots. */
function members(t: WitType & { kind: 'record' | 'tuple' }, slots: Slot[]): { type: WitType; at: string; slots: Slot[] }[] {
  const all = t.kind === 'record' ? t.fields.map((f) => ({ type: f.type, at: `.${cIdent(f.name)}` })) : t.elements.map((e, i) => ({ type: e, at: `.f${i}` }));
  let k = 0;
  return all.map((m) => {
    const n = flat(m.type).length;
    k += n;
    return { ...m, slots: slots.slice(k - n, k) };
  });
}

/** Statements storing the C value `expr` of type `t` into `slots` (declared and zeroed by the caller). */
export function lower(t: WitType, expr: string, slots: Slot[], out: string[], types: CTypes): void {
  const [first] = slots;
  switch (t.kind) {
    case 's64':
    case 'u64':
      out.push(`${first!.name} = ${toSlot(`(int64_t) (${expr})`, 'i64', first!.wasm)};`);
      return;
    case 'f32':
    case 'f64':
      out.push(`${first!.name} = ${toSlot(expr, t.kind, first!.wasm)};`);
      return;
    case 'string':
    case 'list':
      out.push(`${first!.name} = ${toSlot(`(int32_t) (uintptr_t) (${expr}).ptr`, 'i32', first!.wasm)};`);
      out.push(`${slots[1]!.name} = ${toSlot(`(int32_t) (${expr}).len`, 'i32', slots[1]!.wasm)};`);
      return;
    case 'record':
    case 'tuple': {
      for (const m of members(t, slots)) lower(m.type, `(${expr})${m.at}`, m.slots, out, types);
      return;
    }
    case 'variant':
    case 'option':
    case 'result': {
      const tag = t.kind === 'variant' ? `(int32_t) (${expr}).tag` : t.kind === 'option' ? `(int32_t) (${expr}).is_some` : `(int32_t) (${expr}).is_err`;
      out.push(`${first!.name} = ${toSlot(tag, 'i32', first!.wasm)};`);
      out.push(`switch (${tag}) {`);
      cases(t)!.forEach((c, i) => {
        if (!c.type) return;
        out.push(`case ${i}: {`);
        lower(c.type, `(${expr})${c.member}`, slots.slice(1, 1 + flat(c.type).length), out, types);
        out.push('break;', '}');
      });
      out.push('}');
      return;
    }
    case 'unsupported':
      // A resource handle (the generator refuses every other kind first): its table index.
      out.push(`${first!.name} = ${toSlot(types.isRep(t) ? `(int32_t) (uintptr_t) (${expr})` : `(${expr}).__handle`, 'i32', first!.wasm)};`);
      return;
    default:
      // bool, 8-32-bit integers, char, enum and flags of at most 32 (the generator refuses more).
      out.push(`${first!.name} = ${toSlot(`(int32_t) (${expr})`, 'i32', first!.wasm)};`);
  }
}

/** Statements filling the C lvalue `dest` of type `t` from `slots`. */
export function lift(t: WitType, slots: Slot[], dest: string, types: CTypes, out: string[]): void {
  const [first] = slots;
  switch (t.kind) {
    case 'bool':
      out.push(`${dest} = ${fromSlot(first!, 'i32')} != 0;`);
      return;
    case 's64':
    case 'u64':
      out.push(`${dest} = (${types.name(t)}) ${fromSlot(first!, 'i64')};`);
      return;
    case 'f32':
    case 'f64':
      out.push(`${dest} = ${fromSlot(first!, t.kind)};`);
      return;
    case 'string':
    case 'list':
      out.push(`${dest}.ptr = (${types.elem(t)} *) (uintptr_t) ${fromSlot(first!, 'i32')};`);
      out.push(`${dest}.len = (size_t) (uint32_t) ${fromSlot(slots[1]!, 'i32')};`);
      return;
    case 'record':
    case 'tuple': {
      for (const m of members(t, slots)) lift(m.type, m.slots, `${dest}${m.at}`, types, out);
      return;
    }
    case 'variant':
    case 'option':
    case 'result': {
      const disc = fromSlot(first!, 'i32');
      if (t.kind === 'variant') out.push(`${dest}.tag = (${tagType(t.cases.length)}) ${disc};`);
      else out.push(`${dest}.${t.kind === 'option' ? 'is_some' : 'is_err'} = ${disc} != 0;`);
      out.push(`switch (${disc}) {`);
      cases(t)!.forEach((c, i) => {
        if (!c.type) return;
        out.push(`case ${i}: {`);
        lift(c.type, slots.slice(1, 1 + flat(c.type).length), `${dest}${c.member}`, types, out);
        out.push('break;', '}');
      });
      out.push('}');
      return;
    }
    case 'unsupported':
      out.push(types.isRep(t) ? `${dest} = (${types.name(t)}) (uintptr_t) ${fromSlot(first!, 'i32')};` : `${dest} = (${types.name(t)}) { ${fromSlot(first!, 'i32')} };`);
      return;
    default:
      out.push(`${dest} = (${types.name(t)}) ${fromSlot(first!, 'i32')};`);
  }
}

/** The C type of a variant's or enum's discriminant, by its number of cases. */
export function tagType(count: number): string {
  return count <= 256 ? 'uint8_t' : count <= 65536 ? 'uint16_t' : 'uint32_t';
}

/** Flags' C type: wit-bindgen's integer of the next size up. */
export function flagsType(count: number): string {
  return count <= 8 ? 'uint8_t' : count <= 16 ? 'uint16_t' : 'uint32_t';
}

/** Parameters of these kinds are passed to C by pointer (options by a nullable pointer to the payload). */
export function byPointer(t: WitType): boolean {
  return ['string', 'list', 'record', 'tuple', 'variant', 'option', 'result'].includes(t.kind);
}

/**
 * How a C function returns a WIT result: directly (scalars, enums, flags), through one `ret`
 * pointer (strings, lists, records, tuples, variants), as `bool` plus a `ret` pointer to the
 * payload (options) or `bool` plus `ret`/`err` pointers (results: true for ok).
 */
export type Returned = { how: 'void' } | { how: 'scalar' } | { how: 'pointer' } | { how: 'option'; some: WitType } | { how: 'result'; ok: WitType | null; err: WitType | null };

export function returned(t: WitType | null): Returned {
  if (!t) return { how: 'void' };
  if (t.kind === 'option') return { how: 'option', some: t.some };
  if (t.kind === 'result') return { how: 'result', ok: t.ok, err: t.err };
  return ['string', 'list', 'record', 'tuple', 'variant'].includes(t.kind) ? { how: 'pointer' } : { how: 'scalar' };
}
