import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parseOrigin, parseSocketEntry } from '../../src-shared/capabilities/net-allow';
import type { Policy } from '../../src-shared/capabilities/policy';

/** A usage error: the CLI prints it on one line and exits 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parse<O extends Options>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options: { ...options, ...HELP } as O & typeof HELP, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message.split('\n')[0]!);
  }
}

export function intFlag(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} takes a whole number from ${min} to ${max}, not "${value}"`);
  }
  return n;
}

/** --allow-net and --allow-http as policy grants; a bad entry is a usage error naming it. */
export function networkFlags(hosts: string[] | undefined, origins: string[] | undefined): Partial<Pick<Policy, 'sockets' | 'http'>> {
  const check = (flag: string, list: string[], parse: (t: string) => unknown) => {
    for (const t of list) {
      const r = parse(t);
      if (typeof r === 'string') throw new UsageError(`--${flag}: ${r}`);
    }
  };
  const out: Partial<Pick<Policy, 'sockets' | 'http'>> = {};
  if (hosts?.length) {
    check('allow-net', hosts, parseSocketEntry);
    out.sockets = { mode: 'allow', hosts };
  }
  if (origins?.length) {
    check('allow-http', origins, parseOrigin);
    out.http = { mode: 'allow', origins };
  }
  return out;
}

/** --max-wasm MIB: the largest .wasm accepted, checked before it is read (studio.json: limits.maxWasmMiB). */
export const MAX_WASM_HELP = '  --max-wasm MIB               largest .wasm accepted, checked before reading it (default 64)';
export const maxWasmFlag = (value: string | undefined) => intFlag('max-wasm', value, 1, 1024);
