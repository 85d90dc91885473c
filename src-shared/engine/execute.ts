import { enforce } from '../capabilities/enforce';
import { guardFilesystem } from '../capabilities/mounts';
import type { Grants } from '../capabilities/policy';
import { Tracer, type TraceEntry, type Who } from '../capabilities/trace';
import { traceImports } from '../capabilities/trace-imports';
import type { EngineName } from '../protocol/types';
import type { PhaseTimings } from '../timing/phases';
import type { EngineShim, FileTree } from './contract';
import { OutputCollector, type StreamName } from './output';
import { JournalWriter } from './run-journal';
import { incomingHttp, type ShimHttpTypes } from './http-handler';
import { handleOn, instantiateOnly, runCommand, type Action, type Instantiate, type Returned, type Serving } from './run-command';
import type { KeptInstance, KeptInstances, RequestSink } from './kept-instance';
import { sinkWhileMadeAhead, type AheadInstance, type AheadInstances } from './ahead-instance';
import { CrossCallCounter, instantiateLinked, MODULE_OF, type LinkedMember, type MemberWires } from './link';
import type { CrossCalls } from '../protocol/composition';
import type { ImportObject } from '../capabilities/imports';
import { encodeText } from './text';

export interface ExecuteOptions {
  engine: EngineName;
  shim: EngineShim;
  instantiate: Instantiate;
  compile: (name: string) => Promise<unknown>;
  grants: Grants;
  snapshots?: Record<string, FileTree>;
  maxOutputBytes: number;
  trace: boolean;
  now: () => number;
  action?: Action;
  onOutput?: (stream: StreamName, text: string) => void;
  /** The phases done so far (compile, instantiate), reported as the guest starts running. */
  onPhases?: (timings: PhaseTimings) => void;
  /** In a composition: the calls between members so far (CrossCallCounter), while they happen. */
  onCalls?: (calls: CrossCalls[]) => void;
  /** Shared memory the supervisor reads if it kills the run (src-shared/engine/run-journal.ts). */
  journal?: ArrayBufferLike | null;
  /**
   * In a composition: the root's member name and wires, and the members instantiated before it,
   * each under its own grants (src-shared/engine/link.ts). Output and the trace are the run's.
   */
  link?: { member: string; wires: MemberWires; linked: LinkedMember[] };
  /**
   * The run worker's kept instance and this run's key to it (src-shared/engine/kept-instance.ts):
   * a handle action with `reuse` is served by the kept instance of the same key, and an instance
   * that answered is kept for the next. Never for a composition.
   */
  kept?: { instances: KeptInstances; key: string };
  /**
   * The run worker's instance made ahead (src-shared/engine/ahead-instance.ts) and this run's key
   * to it: a handle action without `reuse` is served by it when it was made for the same key.
   * Never for a composition, and only with the trace on (which keeps imports shut while it is made).
   */
  ahead?: { instances: AheadInstances; key: string };
}

export interface ExecuteResult {
  exitCode: number | null;
  error: string | null;
  stdout: string;
  stderr: string;
  truncated: boolean;
  timings: PhaseTimings;
  trace: TraceEntry[];
  traceCounts: Record<string, number>;
  returned?: Returned;
  memoryBytes: number;
  /**
   * Reuse mode only: 'reused', a kept instance answered; 'not-reusable', a kept instance gave no
   * answer or trapped and this request was served again in a fresh instance (the host remembers).
   * 'made-ahead': a fresh instance made while the worker waited (ahead-instance.ts); its compile
   * and instantiate timings are real, but were paid before the request came.
   */
  instance?: 'reused' | 'not-reusable' | 'made-ahead';
}

/** The result of a run that never reached the guest, or whose worker was lost: only why. */
export function nothingRan(error: string | null): ExecuteResult {
  return { exitCode: null, error, stdout: '', stderr: '', truncated: false, timings: {}, trace: [], traceCounts: {}, memoryBytes: 0 };
}

/**
 * Whether the worker of a finished run may serve the next one. A failed run's worker may be in any
 * state; one whose guest grew a large memory is retired so the host gets it back now, not at some GC.
 */
export function workerReusableAfter(result: ExecuteResult): boolean {
  return result.error === null && result.memoryBytes <= 64 * 1024 * 1024;
}

/** One run of a command component, identical in both engines but for the shim passed in. */
export async function executeRun(o: ExecuteOptions): Promise<ExecuteResult> {
  const journal = o.journal ? new JournalWriter(o.journal) : null;
  const sinkFor = (): RequestSink => ({
    output: new OutputCollector(o.maxOutputBytes, o.now, o.onOutput ?? null, undefined, journal && ((s, kept, cut) => journal.output(s, kept, cut))),
    tracer: new Tracer(o.engine, o.now, undefined, journal),
  });
  const reuse = o.action?.kind === 'handle' && o.action.reuse && o.kept && !o.link ? o.kept : null;
  const ahead = aheadFor(o);
  const made = ahead && (await ahead.instances.take(ahead.key));
  if (made) return serveAhead(o, made, sinkFor(), journal);
  const kept = reuse?.instances.take(reuse.key);
  if (!reuse || !kept) return executeWith(o, sinkFor(), journal, reuse);
  const sink = sinkFor();
  const served = await serveKept(o, kept, sink, journal);
  if (served.error === null && served.returned?.tag === 'ok') {
    reuse.instances.keep(kept);
    return { ...served, instance: 'reused' };
  }
  // A handler that cannot answer twice (StarlingMonkey) or whose instance broke: the client still
  // gets its answer, from a fresh instance with its own output and trace. A request that fails in
  // a fresh instance too is the request's own failure, not the instance's.
  kept.release();
  const fresh = await executeWith(o, sinkFor(), journal, null);
  return fresh.error === null ? { ...fresh, instance: 'not-reusable' } : fresh;
}

/** One request through a kept instance: its imports now reach this request's sink. */
async function serveKept(o: ExecuteOptions, kept: KeptInstance, sink: RequestSink, journal: JournalWriter | null): Promise<ExecuteResult> {
  kept.sink.output = sink.output;
  kept.sink.tracer = sink.tracer;
  journal?.running({});
  o.onPhases?.({});
  const timings: PhaseTimings = {};
  const request = (o.action as Extract<Action, { kind: 'handle' }>).request;
  const outcome = await handleOn(kept.exports, request, kept.serving, timings, o.now);
  return resultOf({ ...outcome, memoryBytes: kept.memoryBytes() }, sink);
}

/** Where an instance made ahead may serve this run: a fresh-instance request, alone, traced. */
function aheadFor(o: ExecuteOptions): ExecuteOptions['ahead'] | null {
  return o.action?.kind === 'handle' && !o.action.reuse && !o.link && o.trace && o.ahead ? o.ahead : null;
}

/** One request through an instance made ahead for it: its imports now reach this request's sink; it goes with the request. */
async function serveAhead(o: ExecuteOptions, made: AheadInstance, sink: RequestSink, journal: JournalWriter | null): Promise<ExecuteResult> {
  made.sink.output = sink.output;
  made.sink.tracer = sink.tracer;
  const timings: PhaseTimings = { ...made.timings };
  journal?.running({ ...timings });
  o.onPhases?.({ ...timings });
  try {
    const request = (o.action as Extract<Action, { kind: 'handle' }>).request;
    const outcome = await handleOn(made.exports, request, made.serving, timings, o.now);
    return { ...resultOf({ ...outcome, memoryBytes: made.memoryBytes() }, sink), instance: 'made-ahead' };
  } finally {
    made.release();
  }
}

/**
 * The next request's instance, made now with this run's options (its request is not used), or null
 * when this run could not be served by one or the instantiation failed or called an import.
 */
export async function instanceAhead(o: ExecuteOptions): Promise<AheadInstance | null> {
  const ahead = aheadFor(o);
  if (!ahead) return null;
  const releases: (() => void)[] = [];
  const release = () => {
    for (const r of releases.splice(0)) r();
  };
  const sink: RequestSink = sinkWhileMadeAhead(o.engine, o.now, o.maxOutputBytes);
  const made = makeImports(o, sink, releases);
  if (typeof made === 'string' || !made.serving) {
    release();
    return null;
  }
  const instance = await instantiateOnly(made.instantiate, made.compile, made.imports, o.now);
  if (instance.error !== null) {
    release();
    return null;
  }
  return { key: ahead.key, exports: instance.instance, serving: made.serving, sink, memoryBytes: instance.memoryBytes, release, timings: instance.timings };
}

function resultOf(outcome: { exitCode: number | null; error: string | null; timings: PhaseTimings; returned?: Returned; memoryBytes: number }, sink: RequestSink): ExecuteResult {
  const { stdout, stderr } = sink.output.result();
  const { exitCode, error, timings, returned, memoryBytes } = outcome;
  return { exitCode, error, timings, ...(returned ? { returned } : {}), memoryBytes, stdout, stderr, truncated: sink.output.truncated, trace: sink.tracer.entries, traceCounts: sink.tracer.counts };
}

/**
 * A run in a fresh instance. Its imports write and trace through `sink`, so an instance kept for
 * reuse (`reuse`: it answered) serves later requests into theirs; released at the end otherwise.
 */
async function executeWith(o: ExecuteOptions, sink: RequestSink, journal: JournalWriter | null, reuse: ExecuteOptions['kept'] | null): Promise<ExecuteResult> {
  const releases: (() => void)[] = [];
  const release = () => {
    for (const r of releases.splice(0)) r();
  };
  let keptIt = false;
  try {
    const r = await executeFresh(o, sink, journal, releases);
    if (reuse && r.error === null && r.serving && r.outcome.instance && r.outcome.returned?.tag === 'ok') {
      reuse.instances.keep({ key: reuse.key, exports: r.outcome.instance.exports, serving: r.serving, sink, memoryBytes: r.outcome.instance.memoryBytes, release });
      keptIt = true;
    }
    return r.result;
  } finally {
    if (!keptIt) release();
  }
}

async function executeFresh(o: ExecuteOptions, sink: RequestSink, journal: JournalWriter | null, releases: (() => void)[]) {
  const made = makeImports(o, sink, releases);
  if (typeof made === 'string') return { error: made, result: nothingRan(made), serving: null, outcome: null } as const;
  const started = (timings: PhaseTimings) => {
    journal?.running(timings);
    o.onPhases?.(timings);
  };
  const outcome = await runCommand(made.instantiate, made.compile, made.imports, o.now, o.action, started, made.serving);
  const { instance: _kept, ...rest } = outcome;
  return { error: outcome.error, result: resultOf(rest, sink), serving: made.serving, outcome } as const;
}

function makeImports(o: ExecuteOptions, sink: RequestSink, releases: (() => void)[]) {
  const output = { write: (stream: StreamName, bytes: Uint8Array) => sink.output.write(stream, bytes) };
  // Trace rows go to whichever request the sink holds now.
  const recorder = (who: Who) => ({ clock: () => sink.tracer.clock(), record: ((iface, fn, render, denied, error, began) => sink.tracer.record(iface, fn, render, denied, error, began, who)) as Tracer['record'] });
  let imports: ImportObject;
  let serving: Serving | null = null;
  let instantiate: Instantiate;
  let compile: ExecuteOptions['compile'];
  // Each member's WASI imports are its own, under its own grants; its trace rows name it.
  const importsFor = (grants: Grants, snapshots: Record<string, FileTree>, member: string | undefined, serve: boolean): ImportObject => {
    const base = o.shim.baseImports({
      write: (stream, bytes) => output.write(stream, bytes),
      stdin: grants.stdin === null ? null : encodeText(grants.stdin),
      mounts: grants.mounts,
      snapshots,
      network: { sockets: grants.sockets.mode === 'allow', http: grants.http.mode === 'allow' },
      atEnd: (release) => releases.push(release),
    });
    if (serve) {
      // The request's resources replace the shim's own in wasi:http/types, so the policy and the trace wrap them like any import.
      const types = base['wasi:http/types'] as unknown as ShimHttpTypes | undefined;
      if (!types) throw new Error('the engine has no wasi:http/types to serve with');
      serving = incomingHttp(o.shim.httpStreams, types, o.maxOutputBytes, o.now);
      base['wasi:http/types'] = { ...types, ...serving.types };
    }
    const enforced = enforce(guardFilesystem(base, grants.mounts, o.shim.realFolder, o.shim.notPermittedIsRefusal), grants);
    return o.trace ? traceImports(enforced, recorder({ component: member })) : enforced;
  };
  try {
    imports = importsFor(o.grants, o.snapshots ?? {}, o.link?.member, o.action?.kind === 'handle');
    // A component alone is a composition of one: nothing linked before it, and an import nobody provides is named, not jco's "Cannot destructure".
    const { member = null, wires = {}, linked = [] } = o.link ?? {};
    const byName = new Map(linked.map((m) => [m.name, m]));
    const members = linked.map((m) => ({ member: m, imports: importsFor(m.grants, m.snapshots ?? {}, m.name, false) }));
    // A call from one member into another is traced like an import, under the caller, naming the callee, and counted as it happens.
    const counter = new CrossCallCounter(o.now, o.onCalls ?? (() => {}));
    const wrap = (caller: string, callee: string, part: ImportObject) => (o.trace ? traceImports(part, counter.counting(recorder({ component: caller, callee }), caller, callee)) : part);
    instantiate = instantiateLinked({ name: member, instantiate: o.instantiate, wires }, members, wrap);
    compile = (name) => {
      const at = name.indexOf(MODULE_OF);
      return at < 0 ? o.compile(name) : byName.get(name.slice(0, at))!.compile(name.slice(at + 1));
    };
  } catch (err) {
    return (err as Error).message;
  }
  return { imports, instantiate, compile, serving: serving as Serving | null };
}
