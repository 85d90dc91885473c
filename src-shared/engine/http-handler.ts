import { encodeText, newDecoder } from './text';

/**
 * The host side of wasi:http/incoming-handler, the same in both engines: the request the studio
 * hands a handler component and the response it builds, as plain data that crosses workers,
 * processes and the Chromium page. preview2-shim's Node build serves only through its own io
 * worker (and exits the process when a handler fails) and its browser build ties the request to
 * its own streams, so the resources the handler receives are made here, over each engine's own
 * stream classes (the glue checks instanceof against the shim's wasi:io classes).
 */

export interface HttpRequest {
  method: string;
  /** Path with query, as the client sent it: `/hello?x=1`. */
  path: string;
  headers: [string, string][];
  body: Uint8Array;
  /** What the request's authority and scheme say (the serving host, or the composer's). */
  authority: string;
  scheme: 'http' | 'https';
}

export interface HttpResponse {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  /**
   * Milliseconds from the start of handle() to the guest's first write of body bytes; absent for
   * an empty body. The studio sends a response whole once handle() returns, so this is when the
   * guest produced its first byte, not when a client received it.
   */
  firstByteMs?: number;
}

/** Streams and pollables of the engine's shim, which the glue accepts as wasi:io resources. */
export interface HttpStreams {
  reader(take: (len: bigint) => Uint8Array): object;
  writer(write: (bytes: Uint8Array) => void): object;
  ready(): object;
}

interface FieldsLike {
  entries(): [string, Uint8Array][];
}
type FieldsClass = { fromList(entries: [string, Uint8Array][]): object };
type ShimClass = abstract new (...args: never[]) => object;

/**
 * The engine's own wasi:http/types. Fields builds the request's headers; the body and trailer
 * classes are the ones the shim's outgoing-handler hands out (a fetch's request body, its
 * response's body and trailers), which must pass as this request's classes of the same name.
 */
export interface ShimHttpTypes {
  Fields: FieldsClass;
  IncomingBody?: ShimClass & { finish(body: object): object };
  OutgoingBody?: ShimClass & { finish(body: object, trailers: unknown): void };
  FutureTrailers?: ShimClass;
}

type ResponseSet = { tag: 'ok'; val: object } | { tag: 'err'; val: unknown };

/** What a handler produced by the time handle() returned: a response, or why there is none. */
export type HandlerOutcome = { ok: true; response: HttpResponse } | { ok: false; error: string };

/**
 * Headers of one connection rather than of the message (RFC 9110 §7.6.1), and host, which the
 * request's authority carries: the shims' Fields refuse connection, keep-alive and host as
 * forbidden, so a request is handed over without these.
 */
export const CONNECTION_HEADERS = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

const METHODS = new Set(['get', 'head', 'post', 'put', 'delete', 'connect', 'options', 'trace', 'patch']);
const decoder = newDecoder();
/** Plain properties, not #private fields: the trace wrapper hands these objects back as stand-ins whose prototype is the original. */
const STATE = Symbol('http state');

/**
 * The wasi:http/types resources a handler receives or builds for one request, and the response it
 * built. `maxBodyBytes` bounds the response body the guest may write (the request body is bounded
 * by whoever accepted it). Without `now`, the response says nothing of when its first byte came.
 */
export function incomingHttp(streams: HttpStreams, shim: ShimHttpTypes, maxBodyBytes: number, now?: () => number) {
  const { Fields } = shim;
  /** The request being handled: one at a time, and a reused instance handles several in turn. */
  type Exchange = { seq: number; outcome: ResponseSet | null; body: OutgoingBody | null; overflow: boolean; begunAt: number; firstByteAt: number | null };
  let current: Exchange = { seq: 0, outcome: null, body: null, overflow: false, begunAt: 0, firstByteAt: null };

  class FutureTrailers {
    static [Symbol.hasInstance](x: unknown) {
      return isOwn(FutureTrailers, x) || isShims(shim.FutureTrailers, x);
    }
    subscribe() {
      return streams.ready();
    }
    get() {
      return { tag: 'ok', val: { tag: 'ok', val: undefined } };
    }
  }

  class IncomingBody {
    static [Symbol.hasInstance](x: unknown) {
      return isOwn(IncomingBody, x) || isShims(shim.IncomingBody, x);
    }
    [STATE]: { stream: object | null };
    constructor(bytes: Uint8Array) {
      let offset = 0;
      this[STATE] = {
        stream: streams.reader((len) => {
          if (offset >= bytes.length) throw { tag: 'closed' };
          const chunk = bytes.subarray(offset, offset + Number(len));
          offset += chunk.length;
          return chunk;
        }),
      };
    }
    stream() {
      const s = this[STATE].stream;
      if (!s) throw undefined;
      this[STATE].stream = null;
      return s;
    }
    static finish(b: IncomingBody) {
      // A fetch's response body is the shim's own: its finish knows it.
      if (!(STATE in b) && shim.IncomingBody) return shim.IncomingBody.finish(b);
      return new FutureTrailers();
    }
  }

  class IncomingRequest {
    [STATE]: { request: HttpRequest; headers: object; body: IncomingBody | null };
    constructor(request: HttpRequest) {
      const kept = request.headers.filter(([n]) => !CONNECTION_HEADERS.has(n.toLowerCase()));
      const headers = Fields.fromList(kept.map(([n, v]) => [n.toLowerCase(), encodeText(v)]));
      this[STATE] = { request, headers, body: new IncomingBody(request.body) };
    }
    method() {
      const m = this[STATE].request.method.toLowerCase();
      return METHODS.has(m) ? { tag: m } : { tag: 'other', val: this[STATE].request.method };
    }
    pathWithQuery() {
      return this[STATE].request.path;
    }
    scheme() {
      return { tag: this[STATE].request.scheme === 'https' ? 'HTTPS' : 'HTTP' };
    }
    authority() {
      return this[STATE].request.authority;
    }
    headers() {
      return this[STATE].headers;
    }
    consume() {
      const b = this[STATE].body;
      if (!b) throw undefined;
      this[STATE].body = null;
      return b;
    }
  }

  class OutgoingBody {
    static [Symbol.hasInstance](x: unknown) {
      return isOwn(OutgoingBody, x) || isShims(shim.OutgoingBody, x);
    }
    [STATE]: { chunks: Uint8Array[]; size: number; stream: object | null; finished: boolean };
    constructor() {
      const state: OutgoingBody[typeof STATE] = { chunks: [], size: 0, stream: null, finished: false };
      const exchange = current;
      state.stream = streams.writer((bytes) => {
        if (state.finished) throw { tag: 'closed' };
        if (state.size + bytes.length > maxBodyBytes) {
          exchange.overflow = true;
          throw { tag: 'closed' };
        }
        if (exchange.firstByteAt === null && bytes.length > 0 && now) exchange.firstByteAt = now();
        state.chunks.push(bytes.slice());
        state.size += bytes.length;
      });
      this[STATE] = state;
    }
    write() {
      const s = this[STATE].stream;
      if (!s) throw undefined;
      this[STATE].stream = null;
      return s;
    }
    static finish(b: OutgoingBody, trailers: unknown) {
      // The body of an outgoing request (a fetch) is the shim's own.
      if (!(STATE in b) && shim.OutgoingBody) return shim.OutgoingBody.finish(b, trailers);
      if (trailers) throw { tag: 'internal-error', val: 'trailers are not supported' };
      b[STATE].finished = true;
    }
  }

  class OutgoingResponse {
    [STATE]: { headers: FieldsLike; status: number; body: OutgoingBody | null };
    constructor(headers: FieldsLike) {
      this[STATE] = { headers, status: 200, body: null };
    }
    statusCode() {
      return this[STATE].status;
    }
    setStatusCode(status: number) {
      if (!Number.isInteger(status) || status < 100 || status > 999) throw undefined;
      this[STATE].status = status;
    }
    headers() {
      return this[STATE].headers;
    }
    body() {
      if (this[STATE].body) throw undefined;
      this[STATE].body = new OutgoingBody();
      return this[STATE].body;
    }
  }

  class ResponseOutparam {
    [STATE]: { seq: number };
    constructor() {
      this[STATE] = { seq: current.seq };
    }
    static set(param: ResponseOutparam, response: ResponseSet) {
      // A guest that kept an earlier request's outparam must not answer this one with it.
      if (param[STATE].seq !== current.seq) throw new Error('the response outparam of an earlier request was set');
      if (current.outcome) throw new Error('the response outparam was set twice');
      current.outcome = response;
      if (response.tag === 'ok') current.body = (response.val as OutgoingResponse)[STATE].body;
    }
  }

  return {
    types: { IncomingRequest, IncomingBody, FutureTrailers, OutgoingResponse, OutgoingBody, ResponseOutparam },
    /** The two arguments of incoming-handler.handle for the next request (the one before must have ended). */
    begin: (request: HttpRequest): [object, object] => {
      current = { seq: current.seq + 1, outcome: null, body: null, overflow: false, begunAt: now?.() ?? 0, firstByteAt: null };
      return [new IncomingRequest(request), new ResponseOutparam()];
    },
    /** The response as the guest left it when handle() returned. */
    outcome(): HandlerOutcome {
      const { outcome, body, overflow, begunAt, firstByteAt } = current;
      if (!outcome) return { ok: false, error: 'the handler returned without setting a response (response-outparam.set was never called)' };
      if (outcome.tag === 'err') return { ok: false, error: `the handler answered with an error: ${JSON.stringify(outcome.val)}` };
      if (overflow) return { ok: false, error: `the response body passed the limit of ${maxBodyBytes} bytes` };
      const r = (outcome.val as OutgoingResponse)[STATE];
      // A body the guest asked for but never finished is still being written: not a response yet.
      if (body && !body[STATE].finished) return { ok: false, error: `the handler set a ${r.status} response but returned before finishing its body (outgoing-body.finish was never called)` };
      const headers = r.headers.entries().map(([n, v]): [string, string] => [n, decoder.decode(v)]);
      const response: HttpResponse = { status: r.status, headers, body: concat(body?.[STATE].chunks ?? []) };
      if (firstByteAt !== null) response.firstByteMs = Math.round((firstByteAt - begunAt) * 100) / 100;
      return { ok: true, response };
    },
  };
}

/** An instance of the class itself (instanceof without the class's own hasInstance, which calls this). */
function isOwn(cls: Function, x: unknown): boolean {
  return Function.prototype[Symbol.hasInstance].call(cls, x);
}

function isShims(cls: ShimClass | undefined, x: unknown): boolean {
  return cls !== undefined && x instanceof cls;
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** The glue's property for an exported wasi:http/incoming-handler, versioned or not. */
export function incomingHandlerOf(instance: unknown): { handle(req: object, out: object): unknown } | null {
  const i = instance as Record<string, { handle?: unknown } | undefined>;
  const key = Object.keys(i ?? {}).find((k) => k === 'incomingHandler' || /^wasi:http\/incoming-handler(@|$)/.test(k));
  const h = key ? i[key] : undefined;
  return h && typeof h.handle === 'function' ? (h as { handle(req: object, out: object): unknown }) : null;
}
