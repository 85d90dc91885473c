import type { WebSocket } from 'ws';
import type { Port } from '../../src-shared/protocol/channel';
import { readFrame } from '../../src-shared/protocol/frame';
import { encodeJson } from '../../src-shared/protocol/json-codec';
import { listenTo } from '../channel-ports';

/**
 * The server's side of one browser-mode WebSocket as a channel port: JSON text frames with tagged
 * bytes. A frame the channel cannot be handed is dealt with here, as frame.ts says: a binary or
 * non-JSON frame closes the connection; JSON whose bytes cannot be decoded is answered if it names its id.
 */
export function serverSocketPort(ws: WebSocket): Port {
  return {
    post(message, _transfer, sent) {
      // Encoded first, so a value JSON cannot carry (a BigInt, a cycle) throws to the channel, which answers with the reason.
      const text = encodeJson(message);
      if (ws.readyState === ws.OPEN) ws.send(text);
      sent?.();
    },
    listen: (receive, gone) =>
      listenTo(ws, {
        message: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
          const frame = readFrame(isBinary ? null : data.toString());
          if (frame.kind === 'close') ws.close(frame.code, frame.reason);
          else if (frame.kind === 'reply') {
            if (ws.readyState === ws.OPEN) ws.send(encodeJson(frame.reply));
          } else receive(frame.message);
        },
        close: () => gone('the connection closed'),
      }),
  };
}
