import type { EngineName } from '../protocol/types';
import { nothingRan, type ExecuteResult } from './execute';
import { readJournal, sharedClock } from './run-journal';
import type { StreamName } from './output';

/** Why a supervisor ended a run before its worker reported: Stop, the time limit, or the worker died. */
export type EndedBy = { by: 'stopped' } | { by: 'timedOut'; timeoutMs: number } | { by: 'lost'; error: string };

/**
 * The result of a run its supervisor ended (either engine): everything the worker recorded in the
 * run's journal until then (output, trace, phases, `run` counted to now), or, where there was no
 * journal, only the output posted before.
 */
export function endedRun(
  engine: EngineName,
  journal: ArrayBufferLike | null,
  posted: Record<StreamName, string>,
  why: EndedBy,
): ExecuteResult & { timedOut: boolean; stopped: boolean } {
  const error = why.by === 'stopped' ? 'stopped by the user' : why.by === 'timedOut' ? `timed out after ${why.timeoutMs} ms` : why.error;
  if (!journal) {
    // Say so rather than show a cut-off output as if it were all.
    const note = `${error} (without shared memory here, the last output, the trace and the timings of this run are lost)`;
    return { ...nothingRan(note), ...posted, timedOut: why.by === 'timedOut', stopped: why.by === 'stopped' };
  }
  return { ...nothingRan(error), ...readJournal(journal, engine, sharedClock()), timedOut: why.by === 'timedOut', stopped: why.by === 'stopped' };
}

/** A run stopped before it began, in either engine: nothing ran, nothing was printed. */
export function stoppedBeforeStart(): ExecuteResult & { timedOut: false; stopped: true } {
  return { ...nothingRan('stopped by the user before it started'), timedOut: false, stopped: true };
}
