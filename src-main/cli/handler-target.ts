import { existsSync } from 'node:fs';
import { capabilityFlagHelp, capabilityFlagOptions } from '../../src-shared/capabilities/registry';
import { capabilityFlags, intFlag, MAX_WASM_HELP, maxWasmFlag, UsageError } from './args';
import { openTarget, type RunTarget } from './targets';
import { trustHelp } from './trust';

/** The flags `request` and `serve` share with `run`: grants, per-request limits, trace, trust. */
export const handlerFlagOptions = {
  ...capabilityFlagOptions(),
  timeout: { type: 'string' },
  'max-memory': { type: 'string' },
  'max-wasm': { type: 'string' },
  'max-body': { type: 'string' },
  trace: { type: 'boolean' },
  trust: { type: 'boolean' },
} as const;

export const handlerFlagHelp = `${capabilityFlagHelp()}
  --timeout SECONDS            wall-clock limit of one request (default 10)
  --max-memory MIB             cap on linear memory of one request's instance (default 1024)
  --max-body KIB               largest request body and response body (default 1024)
${MAX_WASM_HELP}
  --trace                      print every WASI call the handler made (in --json: include it)
${trustHelp}`;

/** What one request may take; the response body is bounded by the run's output limit. */
export interface HandlerTarget {
  target: RunTarget;
  maxBodyBytes: number;
  trace: boolean;
}

export async function openHandler(path: string, values: Record<string, unknown>): Promise<HandlerTarget> {
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  const str = (name: string) => values[name] as string | undefined;
  const timeoutS = intFlag('timeout', str('timeout'), 1, 3600);
  const maxMemoryMiB = intFlag('max-memory', str('max-memory'), 1, 4096);
  const maxWasmMiB = maxWasmFlag(str('max-wasm'));
  const maxBodyKiB = intFlag('max-body', str('max-body'), 1, 64 * 1024) ?? 1024;
  const maxBodyBytes = maxBodyKiB * 1024;
  const trace = Boolean(values.trace);
  const target = await openTarget(
    path,
    {
      policy: capabilityFlags(values),
      limits: {
        ...(timeoutS ? { timeoutMs: timeoutS * 1000 } : {}),
        ...(maxMemoryMiB ? { maxMemoryMiB } : {}),
        ...(maxWasmMiB ? { maxWasmMiB } : {}),
        maxOutputBytes: maxBodyBytes,
      },
      // The trace is always kept: a refusal inside a handler is shown per request even without --trace.
      trace: true,
      trust: Boolean(values.trust),
      overlapping: true,
    },
    (line) => console.error(line),
  );
  return { target, maxBodyBytes, trace };
}
