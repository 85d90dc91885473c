import { componentWit, transpile } from '@bytecodealliance/jco';
import { cheapJspiProbe } from '../../../src-shared/engine/jspi-probe';
import { wasmTooLarge } from '../../../src-shared/engine/wasm-size';
import { StudioError } from '../../../src-shared/protocol/envelope';
import { readingComponent } from '../jco-errors';
import type { TranspileReply } from './messages';
import { parseComponent, rememberTranspile, reuseTranspile } from './transpile-reuse';

/** jco transpile in async instantiation mode: the glue takes its imports per call, so one result serves every run. */
export async function transpileComponent(bytes: Uint8Array, name: string, maxWasmMiB: number): Promise<TranspileReply> {
  const tooLarge = wasmTooLarge(bytes.length, maxWasmMiB, `the component ${name}`);
  if (tooLarge) throw new StudioError('too-large', tooLarge);
  const t = performance.now();
  // An edit that changed only core modules' code reuses the last glue and WIT (transpile-reuse.ts).
  const parsed = parseComponent(bytes);
  const reused = reuseTranspile(name, parsed);
  if (reused) return { ...reused, transpileMs: performance.now() - t };
  const out = await readingComponent(() => transpile(bytes, { name, instantiation: 'async', noTypescript: true, quiet: true }));
  const files = out.files;
  const modules: Record<string, Uint8Array> = {};
  let glue = '';
  for (const [file, data] of Object.entries(files)) {
    if (file.endsWith('.wasm')) modules[file] = data;
    else if (file === `${name}.js`) glue = cheapJspiProbe(new TextDecoder().decode(data));
  }
  if (!glue) throw new Error('jco transpile produced no glue module');
  const transpileMs = performance.now() - t;
  // The world as WIT text: the call forms read exported functions' types from it.
  const wit = await readingComponent(() => componentWit(bytes));
  rememberTranspile(name, parsed, { glue, modules, wit });
  return { glue, modules, wit, transpileMs };
}
