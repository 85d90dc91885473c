import { contextBridge, ipcRenderer } from 'electron';
import type { EventName, StudioEvents } from '../../src-shared/protocol/api';
import type { RequestMessage } from '../../src-shared/protocol/envelope';

// Channel names repeated rather than imported: a sandboxed preload is bundled alone.
const REQUEST = 'studio:request';
const EVENT = 'studio:event';

let nextId = 1;
const listeners = new Map<string, Set<(payload: unknown) => void>>();
ipcRenderer.on(EVENT, (_e, m: { event: string; payload: unknown }) => {
  for (const l of listeners.get(m.event) ?? []) l(m.payload);
});

/** Exactly the StudioApi: one call and one subscription; no raw ipcRenderer reaches the page. */
contextBridge.exposeInMainWorld('studioBridge', {
  call: (method: RequestMessage['method'], params: unknown) =>
    ipcRenderer.invoke(REQUEST, { kind: 'request', id: nextId++, method, params } satisfies RequestMessage),
  on: <E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void) => {
    const set = listeners.get(event) ?? new Set();
    set.add(listener as (p: unknown) => void);
    listeners.set(event, set);
    return () => set.delete(listener as (p: unknown) => void);
  },
});
