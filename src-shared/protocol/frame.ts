import type { StudioHandlers } from './api';
import { dispatch, type ResponseMessage } from './envelope';
import { decodeJson } from './json-codec';

/** WebSocket close codes (RFC 6455 §7.4.1) for a frame that cannot be answered. */
export const CLOSE = { unsupportedData: 1003, invalidPayload: 1007, policyViolation: 1008 } as const;

/** What to do with one incoming frame: dispatch it, answer it with an error, or close the connection. */
export type FrameAction =
  | { kind: 'dispatch'; message: unknown }
  | { kind: 'reply'; reply: ResponseMessage }
  | { kind: 'close'; code: number; reason: string };

const usableId = (v: unknown): number | null => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const id = (v as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
};

/**
 * Reads one WebSocket frame (null: a binary frame). A frame that names a request id always gets
 * an answer, even when its data is malformed; a frame with nothing to answer to (binary, not
 * JSON, not an object, no numeric id) closes the connection with the reason, so a client never
 * waits forever on a request the server could not read.
 */
export function readFrame(text: string | null): FrameAction {
  if (text === null) return { kind: 'close', code: CLOSE.unsupportedData, reason: 'binary frames are not accepted: send JSON text' };
  try {
    return { kind: 'dispatch', message: decodeJson(text) };
  } catch (err) {
    let plain: unknown;
    try {
      plain = JSON.parse(text);
    } catch {
      return { kind: 'close', code: CLOSE.invalidPayload, reason: 'the frame is not JSON' };
    }
    // JSON, but its tagged bytes (or its depth) could not be decoded: answered if it says which request it is.
    const id = usableId(plain);
    if (id === null) return { kind: 'close', code: CLOSE.policyViolation, reason: 'not a request: no numeric "id"' };
    const why = err instanceof Error ? err.message : 'undecodable';
    return { kind: 'reply', reply: { kind: 'response', id, ok: false, error: { code: 'bad-params', message: `the request could not be decoded: ${why.slice(0, 200)}` } } };
  }
}

/** Why a decoded message cannot be answered (to close with), or null when it names a request id. */
export function unanswerable(message: unknown): string | null {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return 'not a request: expected a JSON object';
  return usableId(message) === null ? 'not a request: no numeric "id"' : null;
}

/**
 * Electron IPC: every invoke gets an answer, and there is no connection to close, so a message
 * with no usable id gets an error response (id -1) instead of the WebSocket's close.
 */
export async function answerIpc(handlers: StudioHandlers, message: unknown): Promise<ResponseMessage> {
  const reply = await dispatch(handlers, message);
  return reply ?? { kind: 'response', id: -1, ok: false, error: { code: 'bad-request', message: unanswerable(message) ?? 'not a request' } };
}
