import type { EventName, RequestName, StudioHandlers } from './api';
import { checkParams, isRequestName } from './schemas';

/** The messages both transports carry. */
export type RequestMessage = { kind: 'request'; id: number; method: RequestName; params: unknown };
export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: { code: string; message: string } };
export type EventMessage = { kind: 'event'; event: EventName; payload: unknown };
export type WireMessage = RequestMessage | ResponseMessage | EventMessage;

import { StudioError } from './studio-error';

export { StudioError };

function fail(id: number, code: string, message: string): ResponseMessage {
  return { kind: 'response', id, ok: false, error: { code, message } };
}

/** String(v), except that it never throws (JSON can carry {"toString":1}; a handler can throw anything). */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/**
 * Validates one incoming message and runs its handler. Never throws: whatever arrives,
 * the answer is a response message (or null when the message has no usable id to answer).
 */
export async function dispatch(handlers: StudioHandlers, message: unknown): Promise<ResponseMessage | null> {
  if (typeof message !== 'object' || message === null) return null;
  const { kind, id, method, params } = message as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  if (kind !== 'request') return fail(id, 'bad-request', 'expected a request message');
  if (!isRequestName(method)) return fail(id, 'unknown-method', `unknown method ${text(method).slice(0, 64)}`);
  const problem = checkParams(method, params);
  if (problem) return fail(id, 'bad-params', problem);
  try {
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    return { kind: 'response', id, ok: true, result: await handler(params) };
  } catch (err) {
    if (err instanceof StudioError) return fail(id, err.code, err.message);
    return fail(id, 'internal', err instanceof Error ? err.message : text(err));
  }
}
