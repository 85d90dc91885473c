import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ChannelError, requester, responder, schemasFor, type Handlers, type Port } from './channel';
import { StudioError } from './studio-error';

interface Calc {
  requests: {
    add: { params: { a: number; b: number }; result: { sum: number } };
    slow: { params: { ms: number; tag: string }; result: string; progress: { step: number } };
    bytes: { params: { data: Uint8Array }; result: number };
  };
  events: { tick: { n: number } };
}

const calcSchemas = schemasFor<Calc>()({
  requests: {
    add: { params: z.object({ a: z.number(), b: z.number() }).strict(), result: z.object({ sum: z.number() }) },
    slow: { params: z.object({ ms: z.number(), tag: z.string() }), result: z.string(), progress: z.object({ step: z.number().int() }) },
    bytes: { params: z.object({ data: z.custom<Uint8Array>((v) => v instanceof Uint8Array) }), result: z.number() },
  },
  events: { tick: z.object({ n: z.number() }) },
});

/** Two ends of an in-memory transport: what one posts arrives at the other on a later turn; `drop` ends it. */
function pair() {
  const ends = [0, 1].map(() => ({ receive: null as ((m: unknown) => void) | null, gone: null as ((why: string) => void) | null, sent: [] as unknown[] }));
  const port = (me: number): Port & { drop(why: string): void; inject(m: unknown): void } => ({
    post(message, _transfer, sent) {
      ends[me]!.sent.push(message);
      setTimeout(() => ends[1 - me]!.receive?.(message), 0);
      sent?.();
    },
    listen(receive, gone) {
      ends[me]!.receive = receive;
      ends[me]!.gone = gone;
      return () => {
        ends[me]!.receive = null;
        ends[me]!.gone = null;
      };
    },
    drop: (why) => ends[me]!.gone?.(why),
    inject: (m) => ends[me]!.receive?.(m),
  });
  return { client: port(0), server: port(1), sentBy: (i: number) => ends[i]!.sent };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const handlers: Handlers<Calc> = {
  add: ({ a, b }) => ({ sum: a + b }),
  async slow({ ms, tag }, ctx) {
    ctx.progress({ step: 1 });
    await sleep(ms);
    ctx.progress({ step: 2 });
    return tag;
  },
  bytes: ({ data }) => data.length,
};

describe('channel', () => {
  it('matches each reply to its request by id, also when replies come back out of order', async () => {
    const { client, server } = pair();
    responder<Calc>(server, calcSchemas, handlers);
    const calls = requester<Calc>(client, calcSchemas);
    const order: string[] = [];
    const slow = calls.request('slow', { ms: 40, tag: 'first' }).then((r) => (order.push(r), r));
    const fast = calls.request('slow', { ms: 1, tag: 'second' }).then((r) => (order.push(r), r));
    const sum = calls.request('add', { a: 2, b: 3 });
    await expect(Promise.all([slow, fast, sum])).resolves.toEqual(['first', 'second', { sum: 5 }]);
    expect(order).toEqual(['second', 'first']);
    expect(calls.pending).toBe(0);
  });

  it('delivers progress to its own request only, before the result', async () => {
    const { client, server } = pair();
    responder<Calc>(server, calcSchemas, handlers);
    const calls = requester<Calc>(client, calcSchemas);
    const a: number[] = [];
    const b: number[] = [];
    await Promise.all([
      calls.request('slow', { ms: 5, tag: 'a' }, { onProgress: (p) => a.push(p.step) }),
      calls.request('slow', { ms: 5, tag: 'b' }, { onProgress: (p) => b.push(p.step * 10) }),
    ]);
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([10, 20]);
  });

  it('carries one-way events, validated', async () => {
    const { client, server } = pair();
    const problems: string[] = [];
    const serving = responder<Calc>(server, calcSchemas, handlers);
    const calls = requester<Calc>(client, calcSchemas, { onProblem: (p) => problems.push(p) });
    const heard: number[] = [];
    const off = calls.on('tick', (p) => heard.push(p.n));
    serving.emit('tick', { n: 1 });
    serving.emit('tick', { n: 'two' } as never);
    await sleep(5);
    off();
    serving.emit('tick', { n: 3 });
    await sleep(5);
    expect(heard).toEqual([1]);
    expect(problems).toEqual([expect.stringMatching(/^malformed tick event: .*n/s)]);
  });

  it('answers a malformed request with an error naming what is wrong, and keeps serving', async () => {
    const { client, server } = pair();
    const problems: string[] = [];
    responder<Calc>(server, calcSchemas, handlers, { onProblem: (p) => problems.push(p) });
    const calls = requester<Calc>(client, calcSchemas);
    await expect(calls.request('add', { a: 1, b: '2' } as never)).rejects.toMatchObject({ code: 'bad-params', message: expect.stringMatching(/^invalid parameters for add: .*b/s) });
    await expect(calls.request('add', { a: 1, b: 2, extra: true } as never)).rejects.toMatchObject({ code: 'bad-params' });
    await expect(calls.request('nope' as never, {} as never)).rejects.toMatchObject({ code: 'unknown-method', message: 'unknown method nope' });
    // A value whose `length` throws when zod reads it: refused, never thrown at the receiver.
    await expect(calls.request('slow', { ms: 1, tag: { length: { toString: {} } } } as never)).rejects.toMatchObject({ code: 'bad-params' });
    // Messages with no id to answer are reported, not answered.
    server.inject('garbage');
    server.inject({ kind: 'request', method: 'add', params: { a: 1, b: 2 } });
    await expect(calls.request('add', { a: 1, b: 2 })).resolves.toEqual({ sum: 3 });
    expect(problems).toEqual(['not a request: expected an object', 'not a request: no numeric "id"']);
  });

  it('rejects a malformed reply on the calling side, and reports replies and progress that answer nothing', async () => {
    const { client, server, sentBy } = pair();
    const problems: string[] = [];
    const calls = requester<Calc>(client, calcSchemas, { onProblem: (p) => problems.push(p) });
    server.listen(() => {}, () => {});
    const sum = calls.request('add', { a: 1, b: 2 });
    const steps: number[] = [];
    const slow = calls.request('slow', { ms: 1, tag: 't' }, { onProgress: (p) => steps.push(p.step) });
    await sleep(5);
    const [addId, slowId] = sentBy(0).map((m) => (m as { id: number }).id);
    client.inject({ kind: 'progress', id: slowId, payload: { step: 1.5 } });
    client.inject({ kind: 'progress', id: slowId, payload: { step: 1 } });
    client.inject({ kind: 'response', id: addId, ok: true, result: { sum: 'three' } });
    client.inject({ kind: 'response', id: 999, ok: true, result: 'x' });
    client.inject({ kind: 'response', id: slowId, ok: false, error: { code: 'busy' } });
    client.inject(null);
    await expect(sum).rejects.toMatchObject({ code: 'bad-reply', message: expect.stringMatching(/^malformed reply to add: .*sum/s) });
    await expect(slow).rejects.toMatchObject({ code: 'busy', message: 'slow failed without a message' });
    expect(steps).toEqual([1]);
    expect(problems).toEqual([
      expect.stringMatching(/^malformed progress of slow: /),
      'a response for no request in flight (id 999)',
      'not a message: null',
    ]);
  });

  it('rejects every request in flight, and every later one, when the other side goes away', async () => {
    const { client, server } = pair();
    responder<Calc>(server, calcSchemas, handlers);
    const calls = requester<Calc>(client, calcSchemas);
    const a = calls.request('slow', { ms: 50, tag: 'a' });
    const b = calls.request('slow', { ms: 50, tag: 'b' });
    client.drop('the worker exited (code 1)');
    await expect(a).rejects.toEqual(new ChannelError('disconnected', 'the worker exited (code 1)'));
    await expect(b).rejects.toMatchObject({ code: 'disconnected' });
    await expect(calls.request('add', { a: 1, b: 1 })).rejects.toMatchObject({ code: 'disconnected', message: 'the worker exited (code 1)' });
    expect(calls.pending).toBe(0);
  });

  it('close() rejects what is waiting with its reason and stops listening', async () => {
    const { client, server } = pair();
    responder<Calc>(server, calcSchemas, handlers);
    const errors = vi.fn((code: string, message: string) => new Error(`${code}: ${message}`));
    const calls = requester<Calc>(client, calcSchemas, { error: errors });
    const a = calls.request('slow', { ms: 20, tag: 'a' });
    calls.close('run stopped');
    await expect(a).rejects.toThrow('disconnected: run stopped');
    await sleep(30);
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it("keeps a handler's StudioError code, and says when a result cannot be sent", async () => {
    const { client, server } = pair();
    const failing: Handlers<Calc> = {
      ...handlers,
      add: () => {
        throw new StudioError('too-large', 'the component is too large');
      },
      slow: () => {
        throw 'a bare string';
      },
    };
    let refuse = false;
    const picky: Port = {
      post(m, t, sent) {
        if (refuse && (m as { ok?: boolean }).ok === true) throw new Error('could not be cloned');
        server.post(m, t, sent);
      },
      listen: (r, g) => server.listen(r, g),
    };
    responder<Calc>(picky, calcSchemas, failing);
    const calls = requester<Calc>(client, calcSchemas);
    await expect(calls.request('add', { a: 1, b: 1 })).rejects.toMatchObject({ code: 'too-large', message: 'the component is too large' });
    await expect(calls.request('slow', { ms: 1, tag: 'x' })).rejects.toMatchObject({ code: 'internal', message: 'a bare string' });
    refuse = true;
    await expect(calls.request('bytes', { data: new Uint8Array(3) })).rejects.toMatchObject({ code: 'internal', message: 'the reply could not be sent: could not be cloned' });
  });

  it('passes a transfer list through to the transport, and runs afterReply once the reply is taken', async () => {
    const { client, server } = pair();
    const transfers: unknown[] = [];
    const after = vi.fn();
    const port: Port = { post: (m, t, sent) => (transfers.push(t), server.post(m, t, sent)), listen: (r, g) => server.listen(r, g) };
    const buffer = new ArrayBuffer(8);
    responder<Calc>(port, calcSchemas, {
      ...handlers,
      bytes: ({ data }, ctx) => {
        ctx.transfer([buffer]);
        ctx.afterReply(after);
        return data.length;
      },
    });
    const calls = requester<Calc>(client, calcSchemas);
    await expect(calls.request('bytes', { data: new Uint8Array(4) })).resolves.toBe(4);
    expect(transfers).toContainEqual([buffer]);
    expect(after).toHaveBeenCalledTimes(1);
  });

  it('reports a listener that throws instead of letting it reach the transport, and handles a port gone at once', async () => {
    const { client, server } = pair();
    const problems: string[] = [];
    responder<Calc>(server, calcSchemas, handlers);
    const calls = requester<Calc>(client, calcSchemas, { onProblem: (p) => problems.push(p) });
    const result = calls.request('slow', { ms: 1, tag: 't' }, {
      onProgress: () => {
        throw new Error('boom');
      },
    });
    await expect(result).resolves.toBe('t');
    expect(problems).toEqual(['a listener threw: boom', 'a listener threw: boom']);
    const dead: Port = { post: () => {}, listen: (_r, gone) => (gone('never connected'), () => {}) };
    await expect(requester<Calc>(dead, calcSchemas).request('add', { a: 1, b: 2 })).rejects.toMatchObject({ code: 'disconnected', message: 'never connected' });
  });
});
