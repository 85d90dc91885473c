import type { StateCreator } from 'zustand';
import { argsToJs, returnedToWave, type CallableFunction } from '../../src-shared/engine/calls';
import type { EngineName, RunResult } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
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
  callHistory: CallRecord[];
  /** Calls an exported function in the given engines, arguments as WAVE text. */
  callExport(engines: EngineName[], target: CallableFunction, args: string[]): Promise<void>;
}

const idle = (): CallOutcome => ({ status: 'idle', result: null, error: null });

export const callsSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], CallsSlice> =>
  (set, get) => {
    const execute = async (engine: EngineName, target: CallableFunction, args: string[]): Promise<RunResult> => {
      const runId = deps.newRunId();
      if (engine === 'node') return deps.client.call('call.node', { runId, path: target.path, args });
      const js = argsToJs(args, target.fn);
      if (!js.ok) throw new Error(js.error);
      const { artifacts, settings } = await deps.client.call('component.prepare', {});
      const { returned, ...result } = await deps.browserEngine.run(runId, artifacts, settings, () => {}, { kind: 'call', path: target.path, args: js.values });
      return { ...result, value: returned ? returnedToWave(returned, target.fn) : null };
    };
    return {
      calls: { node: idle(), browser: idle() },
      callHistory: [],
      async callExport(engines, target, args) {
        if (!get().opened && !(await get().build())) return;
        const dir = get().project?.dir;
        const moved = () => get().project?.dir !== dir; // a result of the project before a switch is dropped
        for (const e of engines) set((s) => ({ calls: { ...s.calls, [e]: { status: 'running', result: null, error: null } } }));
        const values: CallRecord['values'] = {};
        await Promise.all(
          engines.map(async (e) => {
            try {
              const result = await execute(e, target, args);
              if (moved()) return;
              values[e] = result.error ? null : (result.value ?? null);
              // Calls join the timing history beside runs, so their cost is visible at a glance too.
              const hash = get().buildResult?.hash ?? null;
              set((s) => ({
                calls: { ...s.calls, [e]: { status: 'done', result, error: null } },
                history: [...s.history, { engine: e, hash, temperature: 'warm' as const, result, at: Date.now() }].slice(-24),
              }));
            } catch (err) {
              if (moved()) return;
              set((s) => ({ calls: { ...s.calls, [e]: { status: 'done', result: null, error: (err as Error).message } } }));
            }
          }),
        );
        if (moved()) return;
        set((s) => ({ callHistory: [{ label: target.label, args, values, at: Date.now() }, ...s.callHistory].slice(0, 20) }));
      },
    };
  };
