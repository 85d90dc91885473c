import { CapabilityDenied, ExitSignal, type ImportObject } from '../capabilities/imports';
import { roundMs, type PhaseTimings } from '../timing/phases';
import { NOT_RUNNABLE } from '../protocol/component-kind';
import { incomingHandlerOf, type HttpRequest, type incomingHttp } from './http-handler';
import { oncePerModule } from './instance-limit';

export interface CommandInstance {
  run: { run(): void };
}

/** What jco's async glue calls to instantiate each core module (WebAssembly.instantiate by default). */
export type InstantiateCore = (module: unknown, imports: unknown) => Promise<CoreInstance>;
interface CoreInstance {
  exports: Record<string, unknown>;
}

export type Instantiate = (
  getCoreModule: (name: string) => Promise<unknown>,
  imports: ImportObject,
  instantiateCore?: InstantiateCore,
) => Promise<CommandInstance> | CommandInstance;

/**
 * What to do with the instance: run the command, call one exported function, or handle one HTTP
 * request. `reuse`: the run worker keeps the instance after a request it answered and hands it the
 * next reuse request of the same component and grants (src-shared/engine/kept-instance.ts).
 */
export type Action = { kind: 'run' } | { kind: 'call'; path: string[]; args: unknown[] } | { kind: 'handle'; request: HttpRequest; reuse?: true };

/** The request's host side, made with the run's imports (src-shared/engine/http-handler.ts). */
export type Serving = ReturnType<typeof incomingHttp>;

/** A call's outcome as WIT sees it: an exported result<T, E> that errs comes back as err. */
export type Returned = { tag: 'ok'; val: unknown } | { tag: 'err'; val: unknown };

export interface CommandOutcome {
  exitCode: number | null;
  error: string | null;
  timings: PhaseTimings;
  returned?: Returned;
  /** The largest linear memory any core instance exported, in bytes, when the run ended. */
  memoryBytes: number;
  /** The instance itself and how to read its memory later, for a caller that keeps it (a reused HTTP handler). */
  instance?: { exports: unknown; memoryBytes: () => number };
}

/** Both engines have the WebAssembly global; src-shared is compiled without DOM or Node types. */
const wasm = (globalThis as unknown as { WebAssembly: { instantiate(m: unknown, i: unknown): Promise<CoreInstance> } }).WebAssembly;

/**
 * Keeps each core instance's exported memories so the run can say how big linear memory grew:
 * memory.grow never reaches JS, so its size at the end is the only sign of a guest near its cap.
 */
function watchMemories(): { instantiateCore: InstantiateCore; largest: () => number } {
  const memories: { buffer: ArrayBuffer }[] = [];
  return {
    instantiateCore: async (module, imports) => {
      const instance = await wasm.instantiate(module, imports);
      for (const value of Object.values(instance.exports)) {
        if (Object.prototype.toString.call(value) === '[object WebAssembly.Memory]') memories.push(value as { buffer: ArrayBuffer });
      }
      return instance;
    },
    largest: () => memories.reduce((max, m) => Math.max(max, m.buffer.byteLength), 0),
  };
}

/**
 * Instantiates a transpiled command component with a per-run import object and calls
 * wasi:cli/run. Everything the run knows lives inside this call, so runs never share state.
 */
export async function runCommand(
  instantiate: Instantiate,
  compile: (name: string) => Promise<unknown>,
  imports: ImportObject,
  now: () => number,
  action: Action = { kind: 'run' },
  onInstantiated: (timings: PhaseTimings) => void = () => {},
  serving: Serving | null = null,
): Promise<CommandOutcome> {
  const made = await instantiateOnly(instantiate, compile, imports, now);
  if (made.error !== null) return { exitCode: null, error: made.error, timings: made.timings, memoryBytes: made.memoryBytes() };
  const { timings, memoryBytes } = made;
  onInstantiated({ ...timings });
  const instance = made.instance as CommandInstance;
  const { instance: kept, ...outcome } = await act(instance, action, timings, now, serving);
  return { ...outcome, memoryBytes: memoryBytes(), ...(kept !== undefined ? { instance: { exports: kept, memoryBytes } } : {}) };
}

/** A component instantiated and not yet used: its exports, or why it could not be made. */
export interface Instantiated {
  instance: unknown;
  error: string | null;
  timings: PhaseTimings;
  /** The largest linear memory of its core instances, now. */
  memoryBytes: () => number;
}

/** Instantiates a transpiled component with a per-run import object; nothing of it is called yet. */
export async function instantiateOnly(instantiate: Instantiate, compile: (name: string) => Promise<unknown>, imports: ImportObject, now: () => number): Promise<Instantiated> {
  const memory = watchMemories();
  const timings: PhaseTimings = {};
  // The glue asks for its core modules concurrently: count wall time while any is in flight.
  let compileMs = 0;
  let inFlight = 0;
  let since = 0;
  const getCoreModule = async (name: string) => {
    if (inFlight++ === 0) since = now();
    try {
      return await compile(name);
    } finally {
      if (--inFlight === 0) compileMs += now() - since;
    }
  };
  const t0 = now();
  try {
    const instance = await instantiate(getCoreModule, imports, oncePerModule(memory.instantiateCore));
    return { instance, error: null, timings, memoryBytes: memory.largest };
  } catch (err) {
    return { instance: null, error: `instantiation failed: ${describe(err)}`, timings, memoryBytes: memory.largest };
  } finally {
    timings.compile = roundMs(compileMs);
    timings.instantiate = roundMs(Math.max(0, now() - t0 - compileMs));
  }
}

type Acted = Omit<CommandOutcome, 'memoryBytes' | 'instance'> & { instance?: unknown };

async function act(instance: CommandInstance, action: Action, timings: PhaseTimings, now: () => number, serving: Serving | null): Promise<Acted> {
  if (action.kind === 'call') return call(instance, action, timings, now);
  if (action.kind === 'handle') return { ...(await handleOn(instance, action.request, serving, timings, now)), instance };
  if (!instance?.run?.run) {
    const kind = NOT_RUNNABLE[incomingHandlerOf(instance) ? 'http-handler' : 'library'];
    return { exitCode: null, error: `this component is ${kind.what}, not a command: use ${kind.cli}`, timings };
  }
  const t1 = now();
  try {
    instance.run.run();
    return { exitCode: 0, error: null, timings };
  } catch (err) {
    if (err instanceof ExitSignal) return { exitCode: err.code, error: null, timings };
    // wasi:cli/run returning err is how a command reports failure without calling exit.
    if (isErrResult(err)) return { exitCode: 1, error: null, timings };
    return { exitCode: null, error: describe(err), timings };
  } finally {
    timings.run = roundMs(now() - t1);
  }
}

async function call(instance: unknown, action: Extract<Action, { kind: 'call' }>, timings: PhaseTimings, now: () => number): Promise<Acted> {
  const fn = action.path.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], instance);
  if (typeof fn !== 'function') return { exitCode: null, error: `the component exports no function ${action.path.join('.')}`, timings };
  const t = now();
  try {
    return { exitCode: 0, error: null, timings, returned: { tag: 'ok', val: await fn(...action.args) } };
  } catch (err) {
    if (err instanceof ExitSignal) return { exitCode: err.code, error: null, timings };
    if (isErrResult(err)) return { exitCode: 0, error: null, timings, returned: { tag: 'err', val: (err as unknown as { payload: unknown }).payload } };
    return { exitCode: null, error: describe(err), timings };
  } finally {
    timings.run = roundMs(now() - t);
  }
}

/** One request through the exported wasi:http/incoming-handler (of a fresh or a kept instance); the response comes back as `returned`. */
export async function handleOn(instance: unknown, request: HttpRequest, serving: Serving | null, timings: PhaseTimings, now: () => number): Promise<Acted> {
  const handler = incomingHandlerOf(instance);
  if (!handler || !serving) return { exitCode: null, error: 'the component does not export wasi:http/incoming-handler: it is not an HTTP handler', timings };
  const t = now();
  try {
    await handler.handle(...serving.begin(request));
  } catch (err) {
    if (err instanceof ExitSignal) return { exitCode: err.code, error: `the handler exited (code ${err.code}) instead of answering`, timings };
    return { exitCode: null, error: describe(err), timings };
  } finally {
    timings.run = roundMs(now() - t);
  }
  const outcome = serving.outcome();
  return outcome.ok ? { exitCode: 0, error: null, timings, returned: { tag: 'ok', val: outcome.response } } : { exitCode: null, error: outcome.error, timings };
}

/** jco's glue throws a ComponentError (an Error with an own `payload`) when run returns err. */
function isErrResult(err: unknown): boolean {
  return err instanceof Error && err.constructor.name === 'ComponentError' && Object.hasOwn(err, 'payload');
}

export function describe(err: unknown): string {
  // A refused capability traps: the guest never gets to flush what it buffered, which surprises
  // anyone reading a pane that stops short of a printf the program clearly made.
  if (err instanceof CapabilityDenied) return `${err.message}: the component trapped here, so output it had buffered and not yet written (text after its last newline, or a full libc buffer) is lost`;
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.name === 'Error' ? '' : err.name + ': '}${err.message}${cause}`;
  }
  if (typeof err === 'object' && err !== null) return JSON.stringify(err);
  return String(err);
}
