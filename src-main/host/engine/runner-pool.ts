import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Grants } from '../../../src-shared/capabilities/policy';
import type { StreamName } from '../../../src-shared/engine/output';
import type { RunProgress } from '../../../src-shared/engine/run-job';
import type { Action } from '../../../src-shared/engine/run-command';
import type { Linking } from '../../../src-shared/engine/link';
import type { RunHooks } from '../../../src-shared/engine/engine';
import { roundMs, type PhaseTimings } from '../../../src-shared/timing/phases';
import { wasmTooLarge } from '../../../src-shared/engine/wasm-size';
import { StudioError } from '../../../src-shared/protocol/envelope';
import { builtEntry } from '../../paths';
import { requester, type Requester } from '../../../src-shared/protocol/channel';
import { childPort } from '../../channel-ports';
import { NO_SPARE_WORKER_ARG, runnerSchemas, type RunnerProtocol, type RunReply, type TranspileReply } from './messages';
import { stoppedReply } from './stopped';

/**
 * The runner's heaps are collected on their own threads only. Its run workers already keep both
 * cores busy under load, and every instance of a large guest (http-hello: 10 MiB of linear memory)
 * starts a major GC every few instances; V8's concurrent marking and sweeping threads then cost
 * more CPU than they save. Measured with serve of samples/http-hello at concurrency 4 (interleaved
 * rounds, same machine): 26-30 -> 21-29 ms of CPU per request, 72 -> 96 req/s at load 5.
 */
const RUNNER_V8_FLAGS = ['--single-threaded-gc'];

/** One runner child process, restarted when it dies; what was in flight fails with a clear message. */
class Runner {
  private child: { process: ChildProcess; calls: Requester<RunnerProtocol> } | null = null;
  /** Hashes this process has transpiled: a restarted runner starts empty. */
  readonly known = new Set<string>();
  busy = 0;

  constructor(
    private readonly entry: string,
    private readonly spareWorker: boolean,
  ) {}

  start(): Requester<RunnerProtocol> {
    if (this.child) return this.child.calls;
    if (!existsSync(this.entry)) throw new Error(`the runner is not built (${this.entry}): run "npm run build"`);
    const child = fork(this.entry, this.spareWorker ? [] : [NO_SPARE_WORKER_ARG], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, ...RUNNER_V8_FLAGS] });
    // A refusal keeps its StudioError code across the process boundary; the runner's own failures stay plain errors.
    const calls = requester<RunnerProtocol>(childPort(child, 'the Node runner process'), runnerSchemas, {
      error: (code, message) =>
        code === 'disconnected' ? new Error(`${message}; it will be restarted`) : code === 'internal' ? new Error(message) : new StudioError(code, message),
    });
    child.on('exit', () => {
      if (this.child?.process !== child) return;
      this.child = null;
      this.known.clear();
    });
    this.child = { process: child, calls };
    return calls;
  }

  kill(): void {
    this.child?.process.kill();
    this.child = null;
  }

  get pid(): number | null {
    return this.child?.process.pid ?? null;
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
  /** In a composition: the members instantiated before this one, each transpiled on the same runner. */
  link?: Linking<{ hash: string; bytes: Uint8Array }>;
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
  /** Stops asked for before the run reached a runner (it was still building or queued). */
  private readonly stopEarly = new Set<string>();

  /** `spareWorker: false` where runs never overlap (a CLI command's one run): see worker-shelf.ts. */
  constructor(size = 1, entry = builtEntry('runner'), { spareWorker = true }: { spareWorker?: boolean } = {}) {
    this.runners = Array.from({ length: size }, () => new Runner(entry, spareWorker));
  }

  /** Starts the processes now, so the first run does not pay for it. */
  warm(): void {
    for (const r of this.runners) r.start();
  }

  async transpile(hash: string, name: string, bytes: Uint8Array, maxWasmMiB: number): Promise<TranspileReply> {
    refuseTooLarge(bytes, maxWasmMiB, name);
    const runner = this.pick();
    const reply = await runner.start().request('transpile', { hash, name, bytes, maxWasmMiB });
    runner.known.add(hash);
    return reply;
  }

  /** `onPhases` hears the phases done so far (transpile, compile, instantiate) as the guest starts running. */
  async run(job: RunJob, onOutput?: (stream: StreamName, text: string) => void, onPhases?: (timings: PhaseTimings) => void, onCalls?: RunHooks['onCalls']): Promise<RunReply> {
    if (this.stopEarly.delete(job.runId)) return stoppedReply();
    refuseTooLarge(job.bytes, job.maxWasmMiB, job.name);
    const runner = this.pick();
    runner.busy++;
    this.runnerOf.set(job.runId, runner);
    let transpileMs: number | null = null;
    try {
      // Every member of a composition is transpiled on the runner that runs it, each once.
      for (const c of [...(job.link?.linked ?? []), job]) {
        if (runner.known.has(c.hash)) continue;
        refuseTooLarge(c.bytes, job.maxWasmMiB, c.name);
        const t = await runner.start().request('transpile', { hash: c.hash, name: c.name, bytes: c.bytes, maxWasmMiB: job.maxWasmMiB });
        runner.known.add(c.hash);
        if (t.fresh) transpileMs = roundMs((transpileMs ?? 0) + t.transpileMs);
      }
      const { runId, hash, grants, maxOutputBytes, maxMemoryMiB, timeoutMs, trace, action } = job;
      const link = job.link && { ...job.link, linked: job.link.linked.map(({ bytes: _sent, ...m }) => m) };
      const onProgress = (p: RunProgress) => {
        if (p.type === 'output') onOutput?.(p.stream, p.text);
        else if (p.type === 'calls') onCalls?.(p.calls);
        else onPhases?.(transpileMs === null ? p.timings : { transpile: transpileMs, ...p.timings });
      };
      const params = { runId, hash, grants, maxOutputBytes, maxMemoryMiB, timeoutMs, trace, ...(action ? { action } : {}), ...(link ? { link } : {}) };
      const reply = await runner.start().request('run', params, { onProgress });
      return transpileMs === null ? reply : { ...reply, timings: { transpile: transpileMs, ...reply.timings } };
    } finally {
      runner.busy--;
      this.runnerOf.delete(job.runId);
    }
  }

  /** Stops a run wherever it is: running, being prepared, or not yet handed to a runner. */
  async stop(runId: string): Promise<boolean> {
    const runner = this.runnerOf.get(runId);
    if (runner) return runner.start().request('stop', { runId });
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
