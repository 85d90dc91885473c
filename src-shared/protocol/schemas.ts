import { crossCallsSchema } from '../engine/run-schemas';
import { z } from 'zod';
import type { EventName, Params, RequestName, Result, StudioEvents } from './api';
import { TEMPLATE_NAMES } from './types';
import { projectInfoSchema, resultSchemas } from './result-schemas';
import { check, type Same, type SchemasOf } from './channel';
import { RUN_PHASES } from '../timing/phases';
import { httpRequestSchema } from '../engine/run-schemas';

/** Largest text a client may send in one request (a source file being saved). */
export const MAX_TEXT = 8 * 1024 * 1024;

const relPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');
const runId = z.string().min(1).max(128);
const empty = z.object({}).strict();
/** Bytes as the transports deliver them (a Uint8Array over any buffer), at most `max`. */
const bytes = (max: number, what: string) =>
  z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes').refine((b) => b.length <= max, what);
/** A host folder chosen by the user: absolute or relative to the server's working folder. */
const hostPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => !p.includes('\0'), 'path contains a NUL byte');

export const requestSchemas = {
  'project.get': empty,
  'file.read': z.object({ path: relPath }).strict(),
  'file.write': z.object({ path: relPath, content: z.string().max(MAX_TEXT) }).strict(),
  'build.start': empty,
  'build.last': empty,
  'component.prepare': empty,
  'run.node': z.object({ runId }).strict(),
  'run.stop': z.object({ runId }).strict(),
  'component.describe': empty,
  'composition.describe': empty,
  'component.open': z
    .object({ name: z.string().min(1).max(256), bytes: bytes(256 * 1024 * 1024, 'at most 256 MiB') })
    .strict(),
  'mount.writeBack': z
    .object({
      guest: z.string().min(1).max(4096),
      member: z.string().max(64).optional(),
      path: relPath,
      content: bytes(MAX_TEXT, 'at most 8 MiB').nullable(),
      expectedSha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex').nullable().optional(),
    })
    .strict(),
  'call.node': z
    .object({ runId, path: z.array(z.string().min(1).max(256)).min(1).max(2), args: z.array(z.string().max(MAX_TEXT)).max(64) })
    .strict(),
  'handle.node': z
    .object({
      runId,
      // Checked as the run worker checks it, and here, from a client, the untrusted parts bounded.
      request: httpRequestSchema.extend({
        method: z.string().regex(/^[A-Za-z]{1,32}$/, 'a method such as GET'),
        path: z.string().regex(/^\//, 'a path starting with /').max(8192),
        headers: z.array(z.tuple([z.string().regex(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,256}$/, 'a header name'), z.string().max(65536)])).max(256),
        body: bytes(64 * 1024 * 1024, 'at most 64 MiB'),
        authority: z.string().max(1024),
      }),
      reuse: z.boolean().optional(),
    })
    .strict(),
  // The policy itself is checked by the service against policySchema, with messages naming each setting.
  'project.setPolicy': z.object({ policy: z.record(z.string(), z.unknown()), member: z.string().max(64).optional() }).strict(),
  'trust.get': empty,
  'trust.decide': z.object({ grants: z.array(z.string().min(1).max(8192)).max(1024), trust: z.boolean() }).strict(),
  'file.create': z.object({ path: relPath, content: z.string().max(MAX_TEXT).optional() }).strict(),
  'file.rename': z.object({ from: relPath, to: relPath }).strict(),
  'file.delete': z.object({ path: relPath }).strict(),
  'backup.save': z.object({ path: relPath, content: z.string().max(MAX_TEXT), baseHash: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  'backup.list': empty,
  'backup.discard': z.object({ path: relPath }).strict(),
  'project.open': z.object({ dir: hostPath }).strict(),
  'project.fromSample': z.object({ sample: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'a sample name'), dir: hostPath.optional() }).strict(),
  'project.fromTemplate': z.object({ language: z.enum(TEMPLATE_NAMES), dir: hostPath }).strict(),
  'recent.list': empty,
  'recent.remove': z.object({ dir: hostPath }).strict(),
  'samples.list': empty,
  'folder.list': z.object({ path: hostPath.optional() }).strict(),
  'folder.pick': z.object({ title: z.string().max(200).optional() }).strict(),
} satisfies { [M in RequestName]: z.ZodType };

export const eventSchemas = {
  'build.progress': z.object({ message: z.string(), fraction: z.number().min(0).max(1).nullable() }),
  'build.step': z.object({ name: z.string(), ms: z.number().nonnegative(), member: z.string().optional() }),
  'run.phases': z.object({
    runId,
    engine: z.enum(['node', 'browser']),
    timings: z.partialRecord(z.enum(RUN_PHASES), z.number().nonnegative()),
  }),
  'run.calls': z.object({ runId, engine: z.enum(['node', 'browser']), calls: z.array(crossCallsSchema) }),
  'run.output': z.object({
    runId,
    engine: z.enum(['node', 'browser']),
    stream: z.enum(['stdout', 'stderr']),
    text: z.string(),
  }),
  'file.changed': z.object({ path: z.string(), deleted: z.boolean() }),
  'project.changed': z.object({ dir: z.string() }),
  'project.updated': projectInfoSchema,
} satisfies { [E in EventName]: z.ZodType };

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requestSchemas, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(eventSchemas, name);
}

/** Checks a request's parameters; returns an error message a client can show, or null. */
export function checkParams(method: RequestName, params: unknown): string | null {
  const checked = check(requestSchemas[method], params);
  return checked.ok ? null : `invalid parameters for ${method}: ${checked.why}`;
}

export function checkEvent(name: EventName, payload: unknown): boolean {
  return check(eventSchemas[name], payload).ok;
}

/** The StudioApi as a channel protocol (src-shared/protocol/channel.ts): the browser-mode WebSocket carries it. */
export interface StudioProtocol {
  requests: { [M in RequestName]: { params: Params<M>; result: Result<M> } };
  events: { [E in EventName]: StudioEvents[E] };
}

/** Each request's params and result schema paired (both checked against api.ts below). */
const pairs = {} as Record<RequestName, { params: z.ZodType; result: z.ZodType }>;
for (const m of Object.keys(requestSchemas) as RequestName[]) pairs[m] = { params: requestSchemas[m], result: resultSchemas[m] };
export const studioSchemas: SchemasOf<StudioProtocol> = { requests: pairs, events: eventSchemas };

/*
 * The schemas and the StudioApi's types say the same, both ways: a field added to api.ts and not
 * here (or the reverse) is a type error naming the request or event, so validation cannot drift.
 */
type RequestDrift = { [M in RequestName]: Same<z.output<(typeof requestSchemas)[M]>, Params<M>> extends true ? never : M }[RequestName];
type ResultDrift = { [M in RequestName]: Same<z.output<(typeof resultSchemas)[M]>, Result<M>> extends true ? never : M }[RequestName];
type EventDrift = { [E in EventName]: Same<z.output<(typeof eventSchemas)[E]>, StudioEvents[E]> extends true ? never : E }[EventName];
const requestsMatchTheirTypes: [RequestDrift] extends [never] ? true : { drifted: RequestDrift } = true;
const resultsMatchTheirTypes: [ResultDrift] extends [never] ? true : { drifted: ResultDrift } = true;
const eventsMatchTheirTypes: [EventDrift] extends [never] ? true : { drifted: EventDrift } = true;
void requestsMatchTheirTypes;
void resultsMatchTheirTypes;
void eventsMatchTheirTypes;
