import type { Policy } from './policy';
import { limitFlags } from '../engine/limit-flags';
import type { RunLimits } from '../protocol/types';
import { CAPABILITY_REGISTRY } from './registry';
import { quoteWord as quote } from './shell-words';

/**
 * The studio's CLI as a user types it once it is on the PATH (README: npm link). Never `npx
 * component-studio`: outside the studio's own checkout npx asks the npm registry, which has no such package.
 */
export const CLI = 'component-studio';

/** The project in its folder as the studio runs it: built when needed, with every grant of its studio.json. */
export const PROJECT_RUN = `${CLI} run .`;

export interface EquivalentCommand {
  command: string;
  /** What this tool cannot express of the policy, so the user knows where the two differ. */
  caveats: string[];
}

/** The policy as the command lines of wasmtime and of the studio's own CLI, each capability rendered by its registry entry. */
export function equivalentCommands(
  policy: Policy,
  componentPath: string,
  /** The project's run limits: the studio line gives those that differ from the CLI's defaults. */
  limits?: RunLimits,
): { wasmtime: EquivalentCommand; studio: EquivalentCommand } {
  const w: string[] = ['wasmtime', 'run'];
  const s: string[] = [CLI, 'run'];
  const caveats: string[] = [];
  const guestArgs: string[] = [];
  let stdin: string | undefined;
  for (const c of CAPABILITY_REGISTRY) {
    const r = c.render?.(policy) ?? {};
    w.push(...(r.wasmtime ?? []));
    s.push(...(r.studio ?? []));
    caveats.push(...(r.wasmtimeCaveats ?? []));
    guestArgs.push(...(r.guestArgs ?? []));
    stdin ??= r.stdin;
  }
  const limited = limits ? limitFlags(limits) : { flags: [], caveats: [] };
  s.push(...limited.flags);
  w.push(componentPath, ...guestArgs);
  s.push(componentPath, ...(guestArgs.length ? ['--', ...guestArgs] : []));
  const pipe = stdin === undefined ? '' : `printf '%s' ${quote(stdin)} | `;
  return {
    wasmtime: { command: pipe + w.map(quote).join(' '), caveats },
    studio: { command: pipe + s.map(quote).join(' '), caveats: limited.caveats },
  };
}
