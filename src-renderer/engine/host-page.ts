import { preparedFromWire, type WirePrepared } from '../../src-shared/engine/prepared-wire';
import type { ComponentArtifacts, RunResult } from '../../src-shared/protocol/types';
import type { CallableFunction } from '../../src-shared/engine/calls';
import { browserEngine } from './engine';
import { handledToWire, requestFromWire, type WireHandled, type WireRequest } from '../../src-shared/engine/http-wire';
import { stopRun } from './run-in-worker';

/**
 * The browser engine for headless use (the CLI's --engine browser): the same browser engine the UI
 * holds, reachable from Playwright. Core modules arrive as base64 because evaluate() carries JSON.
 */
type OutputHook = (stream: string, text: string) => void;

declare global {
  interface Window {
    studioEngine: {
      run(runId: string, prepared: WirePrepared): Promise<RunResult>;
      call(runId: string, prepared: WirePrepared, target: CallableFunction, args: string[]): Promise<RunResult>;
      handle(runId: string, prepared: WirePrepared, request: WireRequest): Promise<WireHandled>;
      stop(runId: string): Promise<boolean>;
    };
    studioOutput?: OutputHook;
  }
}

/** Artifacts this page already holds, by component hash: a warm page is sent only the hash. */
const loaded = new Map<string, ComponentArtifacts>();
const output = (stream: string, text: string) => void window.studioOutput?.(stream, text);

const engineFor = (wire: WirePrepared) => {
  const prepared = preparedFromWire(wire, loaded);
  return browserEngine(async () => prepared);
};

window.studioEngine = {
  run: (runId, wire) => engineFor(wire).run(runId, { onOutput: output }),
  // Arguments and result cross as WAVE text; the JS values (bigints, typed arrays) stay in the page.
  call: (runId, wire, target, args) => engineFor(wire).call(runId, target, args, { onOutput: output }),
  handle: async (runId, wire, request) => handledToWire(await engineFor(wire).handle(runId, requestFromWire(request), { onOutput: output })),
  stop: async (runId) => stopRun(runId),
};
document.title = 'engine ready';
