import { contextBridge, ipcRenderer } from 'electron';
import type { EventName, StudioEvents } from '../../src-shared/protocol/api';
import type { RequestMessage, ResponseMessage } from '../../src-shared/protocol/envelope';

// Channel names repeated rather than imported: a sandboxed preload is bundled alone
// (preload.test.ts checks they equal src-main/app/ipc-channels.ts).
const REQUEST = 'studio:request';
const EVENT = 'studio:event';

let nextId = 1;
const listeners = new Map<string, Set<(payload: unknown) => void>>();

// The page never sees the IpcRendererEvent (its `sender` is ipcRenderer itself): only the payload.
ipcRenderer.on(EVENT, (_event, m: unknown) => {
  if (typeof m !== 'object' || m === null) return;
  const { event, payload } = m as { event?: unknown; payload?: unknown };
  if (typeof event !== 'string') return;
  for (const l of listeners.get(event) ?? []) l(payload);
});

/**
 * Exactly the StudioApi client surface (StudioClient): one call and one subscription. No raw
 * ipcRenderer, no channel name chosen by the page; main checks the sender and validates
 * every message.
 */
const studioBridge = {
  call: (method: RequestMessage['method'], params: unknown): Promise<ResponseMessage> =>
    ipcRenderer.invoke(REQUEST, { kind: 'request', id: nextId++, method, params } satisfies RequestMessage),
  on: <E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void): (() => void) => {
    if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('on(event, listener)');
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    listeners.set(event, set);
    return () => {
      set.delete(listener as (p: unknown) => void);
    };
  },
};

contextBridge.exposeInMainWorld('studioBridge', studioBridge);
