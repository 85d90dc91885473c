import { Tracer } from '../capabilities/trace';
import type { EngineName } from '../protocol/types';
import type { PhaseTimings } from '../timing/phases';
import type { KeptInstance } from './kept-instance';
import { OutputCollector } from './output';

/**
 * An HTTP handler instance made ahead of its request, in a run worker that waits for work: a fresh
 * instance all the same (it serves one request and is dropped), only its instantiation is off the
 * request's path. Its imports write and trace through a sink that is swapped for the request's own
 * before the handler runs, as a kept instance's is (kept-instance.ts).
 */
export interface AheadInstance extends KeptInstance {
  /** Compile and instantiate as they were measured when it was made. */
  timings: PhaseTimings;
}

/**
 * The next instance of a run worker, at most one. One component's: a request of another component
 * (or other grants: the key) drops it and instantiates afresh, as a worker without one does.
 */
export class AheadInstances {
  private next: { key: string; made: Promise<AheadInstance | null> } | null = null;

  /** The instance made for this key (waited for while it is being made), or null. Taken out: it serves once. */
  async take(key: string): Promise<AheadInstance | null> {
    const next = this.next;
    this.next = null;
    if (!next) return null;
    const made = await next.made;
    if (made && next.key !== key) {
      made.release();
      return null;
    }
    return made;
  }

  /** Starts making the next instance for this key; one already there (or being made) is dropped. */
  prepare(key: string, make: () => Promise<AheadInstance | null>): void {
    const old = this.next;
    this.next = { key, made: make().catch(() => null) };
    if (old) void old.made.then((m) => m?.release());
  }

  /** Once the instance in the making (if any) is made: a job never runs while another instance is being made in its worker. */
  async settled(): Promise<void> {
    await this.next?.made;
  }

  get held(): boolean {
    return this.next !== null;
  }
}

/**
 * Where an instance's imports write and trace while it is made ahead. Nothing may reach an import
 * then: no request owns the call, and a guest that calls out while it starts (a core start
 * function reading a clock) could otherwise be left spinning in an idle worker with no time limit.
 * The trace wrapper asks the tracer's clock before every call, so the call fails (and with it this
 * instantiation: the request then gets a fresh one made the ordinary way) before it is made.
 */
export function sinkWhileMadeAhead(engine: EngineName, now: () => number, maxOutputBytes: number): { output: OutputCollector; tracer: Tracer } {
  const tracer = new Tracer(engine, now);
  tracer.clock = () => {
    throw new Error('an import was called while the instance was made ahead of its request');
  };
  return { output: new OutputCollector(maxOutputBytes, now), tracer };
}
