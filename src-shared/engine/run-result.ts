import type { EngineName, RunResult } from '../protocol/types';
import type { ModuleCompile } from './compile-modules';
import type { ExecuteResult } from './execute';
import { memoryUse } from './memory-limit';
import type { Returned } from './run-command';

/** What a supervised run ended with, in either engine: the worker's result or what its journal kept. */
export type SupervisedResult = ExecuteResult & { timedOut: boolean; stopped: boolean; compiled?: ModuleCompile[]; notice?: string };

/** A run's result as the studio reports it, whichever engine ran it and whoever asked (UI, CLI, benchmark). */
export function runResult(engine: EngineName, r: SupervisedResult, maxMemoryMiB: number): RunResult & { returned?: Returned } {
  return {
    engine,
    exitCode: r.exitCode,
    stdout: r.stdout,
    stderr: r.stderr,
    timedOut: r.timedOut,
    stopped: r.stopped,
    error: r.error,
    timings: r.timings,
    trace: r.trace,
    returned: r.returned,
    truncated: r.truncated,
    ...(r.compiled ? { compiled: r.compiled } : {}),
    ...(r.memoryBytes > 0 ? { memory: memoryUse(r.memoryBytes, maxMemoryMiB) } : {}),
    ...(r.instance === 'reused' ? { reusedInstance: true } : {}),
    ...(r.instance === 'made-ahead' ? { instanceMadeAhead: true } : {}),
    ...(r.notice ? { notice: r.notice } : {}),
  };
}
