import { memoryUse } from '../../src-shared/engine/memory-limit';
import type { Returned } from '../../src-shared/engine/run-command';
import type { RunResult } from '../../src-shared/protocol/types';
import { roundMs } from '../../src-shared/timing/phases';
import type { RunReply } from './messages';

/** A runner's reply as the studio reports a Node run, wherever the run was asked for (services or CLI). */
export function nodeRunResult(reply: RunReply, maxMemoryMiB: number, prepareMs: number): RunResult & { returned?: Returned } {
  return {
    engine: 'node',
    exitCode: reply.exitCode,
    stdout: reply.stdout,
    stderr: reply.stderr,
    timedOut: reply.timedOut,
    stopped: reply.stopped,
    error: reply.error,
    timings: { prepare: roundMs(prepareMs), ...reply.timings },
    trace: reply.trace,
    returned: reply.returned,
    truncated: reply.truncated,
    ...(reply.compiled ? { compiled: reply.compiled } : {}),
    ...(reply.memoryBytes > 0 ? { memory: memoryUse(reply.memoryBytes, maxMemoryMiB) } : {}),
  };
}
