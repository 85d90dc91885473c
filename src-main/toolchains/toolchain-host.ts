import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { builtEntry } from '../paths';
import type { StepReporter } from './steps';
import type { ProgressReporter, ToolchainJob, ToolchainOutput } from './types';
import type { WorkerReply, WorkerRequest } from './worker';

/** The studio's side of the toolchain worker: one warm worker, jobs queued in order, restarted if it dies. */
export class ToolchainHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (o: ToolchainOutput) => void; reject: (e: Error) => void; progress: ProgressReporter; onStep?: StepReporter }>();
  private warming: Promise<unknown> | null = null;

  constructor(private readonly entry = builtEntry('toolchain-worker')) {}

  /** Loads clang now (about 1.5 s the first time), so the first Build is fast. */
  warm(progress: ProgressReporter = () => {}): Promise<unknown> {
    this.warming ??= this.send({ warm: true }, progress).catch(() => {});
    return this.warming;
  }

  build(job: ToolchainJob, progress: ProgressReporter, onStep?: StepReporter): Promise<ToolchainOutput> {
    return this.send({ job }, progress, onStep);
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  private send(body: { job: ToolchainJob } | { warm: true }, progress: ProgressReporter, onStep?: StepReporter): Promise<ToolchainOutput> {
    const worker = this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, progress, onStep });
      worker.ref();
      worker.postMessage({ id, ...body } as WorkerRequest);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    if (!existsSync(this.entry)) throw new Error(`the toolchain worker is not built (${this.entry}): run "npm run build"`);
    const worker = new Worker(this.entry);
    worker.unref();
    worker.on('message', (m: WorkerReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') return p.progress(m.message, m.fraction);
      if (m.type === 'step') return p.onStep?.(m.step);
      this.pending.delete(m.id);
      if (this.pending.size === 0) worker.unref();
      if (m.type === 'done') p.resolve(m.output);
      else p.reject(new Error(m.error));
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.warming = null;
      for (const p of this.pending.values()) p.reject(new Error(`the toolchain worker stopped (exit code ${code})`));
      this.pending.clear();
    });
    this.worker = worker;
    return worker;
  }
}
