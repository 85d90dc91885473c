import type { Policy } from './policy';
import { CAPABILITY_REGISTRY } from './registry';
import { quoteWord as quote } from './shell-words';

export interface EquivalentCommand {
  command: string;
  /** What this tool cannot express of the policy, so the user knows where the two differ. */
  caveats: string[];
}

/** The policy as the command lines of wasmtime and of the studio's own CLI, each capability rendered by its registry entry. */
export function equivalentCommands(policy: Policy, componentPath: string): { wasmtime: EquivalentCommand; studio: EquivalentCommand } {
  const w: string[] = ['wasmtime', 'run'];
  const s: string[] = ['npx', 'component-studio', 'run'];
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
  w.push(componentPath, ...guestArgs);
  s.push(componentPath, ...(guestArgs.length ? ['--', ...guestArgs] : []));
  const pipe = stdin === undefined ? '' : `printf '%s' ${quote(stdin)} | `;
  return {
    wasmtime: { command: pipe + w.map(quote).join(' '), caveats },
    studio: { command: pipe + s.map(quote).join(' '), caveats: [] },
  };
}
