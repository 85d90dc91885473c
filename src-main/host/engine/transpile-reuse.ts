import { createHash } from 'node:crypto';
import type { TranspileReply } from './messages';

/**
 * An edit of a component's source usually changes only its core modules' code: a C edit changes
 * the main module, a JavaScript edit QuickJS's snapshot. jco's glue and WIT are made from
 * everything else in the component (types, instances, aliases, canonical functions, exports), and
 * its module files are the component's core modules as they are. So when everything but the core
 * modules is byte for byte the last transpile's, the last glue and WIT are this one's, and each
 * changed module replaces the file that held its old bytes. Anything that does not line up (a
 * changed module whose old bytes no file or several files hold, a changed module that is not
 * valid Wasm) is transpiled in full.
 */

const MODULE_SECTION = 1;
const COMPONENT_SECTION = 4;

interface Parsed {
  /** A hash of the component with its core modules' bytes left out. */
  shape: string;
  modules: Uint8Array[];
}

interface Last extends Parsed {
  reply: Omit<TranspileReply, 'transpileMs' | 'fresh'>;
}

/** The last transpile of each component name (the name is in the glue's file names). */
const last = new Map<string, Last>();
const MAX_NAMES = 8;

export function parseComponent(bytes: Uint8Array): Parsed | null {
  const hash = createHash('sha256');
  const modules: Uint8Array[] = [];
  return walk(bytes, hash, modules) ? { shape: hash.digest('hex'), modules } : null;
}

/**
 * Hashes a component's sections but its core modules' bytes, at any depth: componentize-qjs
 * nests its modules in inner components. Section sizes are left out of the hash (they change
 * with a module's size); an inner component is hashed as its own sections.
 */
function walk(bytes: Uint8Array, hash: ReturnType<typeof createHash>, modules: Uint8Array[]): boolean {
  // A component: "\0asm", version 0x0d, layer 1.
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d || bytes[6] !== 1 || bytes[7] !== 0) return false;
  hash.update(bytes.subarray(0, 8));
  let p = 8;
  while (p < bytes.length) {
    const id = bytes[p++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= bytes.length || shift > 28) return false;
      const b = bytes[p++]!;
      size += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    const end = p + size;
    if (end > bytes.length) return false;
    const payload = bytes.subarray(p, end);
    if (id === MODULE_SECTION) {
      modules.push(payload);
      hash.update(`[module ${modules.length}]`);
    } else if (id === COMPONENT_SECTION) {
      hash.update('[component');
      if (!walk(payload, hash, modules)) return false;
      hash.update(']');
    } else {
      hash.update(`[section ${id} ${size}]`);
      hash.update(payload);
    }
    p = end;
  }
  return true;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
// Node's types leave out WebAssembly.validate, which Node has.
const validWasm = (bytes: Uint8Array) => (WebAssembly as unknown as { validate(b: Uint8Array): boolean }).validate(bytes);

/** This component's transpile made from the last one of its name, or null when it must be transpiled in full. */
export function reuseTranspile(name: string, parsed: Parsed | null): Omit<TranspileReply, 'transpileMs' | 'fresh'> | null {
  const prev = last.get(name);
  if (!parsed || !prev || prev.shape !== parsed.shape || prev.modules.length !== parsed.modules.length) return null;
  const modules = { ...prev.reply.modules };
  for (let i = 0; i < parsed.modules.length; i++) {
    const before = prev.modules[i]!;
    const now = parsed.modules[i]!;
    if (same(before, now)) continue;
    const files = Object.keys(prev.reply.modules).filter((f) => same(prev.reply.modules[f]!, before));
    if (files.length !== 1 || !validWasm(now)) return null;
    modules[files[0]!] = now.slice();
  }
  return { glue: prev.reply.glue, wit: prev.reply.wit, modules };
}

export function rememberTranspile(name: string, parsed: Parsed | null, reply: Omit<TranspileReply, 'transpileMs' | 'fresh'>): void {
  if (!parsed) return;
  last.delete(name);
  if (last.size >= MAX_NAMES) last.delete(last.keys().next().value!);
  last.set(name, { ...parsed, modules: parsed.modules.map((m) => m.slice()), reply });
}
