import type { StudioClient } from '../../src-shared/protocol/api';
import type { StreamName } from '../../src-shared/engine/output';
import type { Action, Returned } from '../../src-shared/engine/run-command';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import type { PhaseTimings } from '../../src-shared/timing/phases';

/** What the store needs from outside, injected so the store runs in tests without a browser. */
export interface StoreDeps {
  client: StudioClient;
  browserEngine: {
    run(
      runId: string,
      artifacts: ComponentArtifacts,
      settings: RunSettings,
      onOutput: (s: StreamName, t: string) => void,
      action?: Action,
      onPhases?: (timings: PhaseTimings) => void,
    ): Promise<RunResult & { returned?: Returned }>;
    stop(runId: string): boolean;
  };
  newRunId(): string;
}
