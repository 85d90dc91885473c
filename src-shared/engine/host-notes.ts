import type { TraceEntry } from '../capabilities/trace';

/**
 * The trace rows a handled request's reader needs even without the trace: every refusal, and every
 * outgoing HTTP call the host failed. StarlingMonkey's fetch rejects with "An error occurred while
 * using the host API" whatever the host answered, so the guest's own response cannot say why.
 */
export function hostNotes(trace: TraceEntry[]): TraceEntry[] {
  return trace.filter((t) => t.denied || (t.error && t.interface.startsWith('wasi:http/outgoing-handler')));
}

/** One line a note: refused or failed, the call, and what the host answered. */
export function hostNoteLine(t: TraceEntry): string {
  return `${t.denied ? 'refused' : 'failed'} ${t.interface}.${t.function}(${t.args})${t.result ? ` -> ${t.result}` : ''}`;
}
