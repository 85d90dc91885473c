import type { RunResult } from '../../../src-shared/protocol/types';
import { RUN_PHASES, type PhaseTimings } from '../../../src-shared/timing/phases';
import type { EngineRun } from '../../store/runs-slice';

/**
 * Cold: this run transpiled or compiled the component's core modules (the first run of a component
 * in an engine pays for that); warm: it reused them. Read from what the engine reports it did, so a
 * call and a run are judged alike.
 */
export function temperatureOf(result: RunResult): 'cold' | 'warm' {
  return result.timings.compile !== undefined || result.timings.transpile !== undefined ? 'cold' : 'warm';
}

/** What an engine's row shows it did: "run", or the call with its arguments as typed. */
export function whatRan(run: Pick<EngineRun, 'call'>): string {
  return run.call ? `call ${run.call.label}(${run.call.args.join(', ')})` : 'run';
}

/** The whole of a run: the sum of its phases. */
export const totalMs = (t: PhaseTimings): number => RUN_PHASES.reduce((a, p) => a + (t[p] ?? 0), 0);
