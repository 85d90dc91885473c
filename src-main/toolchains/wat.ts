import { stepLog, type StepReporter } from './steps';
import { componentNew, parse, preview1AdapterCommandPath } from '@bytecodealliance/jco';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { studioError, type ToolchainOutput } from './types';

let adapter: Uint8Array | null = null;

/** The layer byte of the binary header: 0 for a core module, 1 for a component. */
const isComponent = (bytes: Uint8Array) => bytes.length >= 8 && bytes[6] === 1 && bytes[7] === 0;

/**
 * WebAssembly text through wasm-tools (jco's parse): a component is used as it is; a core module
 * (a wasip1 command) is adapted to a component with the preview1 command adapter.
 */
export async function buildWat(sources: Record<string, string>, onStep?: StepReporter): Promise<ToolchainOutput> {
  const { steps, done } = stepLog(onStep);
  const wats = Object.keys(sources).filter((f) => f.endsWith('.wat'));
  const entry = wats.length === 1 ? wats[0] : wats.find((f) => /(^|\/)main\.wat$/.test(f));
  if (!entry) {
    const message =
      wats.length === 0
        ? 'no WebAssembly text found: add src/main.wat (a component, or a core module that imports wasi_snapshot_preview1)'
        : `several .wat files (${wats.join(', ')}) and none is src/main.wat: name the one to build main.wat`;
    return { ok: false, steps, log: '', diagnostics: [studioError(message)] };
  }
  const text = sources[entry]!;
  if (!text.trim()) return { ok: false, steps, log: '', diagnostics: [studioError(`${entry} is empty: write a (module …) or a (component …)`, entry, 1, 1)] };

  let t = performance.now();
  let binary: Uint8Array;
  try {
    binary = await parse(text);
  } catch (err) {
    done('parse', t);
    const log = errorText(err);
    return { ok: false, steps, log, diagnostics: [parseDiagnostic(entry, log)] };
  }
  done('parse', t);
  if (isComponent(binary)) return { ok: true, steps, log: '', diagnostics: [], component: binary };

  t = performance.now();
  adapter ??= readFileSync(preview1AdapterCommandPath());
  try {
    const component = await componentNew(binary, [['wasi_snapshot_preview1', adapter]]);
    done('adapt (preview1 → component)', t);
    return { ok: true, steps, log: '', diagnostics: [], component, coreSize: binary.length };
  } catch (err) {
    done('adapt (preview1 → component)', t);
    const log = errorText(err);
    const message = `${entry} parsed, but it is not a valid wasip1 command module: ${firstLine(log)}` +
      (/_start|export/i.test(log) ? '' : ' (a command exports "memory" and "_start", and imports only from "wasi_snapshot_preview1")');
    return { ok: false, steps, log, diagnostics: [studioError(message, entry, 1, 1)] };
  }
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));
const firstLine = (text: string) => text.trim().split('\n').find((l) => l.trim()) ?? 'no message';

/**
 * wasm-tools reports a text error as a Debug dump:
 * `Error { kind: Wast(Error { inner: ErrorInner { text: Some(Text { line: 1, col: 8, snippet: "…" }), …, kind: Custom("unknown operator or unexpected token") } }) }`
 * with zero-based line and column; it may also be the plain Display form `message\n --> file:LINE:COL`.
 */
export function parseDiagnostic(file: string, log: string): Diagnostic {
  const loc = /line: (\d+), col: (\d+)/.exec(log);
  const custom = /kind: Custom\("((?:[^"\\]|\\.)*)"\)/.exec(log) ?? /kind: (\w+)/.exec(log);
  if (loc) {
    const message = custom ? unescape(custom[1]!) : firstLine(log);
    const snippet = /snippet: "((?:[^"\\]|\\.)*)"/.exec(log);
    return {
      file,
      line: Number(loc[1]) + 1,
      column: Number(loc[2]) + 1,
      severity: 'error',
      message: snippet ? `${message} (at \`${unescape(snippet[1]!).trim()}\`)` : message,
      source: 'wasm-tools',
    };
  }
  const display = /-->\s*[^:\n]*:(\d+):(\d+)/.exec(log);
  if (display) return { file, line: Number(display[1]), column: Number(display[2]), severity: 'error', message: firstLine(log), source: 'wasm-tools' };
  return { file, line: 1, column: 1, severity: 'error', message: firstLine(log), source: 'wasm-tools' };
}

const unescape = (s: string) => s.replace(/\\(["\\])/g, '$1').replace(/\\n/g, '\n');
