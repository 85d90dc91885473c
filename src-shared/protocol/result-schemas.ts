import { z } from 'zod';
import { schemaOf } from './channel';
import type { RequestName } from './api';
import { projectConfigSchema } from './project';
import {
  bytesSchema,
  engineNameSchema,
  fileChangeSchema,
  snapshotsSchema,
  grantsSchema,
  httpResponseSchema,
  linkingSchema,
  memoryUseSchema,
  moduleCompileSchema,
  phaseTimingsSchema,
  traceEntrySchema,
} from '../engine/run-schemas';
import type { WitFunction, WitType } from '../wit/types';
import { policySchema } from '../capabilities/policy';
import type { CompositionDescription } from './composition';
import {
  LANGUAGES,
  type BackupInfo,
  type BuildResult,
  type BuildStep,
  type ComponentArtifacts,
  type ComponentDescription,
  type Diagnostic,
  type FolderListing,
  type ProjectInfo,
  type ProjectTrust,
  type RecentProject,
  type RunLimits,
  type RunResult,
  type RunSettings,
  type SampleInfo,
} from './types';

/** Schemas of what the studio's services answer, each checked against its type at compile time. */
export const diagnosticSchema = schemaOf<Diagnostic>()(
  z.object({
    file: z.string(),
    line: z.number(),
    column: z.number(),
    severity: z.enum(['error', 'warning', 'note']),
    message: z.string(),
    source: z.string(),
    member: z.string().optional(),
  }),
);

export const buildStepSchema = schemaOf<BuildStep>()(z.object({ name: z.string(), ms: z.number().nonnegative(), member: z.string().optional() }));


export const projectInfoSchema = schemaOf<ProjectInfo>()(
  z.object({ dir: z.string(), config: projectConfigSchema, configProblem: diagnosticSchema.nullable(), files: z.array(z.string()) }),
);

const buildResultSchema = schemaOf<BuildResult>()(
  z.object({
    ok: z.boolean(),
    componentPath: z.string().optional(),
    hash: z.string().optional(),
    size: z.number().optional(),
    diagnostics: z.array(diagnosticSchema),
    steps: z.array(buildStepSchema),
    log: z.string(),
    stale: z.boolean(),
    unchanged: z.boolean().optional(),
    members: z
      .array(z.object({ name: z.string(), ok: z.boolean(), componentPath: z.string().optional(), hash: z.string().optional(), size: z.number().optional() }))
      .optional(),
  }),
);

const limitsSchema = schemaOf<RunLimits>()(z.object({ timeoutMs: z.number(), maxOutputBytes: z.number(), maxMemoryMiB: z.number(), maxWasmMiB: z.number() }));

const artifactsSchema = schemaOf<ComponentArtifacts>()(
  z.object({ hash: z.string(), name: z.string(), glue: z.string(), modules: z.record(z.string(), bytesSchema), transpileMs: z.number().nullable() }),
);

const wireSchema = z.object({ from: z.string(), to: z.string(), export: z.string(), import: z.string(), checked: z.enum(['types', 'names']).optional() });
const compositionSchema = schemaOf<CompositionDescription>()(
  z.object({
    plan: z.object({
      order: z.array(z.string()),
      root: z.string(),
      wires: z.array(wireSchema),
      host: z.array(z.object({ member: z.string(), import: z.string() })),
      problems: z.array(z.object({ kind: z.enum(['unsatisfied', 'cycle', 'type-mismatch', 'ambiguous', 'duplicate-name']), members: z.array(z.string()), message: z.string() })),
    }),
    members: z.array(z.object({ name: z.string(), language: z.string(), size: z.number(), policy: policySchema, source: z.string().nullable() })),
  }),
);

const settingsSchema = schemaOf<RunSettings>()(
  z.object({ grants: grantsSchema, limits: limitsSchema, trace: z.boolean(), snapshots: snapshotsSchema }),
);

export const runResultSchema = schemaOf<RunResult>()(
  z.object({
    engine: engineNameSchema,
    exitCode: z.number().int().nullable(),
    stdout: z.string(),
    stderr: z.string(),
    timedOut: z.boolean(),
    stopped: z.boolean(),
    error: z.string().nullable(),
    timings: phaseTimingsSchema,
    trace: z.array(traceEntrySchema),
    compiled: z.array(moduleCompileSchema).optional(),
    truncated: z.boolean().optional(),
    memory: memoryUseSchema.optional(),
    value: z.string().nullable().optional(),
    fsChanges: z.array(fileChangeSchema).optional(),
    reusedInstance: z.boolean().optional(),
    instanceMadeAhead: z.boolean().optional(),
    notice: z.string().optional(),
  }),
);

const named = { name: z.string().optional() };
export const witTypeSchema: z.ZodType<WitType> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.enum(['bool', 's8', 's16', 's32', 's64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'char', 'string']), ...named }),
    z.object({ kind: z.literal('list'), element: witTypeSchema, ...named }),
    z.object({ kind: z.literal('option'), some: witTypeSchema, ...named }),
    z.object({ kind: z.literal('result'), ok: witTypeSchema.nullable(), err: witTypeSchema.nullable(), ...named }),
    z.object({ kind: z.literal('tuple'), elements: z.array(witTypeSchema), ...named }),
    z.object({ kind: z.literal('record'), name: z.string(), fields: z.array(z.object({ name: z.string(), type: witTypeSchema })) }),
    z.object({ kind: z.literal('variant'), name: z.string(), cases: z.array(z.object({ name: z.string(), type: witTypeSchema.nullable() })) }),
    z.object({ kind: z.literal('enum'), name: z.string(), cases: z.array(z.string()) }),
    z.object({ kind: z.literal('flags'), name: z.string(), flags: z.array(z.string()) }),
    z.object({
      kind: z.literal('unsupported'),
      what: z.enum(['resource', 'own', 'borrow', 'future', 'stream', 'error-context', 'map', 'unresolved']),
      ...named,
      reason: z.string(),
    }),
  ]),
);

const witFunctionSchema = schemaOf<WitFunction>()(
  z.object({
    name: z.string(),
    jsName: z.string(),
    params: z.array(z.object({ name: z.string(), type: witTypeSchema })),
    result: witTypeSchema.nullable(),
    async: z.boolean().optional(),
    unsupported: z.string().optional(),
  }),
);

const descriptionSchema = schemaOf<ComponentDescription>()(
  z.object({
    name: z.string(),
    hash: z.string(),
    size: z.number(),
    imports: z.array(z.string()),
    exports: z.array(z.string()),
    coreModules: z.array(z.object({ name: z.string(), size: z.number() })),
    functions: z.array(z.object({ path: z.array(z.string()), label: z.string(), fn: witFunctionSchema })),
    functionsError: z.string().nullable(),
  }),
);

const trustGrant = z.object({ id: z.string(), kind: z.enum(['mount', 'env', 'sockets', 'http', 'native-build']), text: z.string(), member: z.string().optional() });
const trustSchema = schemaOf<ProjectTrust>()(z.object({ state: z.enum(['trusted', 'ask', 'refused']), grants: z.array(trustGrant), pending: z.array(trustGrant) }));

const backupSchema = schemaOf<BackupInfo>()(
  z.object({ path: z.string(), content: z.string(), savedAt: z.number(), state: z.enum(['newer', 'older', 'same', 'missing']) }),
);
const recentSchema = schemaOf<RecentProject>()(z.object({ dir: z.string(), name: z.string(), openedAt: z.number(), missing: z.boolean() }));
const sampleSchema = schemaOf<SampleInfo>()(
  z.object({ name: z.string(), language: z.enum(LANGUAGES), description: z.string(), languages: z.array(z.enum([...LANGUAGES, 'wasm'])).optional() }),
);
const folderListingSchema = schemaOf<FolderListing>()(
  z.object({
    path: z.string(),
    parent: z.string().nullable(),
    home: z.string(),
    folders: z.array(z.object({ name: z.string(), project: z.boolean() })),
    project: z.boolean(),
    empty: z.boolean(),
    truncated: z.boolean(),
  }),
);

/** What each StudioApi request answers, checked by the client as the reply arrives. */
export const resultSchemas = {
  'project.get': projectInfoSchema,
  'file.read': z.object({ content: z.string() }),
  'file.write': z.object({ bytes: z.number() }),
  'build.start': buildResultSchema,
  'build.last': z.object({ result: buildResultSchema.nullable() }),
  'component.prepare': z.object({ artifacts: artifactsSchema, settings: settingsSchema, link: linkingSchema({ artifacts: artifactsSchema }).optional() }),
  'run.node': runResultSchema,
  'run.stop': z.object({ stopped: z.boolean() }),
  'mount.writeBack': z.object({ written: z.string() }),
  'component.open': z.object({ name: z.string(), adapted: z.boolean(), size: z.number() }),
  'call.node': runResultSchema,
  'handle.node': runResultSchema.extend({ response: httpResponseSchema.nullable() }),
  'component.describe': descriptionSchema,
  'composition.describe': z.object({ composition: compositionSchema.nullable() }),
  'project.setPolicy': projectInfoSchema,
  'trust.get': trustSchema,
  'trust.decide': trustSchema,
  'file.create': projectInfoSchema,
  'file.rename': projectInfoSchema,
  'file.delete': projectInfoSchema,
  'backup.save': z.object({ savedAt: z.number() }),
  'backup.list': z.object({ backups: z.array(backupSchema) }),
  'backup.discard': z.object({ discarded: z.boolean() }),
  'project.open': projectInfoSchema,
  'project.fromSample': projectInfoSchema,
  'project.fromTemplate': projectInfoSchema,
  'recent.list': z.object({ projects: z.array(recentSchema) }),
  'recent.remove': z.object({ projects: z.array(recentSchema) }),
  'samples.list': z.object({ samples: z.array(sampleSchema), copiesDir: z.string() }),
  'folder.list': folderListingSchema,
  'folder.pick': z.object({ dir: z.string().nullable() }),
} satisfies { [M in RequestName]: z.ZodType };
