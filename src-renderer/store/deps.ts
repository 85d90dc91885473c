import type { StudioClient } from '../../src-shared/protocol/api';

/** What the store needs from outside, injected so the store runs in tests without a browser. */
export interface StoreDeps {
  client: StudioClient;
  /** The browser engine's run and stop (their types only: tests pass their own). */
  browserEngine: {
    run: typeof import('../engine/browser-engine').runInBrowser;
    stop: typeof import('../engine/browser-engine').stopBrowserRun;
  };
  newRunId(): string;
}
