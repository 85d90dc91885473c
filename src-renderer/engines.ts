import type { Engines } from '../src-shared/engine/engine';
import type { StudioClient } from '../src-shared/protocol/api';
import { nodeEngineOver } from './bridge/node-engine';
import { browserEngine } from './engine/engine';

/** The engines the UI runs in, by name: the one place that knows which is which. */
export function studioEngines(client: StudioClient): Engines {
  return {
    node: nodeEngineOver(client),
    browser: browserEngine(() => client.call('component.prepare', {})),
  };
}
