import { fromBase64 } from '../../src-shared/protocol/json-codec';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import type { CallableFunction } from '../../src-shared/engine/calls';
import { browserEngine } from './engine';
import { handledToWire, requestFromWire, type WireHandled, type WireRequest } from '../../src-shared/engine/http-wire';
import { stopRun } from './run-in-worker';

/**
 * The browser engine for headless use (the CLI's --engine browser): the same browser engine the UI
 * holds, reachable from Playwright. Core modules arrive as base64 because evaluate() carries JSON.
 */
type WireArtifacts = Omit<ComponentArtifacts, 'modules'> & { modules: Record<string, string> };
type OutputHook = (stream: string, text: string) => void;

declare global {
  interface Window {
    studioEngine: {
      run(runId: string, artifacts: WireArtifacts | string, settings: RunSettings): Promise<RunResult>;
      call(runId: string, artifacts: WireArtifacts | string, settings: RunSettings, target: CallableFunction, args: string[]): Promise<RunResult>;
      handle(runId: string, artifacts: WireArtifacts | string, settings: RunSettings, request: WireRequest): Promise<WireHandled>;
      stop(runId: string): Promise<boolean>;
    };
    studioOutput?: OutputHook;
  }
}

/** Artifacts this page already holds, by component hash: a warm page is sent only the hash. */
const loaded = new Map<string, ComponentArtifacts>();
const unwire = (wire: WireArtifacts | string): ComponentArtifacts => {
  if (typeof wire === 'string') {
    const known = loaded.get(wire);
    if (!known) throw new Error(`the engine page does not hold component ${wire}`);
    return known;
  }
  const artifacts = { ...wire, modules: Object.fromEntries(Object.entries(wire.modules).map(([k, v]) => [k, fromBase64(v)])) };
  loaded.set(wire.hash, artifacts);
  return artifacts;
};
const output = (stream: string, text: string) => void window.studioOutput?.(stream, text);

const engineFor = (wire: WireArtifacts | string, settings: RunSettings) => browserEngine(async () => ({ artifacts: unwire(wire), settings }));

window.studioEngine = {
  run: (runId, wire, settings) => engineFor(wire, settings).run(runId, { onOutput: output }),
  // Arguments and result cross as WAVE text; the JS values (bigints, typed arrays) stay in the page.
  call: (runId, wire, settings, target, args) => engineFor(wire, settings).call(runId, target, args, { onOutput: output }),
  handle: async (runId, wire, settings, request) => handledToWire(await engineFor(wire, settings).handle(runId, requestFromWire(request), { onOutput: output })),
  stop: async (runId) => stopRun(runId),
};
document.title = 'engine ready';
