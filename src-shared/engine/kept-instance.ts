import type { Grants } from '../capabilities/policy';
import type { Tracer } from '../capabilities/trace';
import type { ExecuteResult } from './execute';
import type { OutputCollector } from './output';
import type { Serving } from './run-command';

/**
 * Where a kept instance's imports write and trace: set to the current request's collector and
 * tracer before each request, so a reused instance's output and calls land in the request that
 * made them, never in the request that instantiated it.
 */
export interface RequestSink {
  output: OutputCollector;
  tracer: Tracer;
}

/** A handler instance a run worker keeps between reuse requests, with what its imports need per request. */
export interface KeptInstance {
  key: string;
  exports: unknown;
  serving: Serving;
  sink: RequestSink;
  memoryBytes: () => number;
  /** What the shim asked to release at the end of a run (src-shared/engine/contract.ts atEnd), done when the instance goes. */
  release(): void;
}

/**
 * The one instance a run worker keeps. One, not a map: the WorkerShelf hands workers back by
 * component, and a worker's memory (which its retirement rule counts) should hold one guest's,
 * not one per component it ever served. Keeping another component's instance drops this one.
 */
export class KeptInstances {
  private kept: KeptInstance | null = null;

  /** The kept instance for this key, taken out while it serves (a request that fails never gives it back). */
  take(key: string): KeptInstance | null {
    const k = this.kept;
    if (!k || k.key !== key) return null;
    this.kept = null;
    return k;
  }

  keep(k: KeptInstance): void {
    if (this.kept && this.kept !== k) this.kept.release();
    this.kept = k;
  }

  get held(): boolean {
    return this.kept !== null;
  }
}

/**
 * What an instance was made with: the component's modules (hash and memory cap), the grants its
 * imports enforce, whether they trace, and the response-body limit its request classes hold.
 */
export function keptKey(moduleKey: string, grants: Grants, trace: boolean, maxOutputBytes: number): string {
  return JSON.stringify([moduleKey, grants, trace, maxOutputBytes]);
}

/** Said once per component in the response's notice, when a reused instance could not answer and the request was served fresh. */
export const NOT_REUSABLE_NOTICE = 'this handler cannot answer twice from one instance (a StarlingMonkey handler cannot): serving each request in a fresh instance';

/**
 * The host's memory of components whose instances cannot be reused, the same in both engines: a
 * reuse request of such a component goes to the worker as a plain one, and the notice is said
 * once, with the response of the request that found it out.
 */
export class ReuseRefusals {
  private readonly refused = new Set<string>();

  /** The action to send for this component: without `reuse` once its handler is known not to answer twice. */
  action<A extends { kind: string; reuse?: true }>(component: string, action: A | undefined): A | undefined {
    if (!action?.reuse || !this.refused.has(component)) return action;
    const { reuse: _no, ...plain } = action;
    return plain as A;
  }

  /** The notice for a run's result: said the first time a worker reports the component cannot be reused. */
  heard(component: string, instance: ExecuteResult['instance']): string | undefined {
    if (instance !== 'not-reusable' || this.refused.has(component)) return undefined;
    this.refused.add(component);
    return NOT_REUSABLE_NOTICE;
  }
}

/** A result's notice field, present only when there is one. */
export const noticeOf = (notice: string | undefined): { notice?: string } => (notice ? { notice } : {});
