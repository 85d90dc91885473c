import { createHash } from 'node:crypto';
import type { TranspileReply } from './messages';

/**
 * An edit of a component's source usually changes only its core modules' code: a C edit changes
 * the main module, a JavaScript edit QuickJS's snapshot. jco's glue and WIT are made from
 * everything else in the component (types, instances, aliases, canonical functions, exports), and
 * its module files are the component's core modules as they are. So when everything but the core
 * modules is byte for byte the last transpile's, the last glue and WIT are this one's, and each
 * changed module replaces the file that held its old bytes. Anything that does not line up (a
 * nested component, a changed module whose old bytes no file or several files hold, a changed
 * module that is not valid Wasm) is transpiled in full.
 */

const MODULE_SECTION = 1;

interface Parsed {
  /** A hash of the component with its top-level core modules' bytes left out. */
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
  // A component: "\0asm", version 0x0d, layer 1.
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d || bytes[6] !== 1 || bytes[7] !== 0) return null;
  const hash = createHash('sha256').update(bytes.subarray(0, 8));
  const modules: Uint8Array[] = [];
  let p = 8;
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++]!;
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      if (p >= bytes.length || shift > 28) return null;
      const b = bytes[p++]!;
      size += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) break;
    }
    const end = p + size;
    if (end > bytes.length) return null;
    if (id === MODULE_SECTION) {
      modules.push(bytes.subarray(p, end));
      hash.update(`[module ${modules.length}]`);
    } else {
      hash.update(bytes.subarray(start, end));
    }
    p = end;
  }
  return { shape: hash.digest('hex'), modules };
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
