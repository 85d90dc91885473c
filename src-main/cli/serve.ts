import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { intFlag, parse, UsageError } from './args';
import { handlerFlagHelp, handlerFlagOptions, openHandler, type HandlerTarget } from './handler-target';
import { refusals, requestOf } from './http-message';
import { CONNECTION_HEADERS } from '../../src-shared/engine/http-handler';
import { isLoopbackHost } from '../web/auth';

export const serveHelp = `Usage: component-studio serve <FILE.wasm | PROJECT-DIR> [--port N] [options]

Serves a wasi:http handler component (a project is built first) on http://127.0.0.1:PORT with the
Node engine (to loopback host names only, against DNS rebinding), under the project's policy or the flags' grants, until Ctrl+C. Each request gets a
fresh instance by default: no request sees what an earlier one left in memory (globals, heap,
files it wrote), and a trap, a timeout or a grown memory ends with its own request. Each run worker
makes the next request's instance while it waits, so instantiation is off a request's path. A handler that
traps or times out answers 500 (504 for a timeout) with the error; the server goes on. One line
per request goes to stderr.
  --port N                     port on 127.0.0.1 (default 8080; 0: any free port)
  --max-concurrent N           requests handled at once; more get 503 (default 4)
  --reuse                      keep each worker's instance after a request it answered and serve the
                               next request with it: faster, but a request sees the state earlier ones
                               left behind (one client's data in the next one's handler). Not the
                               default for that reason, and because a StarlingMonkey (JS) handler cannot
                               answer twice: such a handler is then served fresh, said once on stderr
${handlerFlagHelp}`;

/** Headers of this connection are never passed either way; the length of a response is its body's own. */
const HOP_BY_HOP = new Set([...CONNECTION_HEADERS, 'content-length']);

export async function serveCommand(argv: string[]): Promise<number | null> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, 'max-concurrent': { type: 'string' }, reuse: { type: 'boolean' }, ...handlerFlagOptions });
  if (values.help) {
    console.log(serveHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('serve takes exactly one component file or project folder');
  const port = intFlag('port', values.port, 0, 65535) ?? 8080;
  const maxConcurrent = intFlag('max-concurrent', values['max-concurrent'], 1, 256) ?? 4;
  const handler = await openHandler(positionals[0]!, values);
  // Build and transpile before listening, so the first request does not wait for it.
  await handler.target.engines.node.prepare();
  let inFlight = 0;
  const server = createServer((req, res) => {
    // A DNS-rebinding page reaches 127.0.0.1 under its own name: it must not read what the handler (with its grants) answers.
    if (!isLoopbackHost(req.headers.host)) {
      console.error(`${req.method} ${req.url} -> 403 (Host ${JSON.stringify(req.headers.host ?? '')} is not a loopback name)`);
      return void answer(res, 403, 'this server answers only to a loopback host name (127.0.0.1, localhost, [::1])');
    }
    if (inFlight >= maxConcurrent) {
      console.error(`${req.method} ${req.url} -> 503 (${maxConcurrent} requests in flight already)`);
      return void answer(res, 503, `the server is handling ${maxConcurrent} requests already (--max-concurrent)`);
    }
    inFlight++;
    serveOne(handler, req, res, Boolean(values.reuse))
      .catch((err: unknown) => answer(res, 500, `the studio failed to handle the request: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => inFlight--);
  });
  // A client that sends its request slowly holds a connection, not a handler: it is cut after this.
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'EADDRINUSE' ? new UsageError(`port ${port} is in use on 127.0.0.1: choose another with --port`) : err));
    server.listen(port, '127.0.0.1', resolve);
  }).catch(async (err) => {
    await handler.target.dispose();
    throw err;
  });
  console.log(`Serving ${positionals[0]} on http://127.0.0.1:${(server.address() as AddressInfo).port}/ (Ctrl+C stops)`);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void handler.target.dispose().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return null;
}

async function serveOne(handler: HandlerTarget, req: IncomingMessage, res: ServerResponse, reuse: boolean): Promise<void> {
  const started = performance.now();
  const body = await readBody(req, handler.maxBodyBytes);
  const line = (status: number, extra = '') => console.error(`${req.method} ${req.url} -> ${status} in ${Math.round(performance.now() - started)} ms${extra}`);
  if (!body) {
    line(413);
    return answer(res, 413, `the request body is larger than ${handler.maxBodyBytes} bytes (--max-body)`);
  }
  const headers: [string, string][] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.push([name, req.rawHeaders[i + 1]!]);
  }
  const request = requestOf(req.method ?? 'GET', req.url ?? '/', headers, body, req.headers.host ?? '127.0.0.1');
  const r = await handler.target.engines.node.handle(randomUUID(), request, {}, { reuse });
  if (r.notice) console.error(`note: ${r.notice}`);
  for (const refused of refusals(r)) console.error(`  ${refused}`);
  if (r.stderr) console.error(r.stderr.replace(/^/gm, '  stderr: ').trimEnd());
  if (!r.response) {
    const status = r.timedOut ? 504 : 500;
    const why = r.timedOut ? 'the handler did not answer within its time limit' : `the handler failed: ${r.error ?? 'no response'}`;
    line(status, ` (${why})`);
    return answer(res, status, why);
  }
  // The length is the body's own: a guest's content-length that disagrees would break the connection.
  const out: [string, string][] = [...r.response.headers.filter(([n]) => !HOP_BY_HOP.has(n.toLowerCase())), ['content-length', String(r.response.body.length)]];
  res.writeHead(r.response.status, out.flat());
  res.end(r.response.body);
  line(r.response.status, r.reusedInstance ? ' (reused instance)' : '');
}

function answer(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${text}\n`);
}

/** The body, or null when it passes `max` (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        return resolve(null);
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}
