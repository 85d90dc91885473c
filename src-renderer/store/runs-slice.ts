import type { StateCreator } from 'zustand';
import type { RunHooks } from '../../src-shared/engine/engine';
import { ENGINES, type EngineName, type RunResult } from '../../src-shared/protocol/types';
import type { PhaseTimings } from '../../src-shared/timing/phases';
import type { CrossCalls } from '../../src-shared/protocol/composition';
import { componentKind, NOT_RUNNABLE } from '../../src-shared/protocol/component-kind';
import type { BottomTab } from './inspector-slice';
import type { StoreDeps } from './deps';
import { selectComponentHash } from './selectors';
import type { StudioState } from './store';

export interface EngineRun {
  status: 'idle' | 'running' | 'done';
  runId: string | null;
  /** Output as it streams in; replaced by the final result's text when the run ends. */
  stdout: string;
  stderr: string;
  result: RunResult | null;
  /** Why the run could not happen at all (build failed, engine unreachable). */
  error: string | null;
  /** While it runs: the phases already done (compile, instantiate…), so the panel draws them at once. */
  phases: PhaseTimings | null;
  /** While it runs, in a composition: the calls between members so far. */
  calls?: CrossCalls[];
  /** Set when this was a call of an exported function (from Calls) rather than a run of the command. */
  call?: { label: string; args: string[] };
}

/** A finished run, kept so the timing panel can show a regression at a glance. */
export interface RunRecord {
  engine: EngineName;
  hash: string | null;
  /** 'cold' for the first run of a component in an engine in this session. */
  temperature: 'cold' | 'warm';
  result: RunResult;
  at: number;
}

export const HISTORY_LIMIT = 12;

export interface RunsSlice {
  runs: Record<EngineName, EngineRun>;
  history: RunRecord[];
  run(engines: EngineName[]): Promise<void>;
  stop(): Promise<void>;
}

/** One of a thing for each engine. */
export const perEngine = <T>(make: () => T): Record<EngineName, T> => Object.fromEntries(ENGINES.map((e) => [e, make()])) as Record<EngineName, T>;

const idle = (): EngineRun => ({ status: 'idle', runId: null, stdout: '', stderr: '', result: null, error: null, phases: null });

export const runsSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], RunsSlice> =>
  (set, get) => {
    const patch = (engine: EngineName, runId: string, p: Partial<EngineRun>) => patchRun(set, engine, runId, p);

    /** Why a component that is not a command has nothing to run, in words, with the tab it is used from; null for a command. */
    const notRunnable = async (): Promise<{ notice: string; tab: BottomTab } | null> => {
      const hash = get().buildResult?.hash;
      if (!get().description || (hash && get().description!.hash !== hash)) await get().loadDescription();
      const d = get().description;
      if (!d) return null;
      const kind = componentKind(d.exports);
      if (kind === 'command') return null;
      if (kind === 'http-handler') return { tab: 'request', notice: `This component is ${NOT_RUNNABLE[kind].what}, so there is nothing to run. ${NOT_RUNNABLE[kind].use}.` };
      const names = d.functions.map((f) => f.label);
      const exported = names.length ? names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '') : 'no functions';
      return { tab: 'calls', notice: `This component is a library: it exports ${exported} and no wasi:cli/run, so there is nothing to run. ${NOT_RUNNABLE[kind].use}.` };
    };

    return {
      runs: perEngine(idle),
      history: [],
      async run(engines) {
        if (engines.some((e) => get().runs[e].status === 'running')) return;
        const ids = Object.fromEntries(engines.map((e) => [e, deps.newRunId()])) as Record<EngineName, string>;
        for (const e of engines) set((s) => ({ runs: { ...s.runs, [e]: { ...idle(), status: 'running', runId: ids[e] } } }));
        // Never run a stale component as if fresh: build first (a cache hit when nothing changed).
        // Not for an untrusted project: the server refuses the run itself, and says why as a run.
        const untrusted = get().trust !== null && get().trust!.state !== 'trusted';
        const ok = get().opened || untrusted ? true : await get().build();
        if (!ok) {
          const why = get().buildError ?? 'The build failed: see Problems. Nothing was run.';
          for (const e of engines) patch(e, ids[e], { status: 'done', error: why });
          return;
        }
        // A library or a handler has nothing to run: say so and go where it is used, instead of two "trapped" panes.
        const elsewhere = await notRunnable();
        if (elsewhere) {
          for (const e of engines) patch(e, ids[e], { ...idle(), runId: ids[e] });
          get().setBottomTab(elsewhere.tab);
          get().setNotice(elsewhere.notice);
          return;
        }
        await Promise.all(
          engines.map(async (e) => {
            try {
              const result = await deps.engines[e].run(ids[e], paneHooks(set, e, ids[e]));
              patch(e, ids[e], { status: 'done', result, stdout: result.stdout, stderr: result.stderr });
              const hash = selectComponentHash(get());
              set((s) => {
                const seen = s.history.some((h) => h.engine === e && h.hash === hash);
                const record: RunRecord = { engine: e, hash, temperature: seen ? 'warm' : 'cold', result, at: Date.now() };
                return { history: [...s.history, record].slice(-HISTORY_LIMIT * 2) };
              });
            } catch (err) {
              patch(e, ids[e], { status: 'done', error: (err as Error).message });
            }
          }),
        );
      },
      async stop() {
        const running = Object.entries(get().runs).filter(([, r]) => r.status === 'running' && r.runId);
        await Promise.all(running.map(([e, r]) => deps.engines[e as EngineName].stop(r.runId!).catch(() => false)));
      },
    };
  };

type SetState = Parameters<StateCreator<StudioState, [], [], RunsSlice>>[0];

/** Hooks that stream a run's output and phases into its engine's pane, while the pane still shows that run. */
export function paneHooks(set: SetState, engine: EngineName, runId: string): RunHooks {
  return {
    onOutput: (stream, text) =>
      set((s) => {
        const r = s.runs[engine];
        return r.runId === runId && r.status === 'running' ? { runs: { ...s.runs, [engine]: { ...r, [stream]: r[stream] + text } } } : s;
      }),
    onPhases: (phases) => patchRun(set, engine, runId, { phases }),
    onCalls: (calls) => patchRun(set, engine, runId, { calls }),
  };
}

/** Changes an engine's pane, if it still shows this run. */
function patchRun(set: SetState, engine: EngineName, runId: string, p: Partial<EngineRun>): void {
  set((s) => (s.runs[engine].runId === runId ? { runs: { ...s.runs, [engine]: { ...s.runs[engine], ...p } } } : s));
}
