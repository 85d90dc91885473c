import { z } from 'zod';
import { VARIABLE_NAME } from './env-entry';
import { duplicateGuestPath, duplicateGuestPathMessage, mountPathProblem } from './guest-paths';
import type { MountGrant } from './mounts';
import { parseOrigin, parseSocketEntry } from './net-allow';

/** A list whose every entry must parse; each bad entry is reported by name, at its index. */
const entries = (parse: (t: string) => unknown) =>
  z
    .array(z.string())
    .max(256)
    .superRefine((list, ctx) => {
      list.forEach((text, i) => {
        const r = parse(text);
        if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r, path: [i] });
      });
    });

/** A mount's host or guest path, as mountPathProblem allows it. */
const mountPath = (what: 'host' | 'guest') =>
  z
    .string()
    .max(4096)
    .superRefine((p, ctx) => {
      const problem = mountPathProblem(what, p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });

/**
 * The capability policy of a project: nothing is granted unless it is listed here.
 * The same policy drives both engines, the CLI and the equivalent-commands view.
 */
export const policySchema = z
  .object({
    args: z.array(z.string().max(4096)).max(256).default([]),
    env: z
      .array(
        z
          .object({
            name: z.string().regex(/^[^=\0]+$/, 'an environment variable name has no "=" or NUL'),
            /** Absent: inherit the host's value of this one variable. */
            value: z.string().optional(),
          })
          // Only a real variable name is looked up on the host: anything else is a typo, never a grant.
          .refine((e) => e.value !== undefined || VARIABLE_NAME.test(e.name), {
            message: 'a variable inherited from the host (no "value") needs a name of letters, digits and _, not starting with a digit',
            path: ['name'],
          }),
      )
      .max(256)
      .default([]),
    mounts: z
      // The guest path is the preopen's name exactly as written: "data" and "/data" are both kept as they are.
      .array(z.object({ host: mountPath('host'), guest: mountPath('guest'), mode: z.enum(['ro', 'rw']) }))
      .max(32)
      .superRefine((mounts, ctx) => {
        const dup = duplicateGuestPath(mounts);
        if (dup) ctx.addIssue({ code: 'custom', message: duplicateGuestPathMessage(dup), path: [dup.index, 'guest'] });
      })
      .default([]),
    stdin: z.string().nullable().default(null),
    clocks: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('denied') }),
        z.object({ mode: z.literal('real') }),
        z.object({ mode: z.literal('frozen'), at: z.iso.datetime() }),
      ])
      .default({ mode: 'denied' }),
    random: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('denied') }),
        z.object({ mode: z.literal('real') }),
        z.object({ mode: z.literal('seeded'), seed: z.number().int().nonnegative() }),
      ])
      .default({ mode: 'denied' }),
    sockets: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('denied') }),
        z.object({ mode: z.literal('allow'), hosts: entries(parseSocketEntry) }),
      ])
      .default({ mode: 'denied' }),
    http: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('denied') }),
        z.object({ mode: z.literal('allow'), origins: entries(parseOrigin) }),
      ])
      .default({ mode: 'denied' }),
  })
  .strict();

export type Policy = z.infer<typeof policySchema>;

export function denyAll(): Policy {
  return policySchema.parse({});
}

/** A policy with every value concrete: inherited env values looked up, ready for an engine. */
export interface Grants {
  args: string[];
  /** Host folders as the policy names them; the host resolves them to absolute paths before a run. */
  mounts: MountGrant[];
  env: [string, string][];
  stdin: string | null;
  clocks: Policy['clocks'];
  random: Policy['random'];
  sockets: Policy['sockets'];
  http: Policy['http'];
}

/**
 * Resolves a policy against the host. Only variables the policy names are read from `hostEnv`;
 * a named variable the host does not have is left out rather than invented.
 */
export function resolveGrants(policy: Policy, programName: string, hostEnv: Record<string, string | undefined>): Grants {
  const env: [string, string][] = [];
  for (const { name, value } of policy.env) {
    const resolved = value ?? hostEnv[name];
    if (resolved !== undefined) env.push([name, resolved]);
  }
  return {
    args: [programName, ...policy.args],
    mounts: policy.mounts.map((m) => ({ ...m })),
    env,
    stdin: policy.stdin,
    clocks: policy.clocks,
    random: policy.random,
    sockets: policy.sockets,
    http: policy.http,
  };
}
