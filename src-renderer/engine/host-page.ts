import { fromBase64 } from '../../src-shared/protocol/json-codec';
import type { ComponentArtifacts, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { runInBrowser } from './browser-engine';

/**
 * The browser engine for headless use (the CLI's --engine browser): the same runInBrowser the UI
 * calls, reachable from Playwright. Core modules arrive as base64 because evaluate() carries JSON.
 */
type WireArtifacts = Omit<ComponentArtifacts, 'modules'> & { modules: Record<string, string> };
type OutputHook = (stream: string, text: string) => void;

declare global {
  interface Window {
    studioEngine: { run(runId: string, artifacts: WireArtifacts, settings: RunSettings): Promise<RunResult> };
    studioOutput?: OutputHook;
  }
}

window.studioEngine = {
  run(runId, wire, settings) {
    const modules = Object.fromEntries(Object.entries(wire.modules).map(([k, v]) => [k, fromBase64(v)]));
    return runInBrowser(runId, { ...wire, modules }, settings, (stream, text) => void window.studioOutput?.(stream, text));
  },
};
document.title = 'engine ready';
