import { stderr } from '@bytecodealliance/preview2-shim/cli';
import { invalidComponentLine } from '../../src-shared/engine/component-error';
import { StudioError } from '../../src-shared/protocol/envelope';

type Stream = Record<'write' | 'blockingWriteAndFlush', (bytes: Uint8Array) => unknown>;

let depth = 0;
let captured = '';
let patched = false;
let trapped = false;
const decoder = new TextDecoder();

/**
 * jco's transpiler and wasm-tools are Rust compiled to Wasm, running on preview2-shim's
 * process-wide WASI: a panic writes its message (and a backtrace hint) straight to this
 * process's stderr, then surfaces in JS as a bare "unreachable" trap. While a jco call on
 * untrusted bytes runs, writes to that one stream are kept here instead of printed. The glue
 * calls the stream's methods on the object (`rsc.blockingWriteAndFlush(…)`), so wrapping the
 * instance is enough. Calls that overlap share what they capture.
 */
function captureStderr(): void {
  if (patched) return;
  patched = true;
  const stream = stderr.getStderr() as unknown as Stream;
  for (const method of ['write', 'blockingWriteAndFlush'] as const) {
    const original = stream[method].bind(stream);
    stream[method] = (bytes: Uint8Array) => {
      if (depth === 0) return original(bytes);
      if (captured.length < 64 * 1024) captured += decoder.decode(bytes);
      return undefined;
    };
  }
}

/**
 * Runs one jco call on bytes the user handed in. Whatever it throws becomes one line,
 * "not a valid component: <cause>", never an anyhow chain or a panic with its backtrace.
 */
export async function readingComponent<T>(call: () => Promise<T> | T): Promise<T> {
  captureStderr();
  if (depth++ === 0) captured = '';
  try {
    return await call();
  } catch (err) {
    if (err instanceof Error && err.name === 'RuntimeError') trapped = true; // a Wasm trap (WebAssembly.RuntimeError)
    throw new StudioError('invalid-component', invalidComponentLine(err instanceof Error ? err.message : String(err), captured));
  } finally {
    depth--;
  }
}

/**
 * A trap inside jco leaves that tool's component instance unusable for the rest of the process
 * (every later call fails with "cannot enter component instance"): a process that saw one
 * should be replaced before it reads another .wasm.
 */
export function jcoTrapped(): boolean {
  return trapped;
}

