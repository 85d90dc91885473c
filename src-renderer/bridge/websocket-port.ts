import type { Port } from '../../src-shared/protocol/channel';
import { decodeJson, encodeJson } from '../../src-shared/protocol/json-codec';
import { listenTo } from '../engine/worker-port';

/**
 * The UI's side of browser mode's /rpc WebSocket as a channel port: JSON text frames with tagged
 * bytes. Requests made before the socket opens wait for it; the socket failing to open or closing
 * is the server gone.
 */
export function websocketPort(url: string, onStatus: (connected: boolean) => void): Port {
  const ws = new WebSocket(url);
  const queued: string[] = [];
  ws.addEventListener('open', () => {
    onStatus(true);
    for (const text of queued.splice(0)) ws.send(text);
  });
  return {
    post(message, _transfer, sent) {
      const text = encodeJson(message);
      if (ws.readyState === WebSocket.CONNECTING) queued.push(text);
      else if (ws.readyState === WebSocket.OPEN) ws.send(text);
      sent?.();
    },
    listen(receive, gone) {
      let opened = false;
      return listenTo(ws, {
        open: () => (opened = true),
        // A frame that is not JSON is handed on as its text, for the channel to report.
        message: (e: MessageEvent) => {
          let message: unknown;
          try {
            message = decodeJson(String(e.data));
          } catch {
            message = String(e.data).slice(0, 64);
          }
          receive(message);
        },
        error: () => {
          if (!opened) gone('cannot reach the studio server');
        },
        close: () => {
          onStatus(false);
          gone('the connection to the studio server closed');
        },
      });
    },
  };
}
