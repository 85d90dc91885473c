import { fromBase64 } from '../../src-shared/protocol/json-codec';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { argsToJs, returnedToWave, type CallableFunction } from '../../src-shared/engine/calls';
import { runInBrowser } from './browser-engine';

/**
 * The browser engine for headless use (the CLI's --engine browser): the same runInBrowser the UI
 * calls, reachable from Playwright. Core modules arrive as base64 because evaluate() carries JSON.
 */
type WireArtifacts = Omit<ComponentArtifacts, 'modules'> & { modules: Record<string, string> };
type OutputHook = (stream: string, text: string) => void;

declare global {
  interface Window {
    studioEngine: {
      run(runId: string, artifacts: WireArtifacts | string, settings: RunSettings): Promise<RunResult>;
      call(runId: string, artifacts: WireArtifacts | string, settings: RunSettings, target: CallableFunction, args: string[]): Promise<RunResult>;
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

window.studioEngine = {
  async run(runId, wire, settings) {
    const { returned: _none, ...result } = await runInBrowser(runId, unwire(wire), settings, output);
    return result;
  },
  // Arguments and result cross as WAVE text; the JS values (bigints, typed arrays) stay in the page.
  async call(runId, wire, settings, target, args) {
    const js = argsToJs(args, target.fn);
    if (!js.ok) throw new Error(js.error);
    const { returned, ...result } = await runInBrowser(runId, unwire(wire), settings, output, { kind: 'call', path: target.path, args: js.values });
    return { ...result, value: returned ? returnedToWave(returned, target.fn) : null };
  },
};
document.title = 'engine ready';
