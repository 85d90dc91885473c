import { describe, expect, it } from 'vitest';
import { denyAll, resolveGrants } from '../capabilities/policy';
import type { ImportObject } from '../capabilities/imports';
import { AheadInstances } from './ahead-instance';
import { executeRun, instanceAhead, type ExecuteOptions } from './execute';
import type { HttpRequest } from './http-handler';
import type { Instantiate } from './run-command';

// A handler served by an instance made ahead of its request (ahead-instance.ts), through the same
// executeRun both engines use, with plain stand-ins for the shim (as http-handler.test.ts has).
class Fields {
  constructor(private readonly list: [string, Uint8Array][] = []) {}
  static fromList(list: [string, Uint8Array][]) {
    return new Fields(list);
  }
  entries() {
    return this.list;
  }
}
const streams = { reader: (take: (len: bigint) => Uint8Array) => ({ read: take }), writer: (put: (b: Uint8Array) => void) => ({ write: put }), ready: () => ({}) };
const request = (path: string): HttpRequest => ({ method: 'GET', path, headers: [], body: new Uint8Array(), authority: 'localhost', scheme: 'http' });

type Types = { OutgoingResponse: new (f: Fields) => { body(): { write(): { write(b: Uint8Array): void } } }; ResponseOutparam: { set(o: object, r: object): void }; OutgoingBody: { finish(b: object, t: unknown): void } };

/**
 * A guest with a counter in its instance: it reads the clock once per request and answers the
 * count and the path. `startCalls`: it also reads the clock while it is instantiated.
 */
function guest(startCalls = false) {
  const made = { instances: 0 };
  const instantiate: Instantiate = (_get, imports) => {
    made.instances++;
    const clock = imports['wasi:clocks/monotonic-clock'] as { now(): bigint };
    if (startCalls) clock.now();
    let count = 0;
    const types = imports['wasi:http/types'] as unknown as Types;
    const handler = {
      handle(req: { pathWithQuery(): string }, out: object) {
        clock.now();
        count++;
        const response = new types.OutgoingResponse(new Fields());
        const body = response.body();
        types.ResponseOutparam.set(out, { tag: 'ok', val: response });
        body.write().write(new TextEncoder().encode(`${count} ${req.pathWithQuery()}`));
        types.OutgoingBody.finish(body, undefined);
      },
    };
    return { incomingHandler: handler } as never;
  };
  return { made, instantiate };
}

function options(instantiate: Instantiate, ahead: AheadInstances, path: string): ExecuteOptions {
  return {
    engine: 'node',
    shim: {
      baseImports: () => ({ 'wasi:http/types': { Fields }, 'wasi:clocks/monotonic-clock': { now: () => 7n } }) as unknown as ImportObject,
      realFolder: () => null,
      httpStreams: streams,
    },
    instantiate,
    compile: async () => ({}),
    grants: resolveGrants({ ...denyAll(), clocks: { mode: 'real' } }, 'p', {}),
    maxOutputBytes: 1024,
    trace: true,
    now: () => 0,
    action: { kind: 'handle', request: request(path) },
    ahead: { instances: ahead, key: 'k' },
  };
}

const body = (r: Awaited<ReturnType<typeof executeRun>>) => new TextDecoder().decode((r.returned?.val as { body: Uint8Array }).body);

describe('an instance made ahead', () => {
  it('serves one request, fresh, with that request own trace; the next request needs another', async () => {
    const ahead = new AheadInstances();
    const { made, instantiate } = guest();
    ahead.prepare('k', () => instanceAhead(options(instantiate, ahead, '/made')));
    await ahead.settled();
    expect(made.instances).toBe(1);

    const first = await executeRun(options(instantiate, ahead, '/one'));
    expect(made.instances).toBe(1);
    expect(body(first)).toBe('1 /one');
    expect(first.trace.filter((t) => t.interface === 'wasi:clocks/monotonic-clock').length).toBe(1);
    expect(first.timings.instantiate).toBeDefined();
    expect(first.instance).toBe('made-ahead');

    // Nothing made ahead now: instantiated for the request, and still fresh (its count starts at 1).
    const second = await executeRun(options(instantiate, ahead, '/two'));
    expect(made.instances).toBe(2);
    expect(body(second)).toBe('1 /two');
    expect(second.instance).toBeUndefined();
  });

  it('is not made when the guest calls an import while it starts: the request gets an ordinary fresh instance', async () => {
    const ahead = new AheadInstances();
    const { made, instantiate } = guest(true);
    ahead.prepare('k', () => instanceAhead(options(instantiate, ahead, '/made')));
    expect(await ahead.take('k')).toBeNull();
    ahead.prepare('k', () => instanceAhead(options(instantiate, ahead, '/made')));
    const r = await executeRun(options(instantiate, ahead, '/one'));
    expect(made.instances).toBe(3);
    expect(body(r)).toBe('1 /one');
    // Both of its clock reads are this request's: the start's and the handler's.
    expect(r.trace.filter((t) => t.interface === 'wasi:clocks/monotonic-clock').length).toBe(2);
  });

  it('is made only for a traced fresh-instance request', async () => {
    const ahead = new AheadInstances();
    const { instantiate } = guest();
    expect(await instanceAhead({ ...options(instantiate, ahead, '/'), trace: false })).toBeNull();
    expect(await instanceAhead({ ...options(instantiate, ahead, '/'), action: { kind: 'handle', request: request('/'), reuse: true } })).toBeNull();
    expect(await instanceAhead({ ...options(instantiate, ahead, '/'), action: { kind: 'run' } })).toBeNull();
  });
});
