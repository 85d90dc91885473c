import type { StudioClient } from '../../src-shared/protocol/api';
import { requester } from '../../src-shared/protocol/channel';
import { studioSchemas, type StudioProtocol } from '../../src-shared/protocol/schemas';
import { RemoteError } from './unwrap';
import { websocketPort } from './websocket-port';

/**
 * Browser mode: the StudioApi over the /rpc WebSocket (the token travels in the HttpOnly cookie),
 * on the channel of src-shared/protocol/channel.ts: each reply and event is checked against the
 * StudioApi's schemas as it arrives; a malformed one is logged and never reaches the UI.
 */
export function websocketClient(url: string, onStatus: (connected: boolean) => void = () => {}): StudioClient {
  const calls = requester<StudioProtocol>(websocketPort(url, onStatus), studioSchemas, { error: (code, message) => new RemoteError(code, message) });
  return {
    call: (method, params) => calls.request(method, params),
    on: (event, listener) => calls.on(event, listener),
  };
}
