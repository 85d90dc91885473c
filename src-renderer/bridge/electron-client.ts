import type { EventName, Params, RequestName, Result, StudioClient, StudioEvents } from '../../src-shared/protocol/api';
import type { ResponseMessage } from '../../src-shared/protocol/envelope';
import { checkEvent } from '../../src-shared/protocol/schemas';
import { unwrap } from './unwrap';

/** What the preload exposes: the StudioApi and nothing else. */
export interface PreloadBridge {
  call(method: RequestName, params: unknown): Promise<ResponseMessage>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function electronClient(bridge: PreloadBridge): StudioClient {
  return {
    async call<M extends RequestName>(method: M, params: Params<M>) {
      return unwrap(await bridge.call(method, params)) as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void) {
      return bridge.on(event, (payload) => {
        if (checkEvent(event, payload)) listener(payload as StudioEvents[E]);
      });
    },
  };
}
