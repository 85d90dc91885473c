import type { StateCreator } from 'zustand';
import type { CallableFunction } from '../../src-shared/engine/calls';
import type { EngineName, RunResult } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import { paneHooks, perEngine } from './runs-slice';
import { selectComponentHash } from './selectors';
import type { StudioState } from './store';

export interface CallOutcome {
  status: 'idle' | 'running' | 'done';
  result: RunResult | null;
  error: string | null;
}

export interface CallRecord {
  label: string;
  args: string[];
  values: Partial<Record<EngineName, string | null>>;
  at: number;
}

export interface CallsSlice {
  calls: Record<EngineName, CallOutcome>;
  /** The function the outcomes in `calls` belong to, so another function's form does not show them. */
  callTarget: string | null;
  callHistory: CallRecord[];
  /** Calls an exported function in the given engines, arguments as WAVE text. */
  callExport(engines: EngineName[], target: CallableFunction, args: string[]): Promise<void>;
}

const idle = (): CallOutcome => ({ status: 'idle', result: null, error: null });

export const callsSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], CallsSlice> =>
  (set, get) => {
    return {
      calls: perEngine(idle),
      callTarget: null,
      callHistory: [],
      async callExport(engines, target, args) {
        if (!get().opened && !(await get().build())) return;
        const dir = get().project?.dir;
        const moved = () => get().project?.dir !== dir; // a result of the project before a switch is dropped
        const call = { label: target.label, args };
        const ids = Object.fromEntries(engines.map((e) => [e, deps.newRunId()])) as Record<EngineName, string>;
        // A call is shown in the run panes and the timing rows too: it is this component running in that engine.
        for (const e of engines) {
          set((s) => ({
            callTarget: target.label,
            calls: { ...s.calls, [e]: { status: 'running', result: null, error: null } },
            runs: { ...s.runs, [e]: { ...s.runs[e], status: 'running', runId: ids[e], stdout: '', stderr: '', result: null, error: null, phases: null, call } },
          }));
        }
        const values: CallRecord['values'] = {};
        await Promise.all(
          engines.map(async (e) => {
            try {
              const result = await deps.engines[e].call(ids[e], target, args, paneHooks(set, e, ids[e]));
              if (moved()) return;
              values[e] = result.error ? null : (result.value ?? null);
              // Calls join the timing history beside runs, so their cost is visible at a glance too.
              const hash = selectComponentHash(get());
              set((s) => ({
                calls: { ...s.calls, [e]: { status: 'done', result, error: null } },
                runs: { ...s.runs, [e]: { ...s.runs[e], status: 'done', stdout: result.stdout, stderr: result.stderr, result } },
                history: [...s.history, { engine: e, hash, temperature: 'warm' as const, result, at: Date.now() }].slice(-24),
              }));
            } catch (err) {
              if (moved()) return;
              const error = (err as Error).message;
              set((s) => ({ calls: { ...s.calls, [e]: { status: 'done', result: null, error } }, runs: { ...s.runs, [e]: { ...s.runs[e], status: 'done', error } } }));
            }
          }),
        );
        if (moved()) return;
        set((s) => ({ callHistory: [{ label: target.label, args, values, at: Date.now() }, ...s.callHistory].slice(0, 20) }));
      },
    };
  };
