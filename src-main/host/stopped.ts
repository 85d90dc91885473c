import { nothingRan } from '../../src-shared/engine/execute';
import type { RunReply } from './messages';

/** The reply for a run stopped before it began: nothing ran, nothing was printed. */
export function stoppedBeforeStart(): RunReply {
  return { ...nothingRan('stopped by the user before it started'), timedOut: false, stopped: true, workerMs: 0, reusedWorker: false };
}
