import { z } from 'zod';
import { policySchema } from '../capabilities/policy';
import type { ProjectConfig } from './types';

export const PROJECT_FILE = 'studio.json';

export const DEFAULT_LIMITS = { timeoutMs: 10_000, maxOutputBytes: 1024 * 1024, maxMemoryMiB: 1024, maxWasmMiB: 64 };

export const projectSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'a name of letters, digits, ".", "_" or "-"'),
    /** One line saying what the project is (the samples gallery shows it). */
    description: z.string().max(300).optional(),
    language: z.enum(['c', 'cpp', 'wat', 'js', 'ts', 'rust'], {
      error: (issue) => `unknown language ${JSON.stringify(issue.input)}: expected one of "c", "cpp", "wat", "js", "ts", "rust"`,
    }),
    sources: z.array(z.string()).optional(),
    build: z.object({ flags: z.array(z.string()).optional() }).strict().optional(),
    world: z.string().regex(/^[a-zA-Z0-9:/@._-]{1,200}$/, 'a WIT world name such as "greeter" or "pkg:name/greeter"').optional(),
    jsBackend: z.enum(['quickjs', 'starlingmonkey']).optional(),
    policy: policySchema.default(policySchema.parse({})),
    limits: z
      .object({
        timeoutMs: z.number().int().min(1, 'timeoutMs must be at least 1').max(3_600_000, 'timeoutMs is at most one hour'),
        maxOutputBytes: z.number().int().min(1).max(256 * 1024 * 1024, 'maxOutputBytes is at most 256 MiB'),
        maxMemoryMiB: z.number().int().min(1, 'maxMemoryMiB must be at least 1').max(4096, 'maxMemoryMiB is at most 4096 (4 GiB, the limit of 32-bit Wasm)'),
        maxWasmMiB: z.number().int().min(1, 'maxWasmMiB must be at least 1').max(1024, 'maxWasmMiB is at most 1024 (1 GiB)'),
      })
      .strict()
      .partial()
      .transform((l) => ({ ...DEFAULT_LIMITS, ...l }))
      .default(DEFAULT_LIMITS),
  })
  .strict();

/** Parses a studio.json text; the error names the file and the offending setting. */
export function parseProject(text: string): ProjectConfig {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${PROJECT_FILE} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = projectSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${PROJECT_FILE}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
