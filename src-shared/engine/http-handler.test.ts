import { describe, expect, it } from 'vitest';
import { incomingHttp, incomingHandlerOf, type HttpRequest } from './http-handler';

// Plain stand-ins for the shim's classes: the engines pass their own (src-main/host/engine/shim.ts, src-renderer/engine/shim.ts).
type Reader = { read(len: bigint): Uint8Array };
type Writer = { write(bytes: Uint8Array): void };
const streams = {
  reader: (take: (len: bigint) => Uint8Array): Reader => ({ read: take }),
  writer: (put: (bytes: Uint8Array) => void): Writer => ({ write: put }),
  ready: () => ({}),
};
class Fields {
  constructor(private readonly list: [string, Uint8Array][] = []) {}
  static fromList(list: [string, Uint8Array][]) {
    if (list.some(([n]) => ['host', 'connection', 'keep-alive'].includes(n))) throw { tag: 'forbidden' };
    return new Fields(list);
  }
  entries() {
    return this.list;
  }
}
const bytes = (t: string) => new TextEncoder().encode(t);
const request = (o: Partial<HttpRequest> = {}): HttpRequest => ({ method: 'POST', path: '/a?b=1', headers: [['X-Name', 'ada']], body: bytes('hello'), authority: 'localhost', scheme: 'http', ...o });

/** What a guest does: read the request, answer with a status, a header and the body echoed, in chunks of `chunk` bytes. */
function respond(s: ReturnType<typeof incomingHttp>, req: object, out: object, o: { finish?: boolean; status?: number } = {}) {
  const { types } = s;
  const r = req as InstanceType<typeof types.IncomingRequest>;
  const body = r.consume() as InstanceType<typeof types.IncomingBody>;
  const input = body.stream() as Reader;
  const got: number[] = [];
  for (;;) {
    try {
      got.push(...input.read(2n));
    } catch (e) {
      expect(e).toEqual({ tag: 'closed' });
      break;
    }
  }
  const response = new types.OutgoingResponse(new Fields([['content-type', bytes('text/plain')]]));
  response.setStatusCode(o.status ?? 201);
  const outBody = response.body();
  types.ResponseOutparam.set(out as InstanceType<typeof types.ResponseOutparam>, { tag: 'ok', val: response });
  const w = outBody.write() as Writer;
  for (let i = 0; i < got.length; i += 3) w.write(new Uint8Array(got.slice(i, i + 3)));
  if (o.finish !== false) types.OutgoingBody.finish(outBody, undefined);
  return r;
}

describe('incomingHttp', () => {
  it('hands the request over as wasi:http resources and collects the response the guest builds', () => {
    const s = incomingHttp(streams, { Fields }, 1024);
    const [req, out] = s.begin(request({ headers: [['X-Name', 'ada'], ['Host', 'evil'], ['Connection', 'close']] }));
    const r = respond(s, req, out);
    expect([r.method(), r.pathWithQuery(), r.scheme(), r.authority()]).toEqual([{ tag: 'post' }, '/a?b=1', { tag: 'HTTP' }, 'localhost']);
    // Connection headers and host never reach the guest (the shims' Fields refuse them as forbidden).
    expect((r.headers() as Fields).entries()).toEqual([['x-name', bytes('ada')]]);
    expect(s.outcome()).toEqual({ ok: true, response: { status: 201, headers: [['content-type', 'text/plain']], body: bytes('hello') } });
  });

  it('says why there is no response: never set, set to an error, body not finished, body past the limit', () => {
    const none = incomingHttp(streams, { Fields }, 1024);
    none.begin(request());
    expect(none.outcome()).toEqual({ ok: false, error: expect.stringMatching(/without setting a response/) });

    const err = incomingHttp(streams, { Fields }, 1024);
    const [, out] = err.begin(request());
    err.types.ResponseOutparam.set(out as never, { tag: 'err', val: { tag: 'internal-error', val: 'nope' } });
    expect(err.outcome()).toEqual({ ok: false, error: 'the handler answered with an error: {"tag":"internal-error","val":"nope"}' });
    expect(() => err.types.ResponseOutparam.set(out as never, { tag: 'err', val: null })).toThrow(/set twice/);

    const open = incomingHttp(streams, { Fields }, 1024);
    respond(open, ...open.begin(request()), { finish: false, status: 500 });
    expect(open.outcome()).toEqual({ ok: false, error: expect.stringMatching(/set a 500 response but returned before finishing its body/) });

    const small = incomingHttp(streams, { Fields }, 4);
    expect(() => respond(small, ...small.begin(request()))).toThrow(expect.objectContaining({ tag: 'closed' }) as never);
    expect(small.outcome()).toEqual({ ok: false, error: 'the response body passed the limit of 4 bytes' });
  });

  it('says when the guest wrote its first body byte, by the clock it is given', () => {
    let t = 100;
    const s = incomingHttp(streams, { Fields }, 1024, () => t);
    const [req, out] = s.begin(request());
    t = 103.5;
    respond(s, req, out);
    expect(s.outcome()).toMatchObject({ ok: true, response: { firstByteMs: 3.5 } });

    const empty = incomingHttp(streams, { Fields }, 1024, () => t);
    respond(empty, ...empty.begin(request({ body: new Uint8Array() })));
    expect(empty.outcome()).toMatchObject({ ok: true, response: { body: new Uint8Array() } });
    expect((empty.outcome() as { response: object }).response).not.toHaveProperty('firstByteMs');
  });

  it("takes the shim's own bodies and trailers (a fetch's) as its classes of the same name, and finishes them with the shim", () => {
    const finished: string[] = [];
    class ShimTrailers {}
    class ShimIncomingBody {
      static finish(b: ShimIncomingBody) {
        finished.push(`incoming ${b.constructor.name}`);
        return new ShimTrailers();
      }
    }
    class ShimOutgoingBody {
      static finish(_b: ShimOutgoingBody, trailers: unknown) {
        finished.push(`outgoing ${String(trailers)}`);
      }
    }
    const s = incomingHttp(streams, { Fields, IncomingBody: ShimIncomingBody, OutgoingBody: ShimOutgoingBody, FutureTrailers: ShimTrailers }, 1024);
    const { IncomingBody, OutgoingBody, FutureTrailers } = s.types;
    expect([new ShimIncomingBody() instanceof IncomingBody, new ShimOutgoingBody() instanceof OutgoingBody, new ShimTrailers() instanceof FutureTrailers]).toEqual([true, true, true]);
    // The request's own resources still are what they are, and nothing else passes.
    const [req] = s.begin(request());
    const own = (req as InstanceType<typeof s.types.IncomingRequest>).consume();
    expect(own instanceof IncomingBody).toBe(true);
    expect([{} instanceof IncomingBody, new ShimOutgoingBody() instanceof IncomingBody, own instanceof OutgoingBody]).toEqual([false, false, false]);

    expect(IncomingBody.finish(new ShimIncomingBody() as never)).toBeInstanceOf(ShimTrailers);
    OutgoingBody.finish(new ShimOutgoingBody() as never, undefined);
    expect(finished).toEqual(['incoming ShimIncomingBody', 'outgoing undefined']);
    expect(IncomingBody.finish(own)).toBeInstanceOf(FutureTrailers);
    // Without the shim's classes (an engine that has no outgoing HTTP), only the request's own pass.
    const bare = incomingHttp(streams, { Fields }, 1024);
    expect(new ShimIncomingBody() instanceof bare.types.IncomingBody).toBe(false);
  });

  it('serves requests in turn with one set of classes, each with its own response; an earlier outparam cannot answer a later request', () => {
    const s = incomingHttp(streams, { Fields }, 1024);
    const [req1, out1] = s.begin(request({ body: bytes('first') }));
    respond(s, req1, out1);
    expect(s.outcome()).toMatchObject({ ok: true, response: { body: bytes('first') } });
    const [req2, out2] = s.begin(request({ body: bytes('second') }));
    expect(s.outcome()).toMatchObject({ ok: false });
    expect(() => s.types.ResponseOutparam.set(out1 as never, { tag: 'err', val: null })).toThrow(/earlier request/);
    respond(s, req2, out2, { status: 202 });
    expect(s.outcome()).toMatchObject({ ok: true, response: { status: 202, body: bytes('second') } });
  });

  it('finds the export versioned or not', () => {
    const handle = () => {};
    expect(incomingHandlerOf({ incomingHandler: { handle } })?.handle).toBe(handle);
    expect(incomingHandlerOf({ 'wasi:http/incoming-handler@0.2.10': { handle } })?.handle).toBe(handle);
    expect(incomingHandlerOf({ run: { run() {} } })).toBeNull();
  });
});
