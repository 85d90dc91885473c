import { cheapJspiProbe } from '../../../src-shared/engine/jspi-probe';
import { wasmTooLarge } from '../../../src-shared/engine/wasm-size';
import { StudioError } from '../../../src-shared/protocol/envelope';
import { jco } from '../../jco';
import { readingComponent } from '../jco-errors';
import type { TranspileReply } from './messages';
import { transpileCache } from './transpile-cache';
import { parseComponent, rememberTranspile, reuseTranspile } from './transpile-reuse';

/**
 * jco transpile in async instantiation mode: the glue takes its imports per call, so one result
 * serves every run. Answered, in this order, by the last transpile of the same name when only core
 * modules changed (transpile-reuse.ts), by the user's cache of earlier processes' transpiles
 * (transpile-cache.ts), or by jco.
 */
export async function transpileComponent(bytes: Uint8Array, name: string, maxWasmMiB: number): Promise<TranspileReply> {
  const tooLarge = wasmTooLarge(bytes.length, maxWasmMiB, `the component ${name}`);
  if (tooLarge) throw new StudioError('too-large', tooLarge);
  const t = performance.now();
  const parsed = parseComponent(bytes);
  const reused = reuseTranspile(name, parsed);
  if (reused) return { ...reused, transpileMs: performance.now() - t };
  let made = parsed && transpileCache.get(name, bytes, parsed.modules);
  if (!made) {
    made = await jcoTranspile(bytes, name);
    if (parsed) transpileCache.put(name, bytes, parsed.modules, made);
  }
  const reply = { ...made, glue: cheapJspiProbe(made.glue) };
  rememberTranspile(name, parsed, reply);
  return { ...reply, transpileMs: performance.now() - t };
}

/** jco's own output: its glue as written, the core module files, and the world as WIT text (the call forms read exported functions' types from it). */
async function jcoTranspile(bytes: Uint8Array, name: string): Promise<Omit<TranspileReply, 'transpileMs' | 'fresh'>> {
  const { transpile, componentWit } = await jco();
  const out = await readingComponent(() => transpile(bytes, { name, instantiation: 'async', noTypescript: true, quiet: true }));
  const modules: Record<string, Uint8Array> = {};
  let glue = '';
  for (const [file, data] of Object.entries(out.files)) {
    if (file.endsWith('.wasm')) modules[file] = data;
    else if (file === `${name}.js`) glue = new TextDecoder().decode(data);
  }
  if (!glue) throw new Error('jco transpile produced no glue module');
  const wit = await readingComponent(() => componentWit(bytes));
  return { glue, modules, wit };
}
