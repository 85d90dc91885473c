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
  /** Shared memory the supervisor reads if it kills the run (src-shared/engine/run-journal.ts). */
  journal?: ArrayBufferLike | null;
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
  let imports;
  let serving: Serving | null = null;
  try {
    const base = o.shim.baseImports({
      write: (stream, bytes) => output.write(stream, bytes),
      stdin: o.grants.stdin === null ? null : encodeText(o.grants.stdin),
      mounts: o.grants.mounts,
      snapshots: o.snapshots ?? {},
      network: { sockets: o.grants.sockets.mode === 'allow', http: o.grants.http.mode === 'allow' },
      atEnd: (release) => releases.push(release),
    });
    if (o.action?.kind === 'handle') {
      // The request's resources replace the shim's own in wasi:http/types, so the policy and the trace wrap them like any import.
      const types = base['wasi:http/types'] as unknown as ShimHttpTypes | undefined;
      if (!types) throw new Error('the engine has no wasi:http/types to serve with');
      serving = incomingHttp(o.shim.httpStreams, types, o.maxOutputBytes, o.now);
      base['wasi:http/types'] = { ...types, ...serving.types };
    }
    const enforced = enforce(guardFilesystem(base, o.grants.mounts, o.shim.realFolder, o.shim.notPermittedIsRefusal), o.grants);
    imports = o.trace ? traceImports(enforced, tracer) : enforced;
  } catch (err) {
    return nothingRan((err as Error).message);
  }
  const started = (timings: PhaseTimings) => {
    journal?.running(timings);
    o.onPhases?.(timings);
  };
  const outcome = await runCommand(o.instantiate, o.compile, imports, o.now, o.action, started, serving);
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
