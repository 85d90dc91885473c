import { DEFAULT_LIMITS } from '../protocol/project';
import type { RunLimits } from '../protocol/types';

/**
 * A project's run limits as `component-studio run` flags, for the Commands tab's flags line: only
 * those that differ from the CLI's defaults, and in words what no flag can say, since a run under
 * another cap or time limit is not the run the studio made.
 */
export function limitFlags(limits: RunLimits): { flags: string[]; caveats: string[] } {
  const flags: string[] = [];
  const caveats: string[] = [];
  if (limits.timeoutMs !== DEFAULT_LIMITS.timeoutMs) {
    const seconds = Math.min(3600, Math.max(1, Math.ceil(limits.timeoutMs / 1000)));
    flags.push('--timeout', String(seconds));
    if (seconds * 1000 !== limits.timeoutMs) caveats.push(`--timeout takes whole seconds: the project's limit is ${limits.timeoutMs} ms (the project line keeps it)`);
  }
  if (limits.maxMemoryMiB !== DEFAULT_LIMITS.maxMemoryMiB) flags.push('--max-memory', String(limits.maxMemoryMiB));
  if (limits.maxWasmMiB !== DEFAULT_LIMITS.maxWasmMiB) flags.push('--max-wasm', String(limits.maxWasmMiB));
  if (limits.maxOutputBytes !== DEFAULT_LIMITS.maxOutputBytes) {
    caveats.push(`no flag sets the output limit: the project keeps ${limits.maxOutputBytes} bytes per stream, this line ${DEFAULT_LIMITS.maxOutputBytes} (the project line keeps the project's)`);
  }
  return { flags, caveats };
}
