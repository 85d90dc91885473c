import { z } from 'zod';
import { schemaOf } from './channel';
import type { BuildStep, Diagnostic } from './types';

/** Schemas of what the studio's services answer, each checked against its type at compile time. */
export const diagnosticSchema = schemaOf<Diagnostic>()(
  z.object({
    file: z.string(),
    line: z.number(),
    column: z.number(),
    severity: z.enum(['error', 'warning', 'note']),
    message: z.string(),
    source: z.string(),
  }),
);

export const buildStepSchema = schemaOf<BuildStep>()(z.object({ name: z.string(), ms: z.number().nonnegative() }));

