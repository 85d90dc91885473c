import type { Engines } from '../../src-shared/engine/engine';
import type { StudioClient } from '../../src-shared/protocol/api';

/** What the store needs from outside, injected so the store runs in tests without a browser. */
export interface StoreDeps {
  client: StudioClient;
  /** The engines by name (src-renderer/engines.ts); the store never asks which one it holds. */
  engines: Engines;
  newRunId(): string;
}
