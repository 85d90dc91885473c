import { enforce } from '../capabilities/enforce';
import { guardFilesystem } from '../capabilities/mounts';
import type { Grants } from '../capabilities/policy';
import { Tracer, type TraceEntry } from '../capabilities/trace';
import { traceImports } from '../capabilities/trace-imports';
import type { EngineName } from '../protocol/types';
import type { PhaseTimings } from '../timing/phases';
import type { EngineShim, FileTree } from './contract';
import { OutputCollector, type StreamName } from './output';
import { JournalWriter } from './run-journal';
import { incomingHttp, type ShimHttpTypes } from './http-handler';
import { runCommand, type Action, type Instantiate, type Returned, type Serving } from './run-command';
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
  const output = new OutputCollector(o.maxOutputBytes, o.now, o.onOutput ?? null, undefined, journal && ((s, kept, cut) => journal.output(s, kept, cut)));
  const tracer = new Tracer(o.engine, o.now, undefined, journal);
  const releases: (() => void)[] = [];
  try {
    return await executeWith(o, output, tracer, journal, releases);
  } finally {
    for (const release of releases) release();
  }
}

async function executeWith(o: ExecuteOptions, output: OutputCollector, tracer: Tracer, journal: JournalWriter | null, releases: (() => void)[]): Promise<ExecuteResult> {
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
    return o.trace ? traceImports(enforced, tracer.recorder({ component: member })) : enforced;
  };
  try {
    imports = importsFor(o.grants, o.snapshots ?? {}, o.link?.member, o.action?.kind === 'handle');
    // A component alone is a composition of one: nothing linked before it, and an import nobody provides is named, not jco's "Cannot destructure".
    const { member = 'the component', wires = {}, linked = [] } = o.link ?? {};
    const byName = new Map(linked.map((m) => [m.name, m]));
    const members = linked.map((m) => ({ member: m, imports: importsFor(m.grants, m.snapshots ?? {}, m.name, false) }));
    // A call from one member into another is traced like an import, under the caller, naming the callee, and counted as it happens.
    const counter = new CrossCallCounter(o.now, o.onCalls ?? (() => {}));
    const wrap = (caller: string, callee: string, part: ImportObject) => (o.trace ? traceImports(part, counter.counting(tracer.recorder({ component: caller, callee }), caller, callee)) : part);
    instantiate = instantiateLinked({ name: member, instantiate: o.instantiate, wires }, members, wrap);
    compile = (name) => {
      const at = name.indexOf(MODULE_OF);
      return at < 0 ? o.compile(name) : byName.get(name.slice(0, at))!.compile(name.slice(at + 1));
    };
  } catch (err) {
    return nothingRan((err as Error).message);
  }
  const started = (timings: PhaseTimings) => {
    journal?.running(timings);
    o.onPhases?.(timings);
  };
  const outcome = await runCommand(instantiate, compile, imports, o.now, o.action, started, serving);
  const { stdout, stderr } = output.result();
  return {
    ...outcome,
    stdout,
    stderr,
    truncated: output.truncated,
    trace: tracer.entries,
    traceCounts: tracer.counts,
  };
}
