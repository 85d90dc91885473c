/** Phases of a run, in the order they happen; the timing panel draws them in this order. */
export const RUN_PHASES = ['prepare', 'transpile', 'compile', 'instantiate', 'run'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** Milliseconds per phase; a phase that did not happen is absent. */
export type PhaseTimings = Partial<Record<RunPhase, number>>;

export function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}
