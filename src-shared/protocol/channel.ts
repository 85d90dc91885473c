import { z } from 'zod';
import { StudioError } from './studio-error';

/**
 * One typed request/reply channel for every hop inside the studio (toolchain worker, runner
 * process, run workers, the browser-mode WebSocket). A hop is described once as a Protocol (the
 * requests its serving side answers, what each may report while it works, and the events it
 * sends) and once as zod schemas checked against it at compile time; every message is validated
 * where it is received, and a malformed one is answered or reported, never thrown at the receiver.
 */
export interface Protocol {
  requests: Record<string, { params: unknown; result: unknown; progress?: unknown }>;
  events: Record<string, unknown>;
}

type Requests<P extends Protocol> = P['requests'];
type Method<P extends Protocol> = keyof Requests<P> & string;
type EventOf<P extends Protocol> = keyof P['events'] & string;
export type ParamsOf<P extends Protocol, M extends Method<P>> = Requests<P>[M]['params'];
export type ResultOf<P extends Protocol, M extends Method<P>> = Requests<P>[M]['result'];
export type ProgressOf<P extends Protocol, M extends Method<P>> = Requests<P>[M] extends { progress: infer X } ? X : never;

/** A protocol's schemas: what the serving side checks (params) and what the calling side checks (result, progress, events). */
export type SchemasOf<P extends Protocol> = {
  requests: { [M in Method<P>]: { params: z.ZodType; result: z.ZodType; progress?: z.ZodType } };
  events: { [E in EventOf<P>]: z.ZodType };
};

/** Whether two types say the same, both ways. */
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/** A schema accepted only when its output is exactly T: a field added to one and not the other is a type error here. */
export const schemaOf =
  <T>() =>
  <S extends z.ZodType>(schema: S & (Same<z.output<S>, T> extends true ? unknown : { differsFrom: T })): S =>
    schema;
type Out<S> = S extends z.ZodType ? z.output<S> : never;
type Drift<P extends Protocol, S extends SchemasOf<P>> =
  | {
      [M in Method<P>]: Same<Out<S['requests'][M]['params']>, ParamsOf<P, M>> extends false
        ? `${M}: params`
        : Same<Out<S['requests'][M]['result']>, ResultOf<P, M>> extends false
          ? `${M}: result`
          : Same<Out<S['requests'][M]['progress']>, ProgressOf<P, M>> extends false
            ? `${M}: progress`
            : never;
    }[Method<P>]
  | { [E in EventOf<P>]: Same<Out<S['events'][E]>, P['events'][E]> extends false ? `${E}: event` : never }[EventOf<P>];

/**
 * Schemas for protocol P, accepted only when they say exactly what P says: a field added to the
 * types and not to the schemas (or the reverse) is a type error naming the message that drifted.
 */
export const schemasFor =
  <P extends Protocol>() =>
  <S extends SchemasOf<P>>(schemas: S & ([Drift<P, S>] extends [never] ? unknown : { drifted: Drift<P, S> })): S =>
    schemas;

/** The messages on the wire (the StudioApi's envelope, plus progress tied to a request's id). */
export type ErrorBody = { code: string; message: string };
export type RequestMessage = { kind: 'request'; id: number; method: string; params: unknown };
export type ResponseMessage =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: ErrorBody };
export type ProgressMessage = { kind: 'progress'; id: number; payload: unknown };
export type EventMessage = { kind: 'event'; event: string; payload: unknown };

/**
 * What a transport gives the channel: a way to send, and a way to hear what comes back and when the
 * other side is gone (a worker exited, a process ended, a socket closed). `sent` is called once
 * the transport has taken the message (a child process's IPC is asynchronous).
 */
export interface Port {
  post(message: unknown, transfer?: readonly object[], sent?: () => void): void;
  /** Delivers what arrives until the returned function is called; `gone` at most once. */
  listen(receive: (message: unknown) => void, gone: (why: string) => void): () => void;
}

/** A request's failure as the caller sees it: the serving side's code, or `disconnected`, `bad-reply`. */
export class ChannelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ChannelError';
  }
}

export interface ChannelOptions {
  /** Builds the error a caller sees from a failed reply's code and message. */
  error?: (code: string, message: string) => Error;
  /** Hears each message that could not be used (malformed, or answering nothing asked). */
  onProblem?: (problem: string) => void;
}

const console_ = (globalThis as { console?: { warn(...a: unknown[]): void } }).console;
const warn = (problem: string) => console_?.warn(`[channel] ${problem}`);

/** String(v), except that it never throws (a message can carry {"toString":1}; a handler can throw anything). */
function text(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/**
 * zod's parse can throw: it runs string length checks on any value with a `length` property, so
 * {"runId":{"length":{"toString":{}}}} throws "Cannot convert object to primitive value".
 */
export function check(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false; why: string } {
  try {
    const parsed = schema.safeParse(value);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, why: z.prettifyError(parsed.error) };
  } catch {
    return { ok: false, why: 'malformed value' };
  }
}

/** The calling side of a hop: typed requests matched to their replies by id, and the peer's events. */
export interface Requester<P extends Protocol> {
  request<M extends Method<P>>(
    method: M,
    params: ParamsOf<P, M>,
    options?: { onProgress?: (progress: ProgressOf<P, M>) => void; transfer?: readonly object[] },
  ): Promise<ResultOf<P, M>>;
  on<E extends EventOf<P>>(event: E, listener: (payload: P['events'][E]) => void): () => void;
  /** Requests still waiting for their reply. */
  readonly pending: number;
  /** Stops listening; what is still waiting is rejected with `why`. */
  close(why?: string): void;
}

export function requester<P extends Protocol>(port: Port, schemas: SchemasOf<P>, options: ChannelOptions = {}): Requester<P> {
  const toError = options.error ?? ((code, message) => new ChannelError(code, message));
  const problem = options.onProblem ?? warn;
  type Waiting = { method: string; resolve: (v: unknown) => void; reject: (e: Error) => void; onProgress?: (p: never) => void };
  const waiting = new Map<number, Waiting>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let nextId = 1;
  let goneWhy: string | null = null;
  let stop: (() => void) | null = null;

  const gone = (why: string) => {
    if (goneWhy !== null) return;
    goneWhy = why;
    stop?.();
    for (const w of waiting.values()) w.reject(toError('disconnected', why));
    waiting.clear();
  };

  const receive = (m: unknown) => {
    if (!isRecord(m)) return problem(`not a message: ${text(m).slice(0, 64)}`);
    if (m.kind === 'event') {
      const schema = typeof m.event === 'string' && Object.hasOwn(schemas.events, m.event) ? schemas.events[m.event as EventOf<P>] : null;
      if (!schema) return problem(`unknown event ${text(m.event).slice(0, 64)}`);
      const checked = check(schema, m.payload);
      if (!checked.ok) return problem(`malformed ${text(m.event)} event: ${checked.why}`);
      for (const l of listeners.get(m.event as string) ?? []) hear(() => l(checked.value));
      return;
    }
    const w = isId(m.id) ? waiting.get(m.id) : undefined;
    if (!w) return problem(`a ${text(m.kind).slice(0, 32)} for no request in flight (id ${text(m.id).slice(0, 32)})`);
    const spec = schemas.requests[w.method as Method<P>];
    if (m.kind === 'progress') {
      const checked = spec.progress ? check(spec.progress, m.payload) : { ok: false as const, why: 'this request reports no progress' };
      if (!checked.ok) return problem(`malformed progress of ${w.method}: ${checked.why}`);
      if (w.onProgress) hear(() => w.onProgress!(checked.value as never));
      return;
    }
    if (m.kind !== 'response') return problem(`unknown message kind ${text(m.kind).slice(0, 32)}`);
    waiting.delete(m.id as number);
    if (m.ok === true) {
      const checked = check(spec.result, m.result);
      if (checked.ok) w.resolve(checked.value);
      else w.reject(toError('bad-reply', `malformed reply to ${w.method}: ${checked.why}`));
    } else {
      const e = isRecord(m.error) ? m.error : {};
      const code = typeof e.code === 'string' ? e.code : 'bad-reply';
      w.reject(toError(code, typeof e.message === 'string' ? e.message : `${w.method} failed without a message`));
    }
  };
  // A listener that throws is the caller's bug: it is reported, and the transport's handler (a worker's, a socket's) never sees it.
  const hear = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      problem(`a listener threw: ${err instanceof Error ? err.message : text(err)}`);
    }
  };
  const detach = port.listen(receive, gone);
  // The port may have said it was gone while it was being listened to.
  if (goneWhy !== null) detach();
  else stop = detach;

  return {
    request(method, params, o = {}) {
      return new Promise((resolve, reject) => {
        if (goneWhy !== null) return reject(toError('disconnected', goneWhy));
        const id = nextId++;
        waiting.set(id, { method, resolve: resolve as (v: unknown) => void, reject, onProgress: o.onProgress as ((p: never) => void) | undefined });
        try {
          port.post({ kind: 'request', id, method, params } satisfies RequestMessage, o.transfer);
        } catch (err) {
          waiting.delete(id);
          reject(toError('unsendable', `${method} could not be sent: ${err instanceof Error ? err.message : text(err)}`));
        }
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
    get pending() {
      return waiting.size;
    },
    close(why = 'the channel was closed') {
      gone(why);
    },
  };
}

/** What a handler may do besides returning its result. */
export interface ReplyContext<X> {
  /** Reports progress of this request (dropped once it has been answered). */
  progress(payload: X, transfer?: readonly object[]): void;
  /** Objects to transfer with the result rather than copy. */
  transfer(objects: readonly object[]): void;
  /** Runs once the transport has taken the reply. */
  afterReply(fn: () => void): void;
}

export type Handlers<P extends Protocol> = {
  [M in Method<P>]: (params: ParamsOf<P, M>, ctx: ReplyContext<ProgressOf<P, M>>) => Promise<ResultOf<P, M>> | ResultOf<P, M>;
};

type ReplyHooks = { post: (m: ProgressMessage) => void; transfer: object[]; after: (() => void)[]; done: boolean };

const fail = (id: number, code: string, message: string): ResponseMessage => ({ kind: 'response', id, ok: false, error: { code, message } });

/**
 * Validates one incoming request and runs its handler. Never throws: whatever arrives, the answer
 * is a response message, or null when the message has no usable id to answer.
 */
export async function answer<P extends Protocol>(
  schemas: SchemasOf<P>,
  handlers: Handlers<P>,
  message: unknown,
  hooks: ReplyHooks = { post: () => {}, transfer: [], after: [], done: false },
): Promise<ResponseMessage | null> {
  if (!isRecord(message) || !isId(message.id)) return null;
  const { kind, id, method, params } = message;
  if (kind !== 'request') return fail(id, 'bad-request', 'expected a request message');
  if (typeof method !== 'string' || !Object.hasOwn(schemas.requests, method)) return fail(id, 'unknown-method', `unknown method ${text(method).slice(0, 64)}`);
  const checked = check(schemas.requests[method as Method<P>].params, params);
  if (!checked.ok) return fail(id, 'bad-params', `invalid parameters for ${method}: ${checked.why}`);
  const ctx: ReplyContext<unknown> = {
    progress: (payload) => {
      if (!hooks.done) hooks.post({ kind: 'progress', id, payload });
    },
    transfer: (objects) => void hooks.transfer.push(...objects),
    afterReply: (fn) => void hooks.after.push(fn),
  };
  try {
    const handler = handlers[method as Method<P>] as (p: unknown, c: ReplyContext<unknown>) => unknown;
    return { kind: 'response', id, ok: true, result: await handler(checked.value, ctx) };
  } catch (err) {
    if (err instanceof StudioError) return fail(id, err.code, err.message);
    return fail(id, 'internal', err instanceof Error ? err.message : text(err));
  } finally {
    hooks.done = true;
  }
}

/** The serving side of a hop: answers the peer's requests with `handlers`, and sends it events. */
export interface Responder<P extends Protocol> {
  emit<E extends EventOf<P>>(event: E, payload: P['events'][E], transfer?: readonly object[]): void;
  close(): void;
}

export function responder<P extends Protocol>(
  port: Port,
  schemas: SchemasOf<P>,
  handlers: Handlers<P>,
  /** `onProblem` hears a message with no id to answer (and the message itself). */
  options: { onProblem?: (problem: string, message: unknown) => void; onGone?: (why: string) => void } = {},
): Responder<P> {
  const problem = options.onProblem ?? warn;
  const receive = async (message: unknown) => {
    const hooks: ReplyHooks = { post: (m) => port.post(m), transfer: [], after: [], done: false };
    const reply = await answer(schemas, handlers, message, hooks);
    if (!reply) return problem(isRecord(message) ? 'not a request: no numeric "id"' : 'not a request: expected an object', message);
    const after = () => hooks.after.forEach((fn) => fn());
    try {
      port.post(reply, hooks.transfer, after);
    } catch (err) {
      // A result the transport cannot carry (a function, a BigInt over JSON): say so rather than leave the caller waiting.
      const why = err instanceof Error ? err.message : text(err);
      try {
        port.post(fail(reply.id, 'internal', `the reply could not be sent: ${why.slice(0, 200)}`), [], after);
      } catch {
        problem(`the reply to request ${reply.id} could not be sent: ${why.slice(0, 200)}`, reply);
      }
    }
  };
  // Nothing a message does may end the receiver: what escapes (a throwing onProblem) is only logged.
  const stop = port.listen(
    (m) => void receive(m).catch((err: unknown) => warn(`a message could not be handled: ${err instanceof Error ? err.message : text(err)}`)),
    (why) => options.onGone?.(why),
  );
  return {
    emit: (event, payload, transfer) => port.post({ kind: 'event', event, payload } satisfies EventMessage, transfer),
    close: stop,
  };
}
