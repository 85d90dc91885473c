import type { Policy } from '../policy';
import { args, env, output, stdin } from './io';
import { files } from './files';
import { http, sockets } from './network';
import { clocks, random } from './time';
import type { Capability, CapabilityId, FlagHost } from './types';

export type { Capability, CapabilityId, CliFlag, Denial, FixIt, FlagHost, Rendered, TrustHost } from './types';
export { FlagError } from './types';
export { DETERMINISTIC } from './time';

/**
 * Every capability of WASI 0.2 as the policy grants it, in the order the inspector, the command
 * lines and the trust prompt list them. Arguments come before the environment: a call of
 * wasi:cli/environment is counted as the first capability that names it.
 */
export const CAPABILITY_REGISTRY: readonly Capability[] = [args, files, env, stdin, clocks, random, sockets, http, output];

export const capability = (id: CapabilityId): Capability => CAPABILITY_REGISTRY.find((c) => c.id === id)!;

/** The capability flags of `run` as node:util parseArgs options (all take a string value). */
export function capabilityFlagOptions(): Record<string, { type: 'string'; multiple: boolean }> {
  return Object.fromEntries(CAPABILITY_REGISTRY.flatMap((c) => c.flags.map((f) => [f.name, { type: 'string' as const, multiple: f.multiple }])));
}

const COLUMN = 31;

/** The capability flags' lines of `run --help`, in the column the other options use. */
export function capabilityFlagHelp(): string {
  const lines: string[] = [];
  for (const f of CAPABILITY_REGISTRY.flatMap((c) => c.flags)) {
    const head = `  --${f.name} ${f.value}`;
    const [first, ...rest] = head.length < COLUMN - 1 ? [`${head.padEnd(COLUMN)}${f.help[0]}`, ...f.help.slice(1)] : [head, ...f.help];
    lines.push(first!, ...rest.map((l) => ' '.repeat(COLUMN) + l));
  }
  return lines.join('\n');
}

/**
 * The capability flags parseArgs read, as the policy they grant (only what was given). A flag's
 * bad value throws a FlagError naming it.
 */
export function policyFromFlags(values: Record<string, unknown>, host: FlagHost): Partial<Policy> {
  const out: Partial<Policy> = {};
  for (const c of CAPABILITY_REGISTRY) {
    if (!c.fromFlags) continue;
    const mine: Record<string, string[]> = {};
    for (const f of c.flags) {
      const v = values[f.name];
      if (v !== undefined) mine[f.name] = (Array.isArray(v) ? v : [v]).map(String);
    }
    Object.assign(out, c.fromFlags(mine, host));
  }
  return out;
}
