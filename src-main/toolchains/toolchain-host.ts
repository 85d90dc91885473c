import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { requester, type Requester } from '../../src-shared/protocol/channel';
import { workerPort } from '../channel-ports';
import { builtEntry } from '../paths';
import type { StepReporter } from './steps';
import type { ProgressReporter, ToolchainJob, ToolchainOutput } from './types';
import { toolchainSchemas, type ToolchainProgress, type ToolchainProtocol } from './worker-protocol';

/** The studio's side of the toolchain worker: one warm worker, jobs queued in order, restarted if it dies. */
export class ToolchainHost {
  private worker: { thread: Worker; calls: Requester<ToolchainProtocol> } | null = null;
  private warming: Promise<unknown> | null = null;

  constructor(private readonly entry = builtEntry('toolchain-worker')) {}

  /** Loads clang now (about 1.5 s the first time), so the first Build is fast. */
  warm(progress: ProgressReporter = () => {}): Promise<unknown> {
    this.warming ??= this.send((calls, onProgress) => calls.request('warm', {}, { onProgress }), progress).catch(() => {});
    return this.warming;
  }

  build(job: ToolchainJob, progress: ProgressReporter, onStep?: StepReporter): Promise<ToolchainOutput> {
    return this.send((calls, onProgress) => calls.request('build', job, { onProgress }), progress, onStep);
  }

  dispose(): void {
    this.worker?.calls.close('the toolchain worker was disposed');
    void this.worker?.thread.terminate();
    this.worker = null;
  }

  private async send(
    call: (calls: Requester<ToolchainProtocol>, onProgress: (p: ToolchainProgress) => void) => Promise<ToolchainOutput>,
    progress: ProgressReporter,
    onStep?: StepReporter,
  ): Promise<ToolchainOutput> {
    const { thread, calls } = this.start();
    // Referenced while a job is in flight, so the process waits for it; an idle worker keeps nothing alive.
    thread.ref();
    try {
      return await call(calls, (p) => (p.type === 'progress' ? progress(p.message, p.fraction) : onStep?.(p.step)));
    } finally {
      if (calls.pending === 0) thread.unref();
    }
  }

  private start(): { thread: Worker; calls: Requester<ToolchainProtocol> } {
    if (this.worker) return this.worker;
    if (!existsSync(this.entry)) throw new Error(`the toolchain worker is not built (${this.entry}): run "npm run build"`);
    const thread = new Worker(this.entry);
    thread.unref();
    const calls = requester<ToolchainProtocol>(workerPort(thread, 'the toolchain worker'), toolchainSchemas, { error: (_code, message) => new Error(message) });
    thread.on('exit', () => {
      if (this.worker?.thread !== thread) return;
      this.worker = null;
      this.warming = null;
    });
    this.worker = { thread, calls };
    return this.worker;
  }
}
