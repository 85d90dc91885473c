import type { EventName, RequestName, StudioHandlers } from './api';
import { answer, type ResponseMessage } from './channel';
import { studioSchemas, type StudioProtocol } from './schemas';
import { StudioError } from './studio-error';

export { StudioError };
export type { ResponseMessage };

/** The messages both transports carry (src-shared/protocol/channel.ts's, typed by the StudioApi's names). */
export type RequestMessage = { kind: 'request'; id: number; method: RequestName; params: unknown };
export type EventMessage = { kind: 'event'; event: EventName; payload: unknown };
export type WireMessage = RequestMessage | ResponseMessage | EventMessage;

/**
 * Validates one incoming StudioApi request and runs its handler. Never throws: whatever arrives,
 * the answer is a response message (or null when the message has no usable id to answer).
 */
export function dispatch(handlers: StudioHandlers, message: unknown): Promise<ResponseMessage | null> {
  return answer<StudioProtocol>(studioSchemas, handlers, message);
}
