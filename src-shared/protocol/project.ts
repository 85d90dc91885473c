import { z } from 'zod';
import { policySchema } from '../capabilities/policy';
import { LANGUAGES } from '../languages/registry';
import type { Diagnostic, MemberConfig, ProjectConfig, SourceMember } from './types';

export const PROJECT_FILE = 'studio.json';

export const DEFAULT_LIMITS = { timeoutMs: 10_000, maxOutputBytes: 1024 * 1024, maxMemoryMiB: 1024, maxWasmMiB: 64 };

const languageSchema = z.enum(LANGUAGES, {
  error: (issue) => `unknown language ${JSON.stringify(issue.input)}: expected one of ${LANGUAGES.map((l) => JSON.stringify(l)).join(', ')}`,
});

/** How a component is built from sources: the same settings for a project and for each member of a composition. */
const buildFields = {
  sources: z.array(z.string()).optional(),
  build: z.object({ flags: z.array(z.string()).optional() }).strict().optional(),
  world: z.string().regex(/^[a-zA-Z0-9:/@._-]{1,200}$/, 'a WIT world name such as "greeter" or "pkg:name/greeter"').optional(),
  jsBackend: z.enum(['quickjs', 'starlingmonkey']).optional(),
};
const BUILD_KEYS = ['language', 'sources', 'build', 'world', 'jsBackend'] as const satisfies readonly ('language' | keyof typeof buildFields)[];

const defaultPolicy = () => policySchema.parse({});

const limitsSchema = z
  .object({
    timeoutMs: z.number().int().min(1, 'timeoutMs must be at least 1').max(3_600_000, 'timeoutMs is at most one hour'),
    maxOutputBytes: z.number().int().min(1).max(256 * 1024 * 1024, 'maxOutputBytes is at most 256 MiB'),
    maxMemoryMiB: z.number().int().min(1, 'maxMemoryMiB must be at least 1').max(4096, 'maxMemoryMiB is at most 4096 (4 GiB, the limit of 32-bit Wasm)'),
    maxWasmMiB: z.number().int().min(1, 'maxWasmMiB must be at least 1').max(1024, 'maxWasmMiB is at most 1024 (1 GiB)'),
  })
  .strict()
  .partial()
  .transform((l) => ({ ...DEFAULT_LIMITS, ...l }))
  .default(DEFAULT_LIMITS);

/**
 * One member of a composition: built from sources (`language`, and optionally sources, world,
 * jsBackend, build) or a component built elsewhere (`wasm`: a project-relative .wasm path), with
 * its own policy (default: nothing granted).
 */
export const memberSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/, 'a component name: a letter, then letters, digits, "-" or "_"'),
    language: languageSchema.optional(),
    ...buildFields,
    wasm: z
      .string()
      .regex(/^(?!\/)(?!.*(^|\/)\.\.(\/|$)).*\.wasm$/, 'a .wasm path inside the project folder, such as "lib/words.wasm"')
      .optional(),
    policy: policySchema.default(defaultPolicy),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.wasm === undefined && m.language === undefined) {
      ctx.addIssue({ code: 'custom', message: `component "${m.name}" needs a "language" (built from its sources) or a "wasm" (a component built elsewhere)` });
    }
    if (m.wasm?.startsWith('build/')) {
      ctx.addIssue({ code: 'custom', path: ['wasm'], message: `build/ is where the studio writes each member's component: keep "${m.name}"'s .wasm elsewhere (e.g. vendor/)` });
    }
    if (m.wasm !== undefined) {
      for (const key of BUILD_KEYS) {
        if (m[key] !== undefined) ctx.addIssue({ code: 'custom', path: [key], message: `component "${m.name}" is a built .wasm: "${key}" is for a component built from sources` });
      }
    }
  })
  .transform((m): MemberConfig => {
    if (m.wasm !== undefined) return { name: m.name, wasm: m.wasm, policy: m.policy };
    const { wasm: _, ...built } = m;
    return { ...built, language: m.language! };
  });

const projectFields = {
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, 'a name of letters, digits, ".", "_" or "-"'),
  /** One line saying what the project is (the samples gallery shows it). */
  description: z.string().max(300).optional(),
  limits: limitsSchema,
  /**
   * A composition: several components linked at instantiation, each with its own language and
   * policy. The first is the root: the one Run runs and whose exports Calls lists.
   */
  components: z.array(memberSchema).min(1, 'list at least one component (the first is the root)').max(32).optional(),
};

/**
 * studio.json: one component (`language` and its build settings and `policy` at the top) or a
 * composition (`components`, whose members carry those settings; `limits` stays at the top).
 */
export const projectSchema = z
  .object({ ...projectFields, language: languageSchema.optional(), ...buildFields, policy: policySchema.optional() })
  .strict()
  .superRefine((p, ctx) => {
    if (!p.components) {
      if (p.language === undefined) ctx.addIssue({ code: 'custom', path: ['language'], message: `a project needs a "language" (or a list of "components")` });
      return;
    }
    for (const key of [...BUILD_KEYS, 'policy'] as const) {
      if (p[key] !== undefined) {
        ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" belongs to a component when the project lists "components": put it on the component that needs it` });
      }
    }
    const seen = new Set<string>();
    p.components.forEach((m, i) => {
      if (seen.has(m.name)) ctx.addIssue({ code: 'custom', path: ['components', i, 'name'], message: `two components are named "${m.name}": each needs its own name` });
      seen.add(m.name);
    });
    if (p.components[0] && 'wasm' in p.components[0]) {
      ctx.addIssue({ code: 'custom', path: ['components', 0, 'wasm'], message: 'the first component is the root, the one Run runs: it is built from sources here (a built .wasm can be any other member)' });
    }
  })
  .transform(({ language, sources, build, world, jsBackend, policy, components, ...rest }): ProjectConfig => {
    if (!components) return { ...rest, language: language!, sources, build, world, jsBackend, policy: policy ?? defaultPolicy() };
    // Code that knows one component sees the root: its settings are mirrored at the top.
    const root = components[0] as SourceMember;
    return { ...rest, language: root.language, sources: root.sources, build: root.build, world: root.world, jsBackend: root.jsBackend, policy: root.policy, components };
  });

/**
 * A parsed ProjectConfig as it crosses a transport (ProjectInfo.config): a composition's root
 * settings are mirrored at the top there, which studio.json itself may not say.
 */
export const projectConfigSchema = z
  .object({ ...projectFields, language: languageSchema, ...buildFields, policy: policySchema })
  .strict()
  .transform((p): ProjectConfig => p);

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

/**
 * Where a setting stands in the text: the key of an object member, or the start of an array
 * element, walked along the path (the text is valid JSON: it parsed). Where the path ends early
 * (a missing key), the last place found.
 */
function offsetOfPath(text: string, path: readonly PropertyKey[]): number {
  let i = 0;
  let at = 0;
  const space = () => {
    while (/\s/.test(text[i] ?? '')) i++;
  };
  const string = () => {
    const start = i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): void => {
    space();
    const open = text[i];
    if (open === '"') return void string();
    if (open !== '{' && open !== '[') {
      while (i < text.length && !/[,}\]\s]/.test(text[i]!)) i++;
      return;
    }
    i++;
    space();
    while (i < text.length && text[i] !== (open === '{' ? '}' : ']')) {
      if (open === '{') {
        string();
        space();
        i++; // the colon
      }
      value();
      space();
      if (text[i] === ',') i++;
      space();
    }
    i++;
  };
  space();
  for (const key of path) {
    space();
    if (typeof key === 'number' && text[i] === '[') {
      i++;
      space();
      for (let n = 0; n < key && text[i] !== ']'; n++) {
        value();
        space();
        if (text[i] === ',') i++;
        space();
      }
      if (text[i] === ']') break;
      at = i;
    } else if (typeof key === 'string' && text[i] === '{') {
      i++;
      space();
      let found = false;
      while (i < text.length && text[i] !== '}') {
        const keyAt = i;
        const name = string();
        space();
        i++; // the colon
        space();
        if (name === key) {
          at = keyAt;
          found = true;
          break;
        }
        value();
        space();
        if (text[i] === ',') i++;
        space();
      }
      if (!found) break;
    } else break;
  }
  return at;
}
