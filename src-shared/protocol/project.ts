import { z } from 'zod';
import { policySchema } from '../capabilities/policy';
import { LANGUAGES } from '../languages/registry';
import type { Diagnostic, ProjectConfig } from './types';

export const PROJECT_FILE = 'studio.json';

export const DEFAULT_LIMITS = { timeoutMs: 10_000, maxOutputBytes: 1024 * 1024, maxMemoryMiB: 1024, maxWasmMiB: 64 };

export const projectSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'a name of letters, digits, ".", "_" or "-"'),
    /** One line saying what the project is (the samples gallery shows it). */
    description: z.string().max(300).optional(),
    language: z.enum(LANGUAGES, {
      error: (issue) => `unknown language ${JSON.stringify(issue.input)}: expected one of ${LANGUAGES.map((l) => JSON.stringify(l)).join(', ')}`,
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
  const checked = checkProject(text);
  if ('problem' in checked) throw new Error(checked.problem.message);
  return checked.config;
}

/**
 * Parses a studio.json text into its settings, or one problem placed at the line and column it
 * is about (where the JSON breaks, or the key of the first setting the schema refuses).
 */
export function checkProject(text: string): { config: ProjectConfig } | { problem: Diagnostic } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = Number(/at position (\d+)/.exec(message)?.[1] ?? NaN);
    return { problem: problemAt(text, Number.isNaN(at) ? 0 : at, `${PROJECT_FILE} is not valid JSON: ${message}`) };
  }
  const parsed = projectSchema.safeParse(json);
  if (parsed.success) return { config: parsed.data };
  const first = parsed.error.issues[0]!;
  return { problem: problemAt(text, offsetOfPath(text, first.path), `${PROJECT_FILE}: ${z.prettifyError(parsed.error)}`) };
}

function problemAt(text: string, offset: number, message: string): Diagnostic {
  const before = text.slice(0, offset).split('\n');
  return { file: PROJECT_FILE, line: before.length, column: before.at(-1)!.length + 1, severity: 'error', message, source: 'studio.json' };
}

/** Where the key of a setting stands: each object key of the path is looked for after the previous one. */
function offsetOfPath(text: string, path: readonly PropertyKey[]): number {
  let at = 0;
  for (const key of path) {
    if (typeof key !== 'string') continue;
    const quoted = JSON.stringify(key);
    let i = text.indexOf(quoted, at);
    // A key, not the same text as a value: a colon follows.
    while (i !== -1 && !/^\s*:/.test(text.slice(i + quoted.length, i + quoted.length + 40))) i = text.indexOf(quoted, i + 1);
    if (i === -1) break;
    at = i;
  }
  return at;
}
