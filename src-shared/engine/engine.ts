import type { ComponentArtifacts, EngineName, RunResult, RunSettings } from '../protocol/types';
import type { PhaseTimings } from '../timing/phases';
import { callAction, calledResult, type CallableFunction } from './calls';
import type { HttpRequest, HttpResponse } from './http-handler';
import type { Linking } from './link';
import type { CrossCalls } from '../protocol/composition';
import type { StreamName } from './output';
import type { Action, Returned } from './run-command';

/** What a caller hears while a run is in flight: output as it comes, and the phases done so far. */
export interface RunHooks {
  onOutput?(stream: StreamName, text: string): void;
  /** The phases done so far (transpile, compile, instantiate) as the guest starts running. */
  onPhases?(timings: PhaseTimings): void;
  /** In a composition: the calls between members so far, every tenth of a second or so while they happen. */
  onCalls?(calls: CrossCalls[]): void;
}

/**
 * One engine as every caller sees it (the store, the CLI, the benchmark): they hold a
 * `Record<EngineName, Engine>` and never ask which engine they hold. An engine is bound to its
 * component source when it is made (the open project's current build, or a .wasm file), so the
 * same calls serve the UI and the command line.
 *
 * Implementations: the Node engine (src-main/host/engine/engine.ts, over the runner pool), the
 * browser engine (src-renderer/engine/engine.ts, a Web Worker per run), the browser engine driven
 * from Node through headless Chromium (src-main/host/chromium-engine.ts), and the UI's handle on
 * the Node engine over the StudioApi (src-renderer/bridge/node-engine.ts). Each supervises its
 * runs with the one RunSupervisor (src-shared/engine/run-supervisor.ts): time limit, Stop, output
 * and phases kept on a kill, one result.
 *
 * Serving HTTP is `handle`: the request and response as plain data, wasi:http's incoming-handler
 * export one more Action for the run worker, so it runs under the same supervisor, limits and journal.
 *
 * Room to grow, without touching the callers of these four:
 * - linking several components: the component source an engine is made with becomes a list of
 *   components plus their wiring; `prepare` transpiles each once, and the run worker instantiates
 *   them in order, passing one's exports as the next one's imports (jco's instantiate takes a
 *   per-call import object).
 */
export interface Engine {
  readonly name: EngineName;
  /** Readies the component (transpile, compile) so a run does not pay for it; safe to repeat. */
  prepare(): Promise<void>;
  /** Runs the component's command (wasi:cli/run). */
  run(runId: string, hooks?: RunHooks): Promise<RunResult>;
  /** Calls an exported function: arguments as WAVE text, the result's `value` as WAVE text. */
  call(runId: string, target: CallableFunction, args: string[], hooks?: RunHooks): Promise<RunResult>;
  /**
   * Hands one HTTP request to the exported wasi:http/incoming-handler, in a fresh instance by
   * default. With `reuse`, the run worker keeps the instance after a request it answered and
   * serves the next reuse request of the same component and grants with it (no instantiate phase,
   * `reusedInstance` set); output, trace and timings are still each request's own. A trap or a
   * kill discards the instance; a handler that cannot answer twice (StarlingMonkey) is served
   * fresh from then on, with a `notice` once (src-shared/engine/kept-instance.ts).
   */
  handle(runId: string, request: HttpRequest, hooks?: RunHooks, options?: HandleOptions): Promise<HandledResult>;
  /** Stops a run wherever it is, also one not started yet; false when the engine could not. */
  stop(runId: string): Promise<boolean>;
}

export interface HandleOptions {
  reuse?: boolean;
}

/** A handled request: the run as any other (trace, timings, error of a trap) and the response, null when there is none. */
export type HandledResult = RunResult & { response: HttpResponse | null };

export type Engines = Record<EngineName, Engine>;

/** A component ready for the browser engine: jco's output (transpiled on the host) and the run's settings. */
export interface PreparedComponent {
  artifacts: ComponentArtifacts;
  settings: RunSettings;
  /** In a composition: this is the root, and these members are linked to it (src-shared/engine/link.ts). */
  link?: Linking<{ artifacts: ComponentArtifacts }>;
}

/** What the UI and the CLI say of each engine: the one place its name is turned into words. */
export const ENGINE_INFO: Record<EngineName, { title: string; pane: string; letter: string }> = {
  node: { title: 'Node', pane: 'Node WASI host', letter: 'N' },
  browser: { title: 'Browser', pane: 'Browser engine', letter: 'B' },
};

/** What an engine's own machinery does: one run of the component, a command or a call as `action` says. */
export interface EngineRuns {
  prepare(): Promise<unknown>;
  run(runId: string, hooks: RunHooks, action?: Action): Promise<RunResult & { returned?: Returned }>;
  stop(runId: string): Promise<boolean>;
}

/**
 * An Engine over an engine's runs: the WAVE arguments of a call become JS values here (refused
 * before anything runs when malformed) and what the guest returned becomes WAVE text, once for
 * every engine whose runs happen in this JS realm.
 */
export function engineOver(name: EngineName, runs: EngineRuns): Engine {
  return {
    name,
    prepare: async () => void (await runs.prepare()),
    async run(runId, hooks = {}) {
      const { returned: _none, ...result } = await runs.run(runId, hooks);
      return result;
    },
    call: async (runId, target, args, hooks = {}) => calledResult(await runs.run(runId, hooks, callAction(target, args)), target),
    async handle(runId, request, hooks = {}, options = {}) {
      const { returned, ...result } = await runs.run(runId, hooks, { kind: 'handle', request, ...(options.reuse ? { reuse: true as const } : {}) });
      return { ...result, response: returned?.tag === 'ok' ? (returned.val as HttpResponse) : null };
    },
    stop: (runId) => runs.stop(runId),
  };
}
