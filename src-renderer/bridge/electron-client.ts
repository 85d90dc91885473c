import type { EventName, Params, RequestName, Result, StudioClient, StudioEvents } from '../../src-shared/protocol/api';
import type { ResponseMessage } from '../../src-shared/protocol/envelope';
import { check } from '../../src-shared/protocol/channel';
import { resultSchemas } from '../../src-shared/protocol/result-schemas';
import { checkEvent } from '../../src-shared/protocol/schemas';
import { RemoteError, unwrap } from './unwrap';

/** What the preload exposes: the StudioApi and nothing else. */
export interface PreloadBridge {
  call(method: RequestName, params: unknown): Promise<ResponseMessage>;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export function electronClient(bridge: PreloadBridge): StudioClient {
  return {
    async call<M extends RequestName>(method: M, params: Params<M>) {
      // Checked as it arrives, as the WebSocket client checks it (src-shared/protocol/channel.ts).
      const checked = check(resultSchemas[method], unwrap(await bridge.call(method, params)));
      if (!checked.ok) throw new RemoteError('bad-reply', `malformed reply to ${method}: ${checked.why}`);
      return checked.value as Result<M>;
    },
    on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void) {
      return bridge.on(event, (payload) => {
        if (checkEvent(event, payload)) listener(payload as StudioEvents[E]);
      });
    },
  };
}
