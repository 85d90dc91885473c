/** A run worker and what it already holds from earlier runs. */
export interface HeldWorker<W> {
  worker: W;
  /** Glue it has imported, and compiled-module sets it was sent (by component and memory cap). */
  glue: Set<string>;
  modules: Set<string>;
}

/** How an engine starts, stops and parks its kind of worker. */
export interface WorkerHooks<W> {
  start(): W;
  terminate(worker: W): void;
  /** Called as a worker leaves the shelf for a run, and as it comes back. */
  taken?(worker: W): void;
  returned?(worker: W): void;
}

/**
 * Workers waiting for a run, the same policy in both engines. One is started ahead of the next run
 * (its shim already loaded). A worker whose run ended normally comes back keeping the glue it
 * imported and the modules it was sent, so the next run of that component skips both; all of a
 * run's state lives in the glue's instantiate() call and the per-run import object, so nothing of
 * one run reaches the next (src-main/services/studio.test.ts checks this in both engines). A worker
 * that was stopped, timed out, crashed or failed is terminated by its engine, never given back.
 */
export class WorkerShelf<W> {
  private readonly idle: HeldWorker<W>[] = [];
  private readonly maxIdle: number;
  private readonly maxHeld: number;
  private readonly spare: boolean;

  constructor(
    private readonly hooks: WorkerHooks<W>,
    {
      maxIdle = 2,
      maxHeld = 8,
      spare = true,
    }: {
      /** One kept warm from the last run, one for a run that starts while another is going. */
      maxIdle?: number;
      /** Imported glue and sent modules are never dropped: a worker holding more than this is retired. */
      maxHeld?: number;
      /**
       * Whether taking the last idle worker starts another. Off where runs never overlap (a CLI
       * command's one run): there the spare was a whole worker started, ~0.25 s of CPU, for nothing.
       */
      spare?: boolean;
    } = {},
  ) {
    this.maxIdle = maxIdle;
    this.maxHeld = maxHeld;
    this.spare = spare;
  }

  /** Starts the spare worker ahead of the first run. */
  warm(): void {
    if (this.idle.length === 0) this.idle.push(this.fresh());
  }

  /** A worker for a run: preferably one that holds these modules, or this glue. */
  take(glue: string, modules: string): HeldWorker<W> {
    let i = this.idle.findIndex((w) => w.modules.has(modules));
    if (i < 0) i = this.idle.findIndex((w) => w.glue.has(glue));
    if (i < 0) i = this.idle.length - 1;
    const w = i >= 0 ? this.idle.splice(i, 1)[0]! : this.fresh();
    // A run that starts while this one goes on still finds a worker with its shim loaded.
    if (this.spare) this.warm();
    this.hooks.taken?.(w.worker);
    return w;
  }

  giveBack(w: HeldWorker<W>): void {
    this.hooks.returned?.(w.worker);
    if (w.glue.size > this.maxHeld || w.modules.size > this.maxHeld) return this.hooks.terminate(w.worker);
    this.idle.push(w);
    while (this.idle.length > this.maxIdle) this.hooks.terminate(this.idle.shift()!.worker);
  }

  /** A worker that died while waiting is no longer offered. */
  forget(worker: W): void {
    const i = this.idle.findIndex((w) => w.worker === worker);
    if (i >= 0) this.idle.splice(i, 1);
  }

  private fresh(): HeldWorker<W> {
    return { worker: this.hooks.start(), glue: new Set(), modules: new Set() };
  }
}
