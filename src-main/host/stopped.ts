import type { RunReply } from './messages';

/** The reply for a run stopped before it began: nothing ran, nothing was printed. */
export function stoppedBeforeStart(): RunReply {
  return {
    exitCode: null,
    stdout: '',
    stderr: '',
    error: 'stopped by the user before it started',
    truncated: false,
    timings: {},
    trace: [],
    traceCounts: {},
    timedOut: false,
    stopped: true,
    workerMs: 0,
    reusedWorker: false,
  };
}
