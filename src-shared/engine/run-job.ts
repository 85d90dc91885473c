import type { Grants } from '../capabilities/policy';
import type { EngineName } from '../protocol/types';
import type { EngineShim, FileTree } from './contract';
import { executeRun, instanceAhead, type ExecuteOptions, type ExecuteResult } from './execute';
import type { StreamName } from './output';
import type { PhaseTimings } from '../timing/phases';
import type { Action, Instantiate } from './run-command';
import type { LinkedMember, MemberWires } from './link';
import type { CrossCalls } from '../protocol/composition';
import { keptKey, type KeptInstances } from './kept-instance';
import type { AheadInstances } from './ahead-instance';

/** What a run worker receives in either engine, whatever else its transport adds. */
export interface RunJob {
  /** The component's compiled modules (its hash and memory cap). */
  key: string;
  modules: Record<string, unknown>;
  grants: Grants;
  snapshots?: Record<string, FileTree>;
  maxOutputBytes: number;
  trace: boolean;
  action?: Action;
  /** The run's journal (src-shared/engine/run-journal.ts), or null where shared memory is unavailable. */
  journal: ArrayBufferLike | null;
  /** In a composition: the root's member name and wires (the members before it travel as each engine's LinkedJobs). */
  link?: { member: string; wires: MemberWires };
}

/**
 * A member linked before the root, as a run worker receives it: `glue` is the engine's own way
 * to its glue (a file URL in Node; a hash and the text unless the worker holds it, in the browser).
 */
export interface LinkedJob<Glue, Module> {
  name: string;
  glue: Glue;
  /** The member's compiled modules' key; null modules: the worker holds them from an earlier run. */
  key: string;
  modules: Record<string, Module> | null;
  grants: Grants;
  snapshots?: Record<string, FileTree>;
  wires: MemberWires;
}

/**
 * The linked members of a job, ready to instantiate in a run worker: glue imported the engine's
 * way, modules taken from the job or from what the worker kept of an earlier run.
 */
export async function linkedMembers<Glue, Module>(
  jobs: LinkedJob<Glue, Module>[],
  importGlue: (glue: Glue) => Promise<{ instantiate: Instantiate }>,
  modulesByKey: Map<string, Record<string, Module>>,
): Promise<LinkedMember[]> {
  return Promise.all(
    jobs.map(async (j) => {
      if (j.modules) modulesByKey.set(j.key, j.modules);
      const modules = modulesByKey.get(j.key);
      if (!modules) throw new Error(`the run worker holds no modules for ${j.name} (${j.key})`);
      const { instantiate } = await importGlue(j.glue);
      return { name: j.name, instantiate, grants: j.grants, snapshots: j.snapshots, wires: j.wires, compile: async (file: string) => modules[file] ?? missingModule(file) };
    }),
  );
}

function missingModule(name: string): never {
  throw new Error(`the glue asked for an unknown core module ${name}`);
}

/** What a run worker posts while its run goes on, in either engine. */
export type RunProgress = { type: 'output'; stream: StreamName; text: string } | { type: 'phases'; timings: PhaseTimings } | { type: 'calls'; calls: CrossCalls[] };

/** What a run worker brings to a job besides the job itself. */
export interface JobEngine {
  name: EngineName;
  shim: EngineShim;
  instantiate: Instantiate;
  now: () => number;
  post: (m: RunProgress) => void;
  /** The members linked before this one (linkedMembers), in a composition. */
  linked?: LinkedMember[];
  /** The worker's kept handler instance (reuse mode), for as long as the worker lives. */
  kept?: KeptInstances;
  /** The worker's next handler instance, made while it waits (fresh mode), for as long as the worker lives. */
  ahead?: AheadInstances;
}

/** The body of both engines' run workers: the job, run with that engine's shim and clock, its progress posted as it comes. */
export function executeJob(job: RunJob, engine: JobEngine): Promise<ExecuteResult> {
  return executeRun(optionsOf(job, engine));
}

/**
 * After a job that ended well, the instance for the next job like it, made now while the worker
 * waits (src-shared/engine/ahead-instance.ts); nothing for jobs an instance made ahead cannot serve.
 */
export function prepareAhead(job: RunJob, engine: JobEngine): void {
  // The job's journal belongs to the run that ended; the next run brings its own.
  const o = optionsOf({ ...job, journal: null }, { ...engine, post: () => {} });
  if (!o.ahead) return;
  o.ahead.instances.prepare(o.ahead.key, () => instanceAhead(o));
}

function optionsOf(job: RunJob, engine: JobEngine): ExecuteOptions {
  const key = keptKey(job.key, job.grants, job.trace, job.maxOutputBytes);
  return {
    engine: engine.name,
    shim: engine.shim,
    instantiate: engine.instantiate,
    // Modules arrive compiled (and memory-capped) from the engine's host: the glue only looks them up.
    compile: async (name) => {
      return job.modules[name] ?? missingModule(name);
    },
    grants: job.grants,
    snapshots: job.snapshots,
    maxOutputBytes: job.maxOutputBytes,
    trace: job.trace,
    action: job.action,
    journal: job.journal,
    ...(job.link ? { link: { ...job.link, linked: engine.linked ?? [] } } : {}),
    ...(engine.kept ? { kept: { instances: engine.kept, key } } : {}),
    ...(engine.ahead ? { ahead: { instances: engine.ahead, key } } : {}),
    now: engine.now,
    onOutput: (stream, text) => engine.post({ type: 'output', stream, text }),
    onPhases: (timings) => engine.post({ type: 'phases', timings }),
    onCalls: (calls) => engine.post({ type: 'calls', calls }),
  };
}
