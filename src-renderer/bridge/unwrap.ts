import type { ResponseMessage } from '../../src-shared/protocol/envelope';

/** A service's refusal, carried to the UI with its code so panels can tell kinds apart. */
export class RemoteError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function unwrap(reply: ResponseMessage): unknown {
  if (reply.ok) return reply.result;
  throw new RemoteError(reply.error.code, reply.error.message);
}
