import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { FlagError, policyFromFlags } from '../../src-shared/capabilities/registry';
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

/** The capability flags (from the capability registry) parseArgs read, as the policy they grant; a bad value is a usage error. */
export function capabilityFlags(values: Record<string, unknown>): Partial<Policy> {
  try {
    return policyFromFlags(values, { exists: existsSync, readText: readCapped });
  } catch (err) {
    throw err instanceof FlagError ? new UsageError(err.message) : err;
  }
}

/** --max-wasm MIB: the largest .wasm accepted, checked before it is read (studio.json: limits.maxWasmMiB). */
export const MAX_WASM_HELP = '  --max-wasm MIB               largest .wasm accepted, checked before reading it (default 64)';
export const maxWasmFlag = (value: string | undefined) => intFlag('max-wasm', value, 1, 1024);

/** --stdin's text is held in the policy and handed to both engines whole, so it is bounded. */
export const STDIN_MAX_BYTES = 16 * 1024 * 1024;

// Reads at most STDIN_MAX_BYTES: `--stdin /dev/zero` or an endless pipe is an error, not a hang.
function readCapped(path: string): string {
  const name = path === '-' ? 'the input' : path;
  const buf = Buffer.alloc(STDIN_MAX_BYTES + 1);
  let size = 0;
  try {
    const fd = path === '-' ? 0 : openSync(path, 'r');
    try {
      for (let n = -1; n !== 0 && size < buf.length; size += n) n = readSync(fd, buf, size, buf.length - size, null);
    } finally {
      if (fd !== 0) closeSync(fd);
    }
  } catch (err) {
    throw new FlagError(`--stdin: cannot read ${name}: ${(err as Error).message}`);
  }
  if (size > STDIN_MAX_BYTES) throw new FlagError(`--stdin: ${name} is larger than ${STDIN_MAX_BYTES / 1024 / 1024} MiB, the most a run's stdin may hold`);
  return buf.toString('utf8', 0, size);
}
