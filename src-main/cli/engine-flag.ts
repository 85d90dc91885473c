import { ENGINES, type EngineName } from '../../src-shared/protocol/types';
import { UsageError } from './args';

/** --engine: one engine by name, or `both`; without it the first engine (Node), as wasmtime users expect a server-side run. */
export function engineFlag(value: string | undefined): EngineName[] {
  if (value === undefined) return [ENGINES[0]!];
  if (value === 'both') return [...ENGINES];
  const engine = ENGINES.find((e) => e === value);
  if (!engine) throw new UsageError(`--engine is ${ENGINES.join(', ')} or both, not "${value}"`);
  return [engine];
}
