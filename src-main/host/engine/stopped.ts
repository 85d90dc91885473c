import { stoppedBeforeStart } from '../../../src-shared/engine/ended-run';
import type { RunReply } from './messages';

/** The runner's reply for a run stopped before it began. */
export function stoppedReply(): RunReply {
  return { ...stoppedBeforeStart(), workerMs: 0, reusedWorker: false };
}
