import { z } from 'zod';
import { schemasFor } from '../../src-shared/protocol/channel';
import { buildStepSchema, diagnosticSchema } from '../../src-shared/protocol/result-schemas';
import { LANGUAGES, type BuildStep } from '../../src-shared/protocol/types';
import { bytesSchema } from '../../src-shared/engine/run-schemas';
import type { ToolchainJob, ToolchainOutput } from './types';

/** What a build reports while it goes on: progress lines, and each step as it ends. */
export type ToolchainProgress = { type: 'progress'; message: string; fraction: number | null } | { type: 'step'; step: BuildStep };

/** The toolchain worker's hop (toolchain-host.ts -> worker.ts) over the channel of src-shared/protocol/channel.ts. */
export interface ToolchainProtocol {
  requests: {
    build: { params: ToolchainJob; result: ToolchainOutput; progress: ToolchainProgress };
    /** Loads clang and compiles a tiny program, so the first real build is fast. */
    warm: { params: Record<string, never>; result: ToolchainOutput; progress: ToolchainProgress };
  };
  events: Record<never, never>;
}

const progress = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), message: z.string(), fraction: z.number().min(0).max(1).nullable() }),
  z.object({ type: z.literal('step'), step: buildStepSchema }),
]);

const output = z.object({
  ok: z.boolean(),
  steps: z.array(buildStepSchema),
  log: z.string(),
  diagnostics: z.array(diagnosticSchema),
  component: bytesSchema.optional(),
  coreSize: z.number().optional(),
  generated: z.record(z.string(), z.string()).optional(),
});

const job = z
  .object({
    language: z.enum(LANGUAGES),
    sources: z.record(z.string(), z.string()),
    flags: z.array(z.string()),
    output: z.string().min(1),
    world: z.string().optional(),
    jsBackend: z.enum(['quickjs', 'starlingmonkey']).optional(),
    projectDir: z.string().optional(),
    timeoutMs: z.number().positive().optional(),
  })
  .strict();

export const toolchainSchemas = schemasFor<ToolchainProtocol>()({
  requests: {
    build: { params: job, result: output, progress },
    warm: { params: z.object({}).strict(), result: output, progress },
  },
  events: {},
});
