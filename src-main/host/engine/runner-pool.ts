import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Grants } from '../../../src-shared/capabilities/policy';
import type { StreamName } from '../../../src-shared/engine/output';
import type { Action } from '../../../src-shared/engine/run-command';
import { roundMs, type PhaseTimings } from '../../../src-shared/timing/phases';
import { wasmTooLarge } from '../../../src-shared/engine/wasm-size';
import { StudioError } from '../../../src-shared/protocol/envelope';
import { builtEntry } from '../../paths';
import type { FromRunner, RunReply, ToRunner, TranspileReply } from './messages';
import { stoppedReply } from './stopped';

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };
type Outgoing = ToRunner extends infer T ? (T extends ToRunner ? Omit<T, 'id'> : never) : never;

/** One runner child process, restarted when it dies; what was in flight fails with a clear message. */
class Runner {
  private child: ChildProcess | null = null;
  private nextId = 1;
  private pending = new Map<number, Pending>();
  /** Hashes this process has transpiled: a restarted runner starts empty. */
  readonly known = new Set<string>();
  busy = 0;

  constructor(
    private readonly entry: string,
    private readonly onOutput: (runId: string, stream: StreamName, text: string) => void,
    private readonly onPhases: (runId: string, timings: PhaseTimings) => void,
  ) {}

  start(): ChildProcess {
    if (this.child) return this.child;
    if (!existsSync(this.entry)) throw new Error(`the runner is not built (${this.entry}): run "npm run build"`);
    const child = fork(this.entry, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.on('message', (m: FromRunner) => {
      if (m.type === 'output') return this.onOutput(m.runId, m.stream, m.text);
      if (m.type === 'phases') return this.onPhases(m.runId, m.timings);
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.value);
      else p.reject(m.code ? new StudioError(m.code, m.error) : new Error(m.error));
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.known.clear();
      const why = new Error(`the Node runner process ended (${signal ?? `exit code ${code}`}); it will be restarted`);
      for (const p of this.pending.values()) p.reject(why);
      this.pending.clear();
    });
    this.child = child;
    return child;
  }

  request<T>(message: Outgoing): Promise<T> {
    const child = this.start();
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...message, id } as ToRunner);
    });
  }

  kill(): void {
    this.child?.kill();
    this.child = null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }
}

export interface RunJob {
  runId: string;
  hash: string;
  name: string;
  bytes: Uint8Array;
  grants: Grants;
  maxOutputBytes: number;
  maxMemoryMiB: number;
  maxWasmMiB: number;
  timeoutMs: number;
  trace: boolean;
  action?: Action;
}

/** Checked here too, so an oversized component is never copied to a runner at all (the runner checks again). */
function refuseTooLarge(bytes: Uint8Array, maxWasmMiB: number, name: string): void {
  const tooLarge = wasmTooLarge(bytes.length, maxWasmMiB, `the component ${name}`);
  if (tooLarge) throw new StudioError('too-large', tooLarge);
}

/**
 * A small pool of warm runner processes. A run goes to the least busy runner; the component is
 * transpiled there once and its compiled modules kept for later runs.
 */
export class RunnerPool {
  private readonly runners: Runner[];
  private readonly runnerOf = new Map<string, Runner>();
  private readonly outputListeners = new Map<string, (stream: StreamName, text: string) => void>();
  private readonly phasesListeners = new Map<string, (timings: PhaseTimings) => void>();
  /** Stops asked for before the run reached a runner (it was still building or queued). */
  private readonly stopEarly = new Set<string>();

  constructor(size = 1, entry = builtEntry('runner')) {
    this.runners = Array.from(
      { length: size },
      () => new Runner(entry, (id, s, t) => this.outputListeners.get(id)?.(s, t), (id, t) => this.phasesListeners.get(id)?.(t)),
    );
  }

  /** Starts the processes now, so the first run does not pay for it. */
  warm(): void {
    for (const r of this.runners) r.start();
  }

  async transpile(hash: string, name: string, bytes: Uint8Array, maxWasmMiB: number): Promise<TranspileReply> {
    refuseTooLarge(bytes, maxWasmMiB, name);
    const runner = this.pick();
    const reply = await runner.request<TranspileReply>({ type: 'transpile', hash, name, bytes, maxWasmMiB });
    runner.known.add(hash);
    return reply;
  }

  /** `onPhases` hears the phases done so far (transpile, compile, instantiate) as the guest starts running. */
  async run(job: RunJob, onOutput?: (stream: StreamName, text: string) => void, onPhases?: (timings: PhaseTimings) => void): Promise<RunReply> {
    if (this.stopEarly.delete(job.runId)) return stoppedReply();
    refuseTooLarge(job.bytes, job.maxWasmMiB, job.name);
    const runner = this.pick();
    runner.busy++;
    this.runnerOf.set(job.runId, runner);
    if (onOutput) this.outputListeners.set(job.runId, onOutput);
    let transpileMs: number | null = null;
    if (onPhases) this.phasesListeners.set(job.runId, (t) => onPhases(transpileMs === null ? t : { transpile: transpileMs, ...t }));
    try {
      if (!runner.known.has(job.hash)) {
        const t = await runner.request<TranspileReply>({ type: 'transpile', hash: job.hash, name: job.name, bytes: job.bytes, maxWasmMiB: job.maxWasmMiB });
        runner.known.add(job.hash);
        if (t.fresh) transpileMs = roundMs(t.transpileMs);
      }
      const { runId, hash, grants, maxOutputBytes, maxMemoryMiB, timeoutMs, trace, action } = job;
      const reply = await runner.request<RunReply>({ type: 'run', runId, hash, grants, maxOutputBytes, maxMemoryMiB, timeoutMs, trace, action });
      return transpileMs === null ? reply : { ...reply, timings: { transpile: transpileMs, ...reply.timings } };
    } finally {
      runner.busy--;
      this.runnerOf.delete(job.runId);
      this.outputListeners.delete(job.runId);
      this.phasesListeners.delete(job.runId);
    }
  }

  /** Stops a run wherever it is: running, being prepared, or not yet handed to a runner. */
  async stop(runId: string): Promise<boolean> {
    const runner = this.runnerOf.get(runId);
    if (runner) return runner.request<boolean>({ type: 'stop', runId });
    this.stopEarly.add(runId);
    return true;
  }

  dispose(): void {
    for (const r of this.runners) r.kill();
  }

  /** The runner processes alive now (for diagnostics and tests). */
  pids(): number[] {
    return this.runners.map((r) => r.pid).filter((p): p is number => p !== null);
  }

  private pick(): Runner {
    return this.runners.reduce((a, b) => (b.busy < a.busy ? b : a));
  }
}
