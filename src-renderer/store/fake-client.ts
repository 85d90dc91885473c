import type { EventName, RequestName, StudioClient, StudioEvents } from '../../src-shared/protocol/api';
import type { Engine, Engines } from '../../src-shared/engine/engine';
import { nodeEngineOver } from '../bridge/node-engine';
import { createStudioStore } from './store';

type Handlers = Record<string, (params: Record<string, string>) => unknown>;

/**
 * For the store's tests: a client answering from `handlers` (an unknown request throws), recording
 * every call, with `emit` to push events; and a store over it with no browser engine.
 */
export function storeOverFakeClient(handlers: Handlers) {
  const calls: { method: RequestName; params: Record<string, unknown> }[] = [];
  const listeners = new Map<string, ((p: unknown) => void)[]>();
  const client: StudioClient = {
    async call(method, params) {
      calls.push({ method, params: params as Record<string, unknown> });
      const h = handlers[method];
      if (!h) throw new Error(`unexpected call ${method}`);
      return h(params as Record<string, string>) as never;
    },
    on<E extends EventName>(event: E, listener: (p: StudioEvents[E]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener as (p: unknown) => void]);
      return () => {};
    },
  };
  const store = createStudioStore({ client, engines: testEngines(client), newRunId: () => 'r' });
  const emit = <E extends EventName>(event: E, payload: StudioEvents[E]) => listeners.get(event)?.forEach((l) => l(payload));
  return { store, client, calls, emit };
}

/** The store's engines in tests: the Node engine over the (fake) client, and no browser engine (a run there fails, saying so). */
export function testEngines(client: StudioClient): Engines {
  const none = async (): Promise<never> => {
    throw new Error('no browser engine in the store tests');
  };
  const browser: Engine = { name: 'browser', prepare: none, run: none, call: none, handle: none, stop: async () => false };
  return { node: nodeEngineOver(client), browser };
}
