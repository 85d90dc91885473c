import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventName, StudioEvents, StudioHandlers } from '../../src-shared/protocol/api';
import { SECURITY_HEADERS } from '../../src-shared/protocol/csp';
import { responder, type Responder } from '../../src-shared/protocol/channel';
import { CLOSE, unanswerable } from '../../src-shared/protocol/frame';
import { studioSchemas, type StudioProtocol } from '../../src-shared/protocol/schemas';
import { cookieName, isLoopbackHost, isOwnOrigin, newToken, presentedTokens, tokenMatches } from './auth';
import { serverSocketPort } from './socket-port';
import { readStatic } from './static';

/** Largest WebSocket message accepted: a source file at the API's limit, encoded. */
const MAX_MESSAGE = 12 * 1024 * 1024;


export interface WebServer {
  url: string;
  token: string;
  port: number;
  broadcast<E extends EventName>(event: E, payload: StudioEvents[E]): void;
  close(): Promise<void>;
}

export interface WebServerOptions {
  handlers: StudioHandlers;
  uiDir: string;
  port?: number;
  token?: string;
}

/**
 * Browser mode: the studio UI over HTTP on loopback and the StudioApi over a WebSocket at /rpc.
 * Every route needs the token (query, the studio_token_<port> cookie, or Bearer); Host must be
 * loopback (DNS rebinding) and a browser's WebSocket must come from this origin.
 */
export async function startWebServer(o: WebServerOptions): Promise<WebServer> {
  const token = o.token ?? newToken();
  const sockets = new Map<WebSocket, Responder<StudioProtocol>>();
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE });

  // Named after the port once listening (no request arrives before): studio_token_<port>.
  let cookie = '';
  const authorized = (req: IncomingMessage, url: URL) => presentedTokens(req, url, cookie).some((t) => tokenMatches(token, t));

  const server = createServer((req, res) => {
    const refuse = (code: number, text: string) => {
      res.writeHead(code, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(text);
    };
    if (!isLoopbackHost(req.headers.host)) return refuse(403, 'Forbidden: the studio answers only to a loopback host name\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed\n');
    const url = requestUrl(req);
    if (!url) return refuse(400, 'Bad request\n');
    if (!authorized(req, url)) return refuse(401, 'Unauthorized: open the URL with its token, as printed when the studio started\n');
    if (url.searchParams.has('token')) {
      // Move the token out of the address bar (and history) into a cookie scripts cannot read.
      url.searchParams.delete('token');
      res.writeHead(303, {
        ...SECURITY_HEADERS,
        'Set-Cookie': `${cookie}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        // One leading slash: "/.//host" parses to the path "//host", which a browser reads as another host.
        Location: '/' + url.pathname.replace(/^\/+/, '') + url.search,
      });
      return res.end();
    }
    serveFile(o.uiDir, url.pathname, res, refuse);
  });

  server.on('upgrade', (req, socket, head) => {
    const deny = (code: number, text: string) => {
      // Node removed its own error listener when it handed over the socket: a reset would crash the process.
      socket.on('error', () => socket.destroy());
      socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (!isLoopbackHost(req.headers.host)) return deny(403, 'Forbidden');
    const url = requestUrl(req);
    if (!url) return deny(400, 'Bad Request');
    if (url.pathname !== '/rpc') return deny(404, 'Not Found');
    if (!isOwnOrigin(req.headers.origin, req.headers.host)) return deny(403, 'Forbidden');
    if (!authorized(req, url)) return deny(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => ws.terminate());
      // A message with no id to answer closes the connection, so a client never waits on a request the server could not read.
      const serving = responder<StudioProtocol>(serverSocketPort(ws), studioSchemas, o.handlers, {
        onProblem: (problem, message) => ws.close(CLOSE.policyViolation, unanswerable(message) ?? problem.slice(0, 120)),
      });
      sockets.set(ws, serving);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  cookie = cookieName(port);

  return {
    token,
    port,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    broadcast(event, payload) {
      for (const serving of sockets.values()) serving.emit(event, payload);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets.keys()) ws.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The request target as a URL, or null: `new URL` throws on targets like "//[", which would crash the process. */
function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

function serveFile(root: string, pathname: string, res: ServerResponse, refuse: (code: number, text: string) => void) {
  let file: ReturnType<typeof readStatic>;
  try {
    file = readStatic(root, pathname);
  } catch {
    file = null; // a file removed or changed between the checks and the read: not found, never a crash
  }
  if (!file) return refuse(404, 'Not found\n');
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type, 'Content-Length': file.body.length });
  res.end(file.body);
}
