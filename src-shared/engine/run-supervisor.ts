import type { EndedBy } from './ended-run';

/** Both engines have timers; src-shared is compiled without DOM or Node types. */
const timers = globalThis as unknown as { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(timer: unknown): void };

/** What a supervisor does with the worker of a run: keep it for the next run, or end it. */
export interface SupervisedWorker {
  giveBack(): void;
  terminate(): void;
}

/** One run under supervision: settled once, by its worker's result or by its end. */
export interface Supervised<R> {
  result: Promise<R>;
  /** The worker reported: keep its result, and the worker too if `reusable`. */
  finish(result: R, reusable?: boolean): void;
  /** Stop, time limit or a lost worker: the worker is terminated first, then `ended` says what is left. */
  end(why: EndedBy): void;
}

/**
 * The part of running a guest in a worker that both engines share (src-main/host/engine/run-in-worker.ts,
 * src-renderer/engine/run-in-worker.ts): runs in flight by id, Stop (also one that arrives before
 * its run started), the time limit, and settling each run exactly once.
 */
export class RunSupervisor {
  private readonly running = new Map<string, (why: EndedBy) => void>();
  private readonly stopEarly = new Set<string>();

  /** Stops a run; one still being prepared is stopped as it would start. */
  stop(runId: string): void {
    const end = this.running.get(runId);
    if (end) end({ by: 'stopped' });
    else this.stopEarly.add(runId);
  }

  /** How many runs are in flight. */
  get active(): number {
    return this.running.size;
  }

  /** Whether Stop came for this run before it started (and forgets it). */
  stoppedBeforeStart(runId: string): boolean {
    return this.stopEarly.delete(runId);
  }

  supervise<R>(runId: string, timeoutMs: number, worker: SupervisedWorker, ended: (why: EndedBy) => R): Supervised<R> {
    let resolve!: (r: R) => void;
    const result = new Promise<R>((r) => (resolve = r));
    let settled = false;
    const finish = (r: R, reusable = false) => {
      if (settled) return;
      settled = true;
      timers.clearTimeout(timer);
      this.running.delete(runId);
      if (reusable) worker.giveBack();
      else worker.terminate();
      resolve(r);
    };
    const end = (why: EndedBy) => {
      if (settled) return;
      // Stopped first, so what `ended` reads (the run's journal) is as the guest left it.
      worker.terminate();
      finish(ended(why));
    };
    const timer = timers.setTimeout(() => end({ by: 'timedOut', timeoutMs }), timeoutMs);
    this.running.set(runId, end);
    return { result, finish, end };
  }
}
