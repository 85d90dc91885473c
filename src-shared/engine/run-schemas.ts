import { z } from 'zod';
import { schemaOf } from '../protocol/channel';
import { policySchema, type Grants } from '../capabilities/policy';
import type { TraceEntry } from '../capabilities/trace';
import { RUN_PHASES, type PhaseTimings } from '../timing/phases';
import type { ModuleCompile } from './compile-modules';
import type { FileTree } from './contract';
import type { ExecuteResult } from './execute';
import type { MemoryUse } from './memory-limit';
import type { HttpRequest, HttpResponse } from './http-handler';
import type { Action, Returned } from './run-command';
import type { LinkedJob, RunProgress } from './run-job';
import type { FileChange } from './snapshot-diff';

/**
 * Schemas of what a run sends between processes and threads (both engines' run workers, the
 * runner process, the StudioApi's run results), each checked against its type at compile time.
 */
export const engineNameSchema = z.enum(['node', 'browser']);
export const bytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes');

const policy = policySchema.shape;
export const grantsSchema = schemaOf<Grants>()(
  z
    .object({
      args: z.array(z.string()),
      // As the policy allows them (guest paths kept as written), the host folder resolved.
      mounts: policy.mounts.unwrap(),
      env: z.array(z.tuple([z.string(), z.string()])),
      stdin: z.string().nullable(),
      clocks: policy.clocks.unwrap(),
      random: policy.random.unwrap(),
      sockets: policy.sockets.unwrap(),
      http: policy.http.unwrap(),
    })
    .strict(),
);

const headersSchema = z.array(z.tuple([z.string(), z.string()]));
export const httpRequestSchema = schemaOf<HttpRequest>()(
  z
    .object({ method: z.string(), path: z.string(), headers: headersSchema, body: bytesSchema, authority: z.string(), scheme: z.enum(['http', 'https']) })
    .strict(),
);
export const httpResponseSchema = schemaOf<HttpResponse>()(z.object({ status: z.number().int(), headers: headersSchema, body: bytesSchema, firstByteMs: z.number().nonnegative().optional() }).strict());

export const actionSchema = schemaOf<Action>()(
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('run') }).strict(),
    z.object({ kind: z.literal('call'), path: z.array(z.string()), args: z.array(z.unknown()) }).strict(),
    z.object({ kind: z.literal('handle'), request: httpRequestSchema, reuse: z.literal(true).optional() }).strict(),
  ]),
);

const ms = z.number().nonnegative();
export const phaseTimingsSchema = schemaOf<PhaseTimings>()(z.partialRecord(z.enum(RUN_PHASES), ms));

export const traceEntrySchema = schemaOf<TraceEntry>()(
  z.object({
    seq: z.number(),
    at: z.number(),
    engine: engineNameSchema,
    component: z.string().optional(),
    callee: z.string().optional(),
    interface: z.string(),
    function: z.string(),
    args: z.string(),
    result: z.string(),
    denied: z.boolean(),
    wall: z.boolean().optional(),
    error: z.boolean(),
    ms: z.number(),
    count: z.number().optional(),
    lastAt: z.number().optional(),
  }),
);

const returnedSchema = schemaOf<Returned>()(
  z.discriminatedUnion('tag', [
    z.object({ tag: z.literal('ok'), val: z.unknown() }),
    z.object({ tag: z.literal('err'), val: z.unknown() }),
  ]),
);

export const executeResultSchema = schemaOf<ExecuteResult>()(
  z.object({
    exitCode: z.number().int().nullable(),
    error: z.string().nullable(),
    stdout: z.string(),
    stderr: z.string(),
    truncated: z.boolean(),
    timings: phaseTimingsSchema,
    trace: z.array(traceEntrySchema),
    traceCounts: z.record(z.string(), z.number()),
    returned: returnedSchema.optional(),
    memoryBytes: z.number().nonnegative(),
    instance: z.enum(['reused', 'not-reusable', 'made-ahead']).optional(),
  }),
);

export const crossCallsSchema = z.object({ component: z.string(), callee: z.string(), interface: z.string(), calls: z.number().int().nonnegative() }).strict();

export const runProgressSchema = schemaOf<RunProgress>()(
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('output'), stream: z.enum(['stdout', 'stderr']), text: z.string() }),
    z.object({ type: z.literal('phases'), timings: phaseTimingsSchema }),
    z.object({ type: z.literal('calls'), calls: z.array(crossCallsSchema) }),
  ]),
);

export const moduleCompileSchema = schemaOf<ModuleCompile>()(z.object({ name: z.string(), bytes: z.number(), ms: z.number() }));
export const memoryUseSchema = schemaOf<MemoryUse>()(z.object({ usedBytes: z.number(), capBytes: z.number(), reached: z.boolean() }));

/**
 * Checked by hand rather than with z.record: zod leaves a `__proto__` key out of a record it
 * parses, and file names are the user's (a mount may hold a file named `__proto__`). The tree is
 * passed on as it came, every own entry checked.
 */
function isFileTree(v: unknown, depth: number): v is FileTree {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || depth > 1024) return false;
  const t = v as Record<string, unknown>;
  if (Object.keys(t).some((k) => k !== 'dir' && k !== 'source' && k !== 'symlink')) return false;
  if (t.source !== undefined && !(t.source instanceof Uint8Array)) return false;
  if (t.symlink !== undefined && typeof t.symlink !== 'string') return false;
  if (t.dir === undefined) return true;
  if (typeof t.dir !== 'object' || t.dir === null || Array.isArray(t.dir)) return false;
  return Object.values(t.dir).every((child) => isFileTree(child, depth + 1));
}

/** A browser-engine run's snapshots by guest path (FileTree: {dir}, {source: bytes} or {symlink}), passed on as they came. */
export const snapshotsSchema = z.custom<Record<string, FileTree>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((t) => isFileTree(t, 0)),
  'snapshots by guest path',
);

export const fileChangeSchema = schemaOf<FileChange>()(
  z.object({
    guest: z.string(),
    member: z.string().optional(),
    path: z.string(),
    kind: z.enum(['added', 'modified', 'deleted']),
    before: bytesSchema.nullable(),
    after: bytesSchema.nullable(),
  }),
);

/** The run's journal: shared memory where the transport allows it (src-shared/engine/run-journal.ts). */
export const journalSchema = z.custom<ArrayBufferLike | null>(
  (v) => v === null || (typeof SharedArrayBuffer === 'function' && v instanceof SharedArrayBuffer) || v instanceof ArrayBuffer,
  'a SharedArrayBuffer or null',
);


/** Both engines have WebAssembly; src-shared is compiled without DOM or Node types, so the module type is the caller's. */
const wasm = (globalThis as unknown as { WebAssembly?: { Module: abstract new (...a: never[]) => object } }).WebAssembly;

/**
 * The fields of a run job (src-shared/engine/run-job.ts) that both engines send their run workers
 * alike: `key` names the component's compiled modules, sent once per worker (null: it holds them).
 * Each engine adds what else it sends (its glue, its snapshots).
 */
export const runJobFields = <Module>() => ({
  key: z.string().min(1),
  modules: modulesSchema<Module>(),
  grants: grantsSchema,
  maxOutputBytes: z.number().int().nonnegative(),
  trace: z.boolean(),
  action: actionSchema.optional(),
  journal: journalSchema,
  link: z.object({ member: memberName, wires: wiresSchema }).strict().optional(),
});

const modulesSchema = <Module>() => z.record(z.string(), z.custom<Module>((v) => !!wasm && v instanceof wasm.Module, 'a compiled WebAssembly.Module')).nullable();
const memberName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/);
const wiresSchema = z.record(z.string(), z.object({ from: memberName, export: z.string().min(1) }).strict());

/** The members linked before the root (src-shared/engine/run-job.ts LinkedJob), with each engine's way to their glue. */
export const linkedJobsSchema = <Glue, Module>(glue: z.ZodType<Glue>) =>
  schemaOf<LinkedJob<Glue, Module>[]>()(
    z.array(z.object({ name: memberName, glue, key: z.string().min(1), modules: modulesSchema<Module>(), grants: grantsSchema, snapshots: snapshotsSchema.optional(), wires: wiresSchema }).strict()),
  );

/** A component source's links (src-shared/engine/link.ts Linking), each member with the fields of `shape` besides its own. */
export const linkingSchema = <S extends z.ZodRawShape>(shape: S) =>
  z
    .object({
      member: memberName,
      wires: wiresSchema,
      linked: z.array(z.object({ ...shape, name: memberName, grants: grantsSchema, snapshots: snapshotsSchema.optional(), wires: wiresSchema }).strict()),
    })
    .strict();
