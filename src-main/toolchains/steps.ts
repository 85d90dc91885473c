import type { BuildStep } from '../../src-shared/protocol/types';

export type StepReporter = (step: BuildStep) => void;

/** Build steps kept for the result and reported as each one ends, so the timing panel grows while a build runs. */
export function stepLog(report: StepReporter = () => {}): { steps: BuildStep[]; done(name: string, since: number): void } {
  const steps: BuildStep[] = [];
  return {
    steps,
    done(name, since) {
      const step = { name, ms: performance.now() - since };
      steps.push(step);
      report(step);
    },
  };
}
