import type { EventName, Params, RequestName, Result, StudioClient, StudioEvents } from '../../src-shared/protocol/api';
import type { ResponseMessage } from '../../src-shared/protocol/envelope';
import { decodeJson, encodeJson } from '../../src-shared/protocol/json-codec';
import { checkEvent, isEventName } from '../../src-shared/protocol/schemas';
import { RemoteError, unwrap } from './unwrap';

/** Browser mode: the StudioApi over the /rpc WebSocket; the token travels in the HttpOnly cookie. */
export function websocketClient(url: string, onStatus: (connected: boolean) => void = () => {}): StudioClient {
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const ws = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => {
      onStatus(true);
      resolve();
    });
    ws.addEventListener('error', () => reject(new RemoteError('disconnected', 'cannot reach the studio server')));
  });
  ws.addEventListener('close', () => {
    onStatus(false);
    for (const p of pending.values()) p.reject(new RemoteError('disconnected', 'the connection to the studio server closed'));
    pending.clear();
  });
  ws.addEventListener('message', (e) => {
    let m: { kind?: string; id?: number; event?: unknown; payload?: unknown };
    try {
      m = decodeJson(String(e.data)) as typeof m;
    } catch {
      return;
    }
    if (m.kind === 'response' && typeof m.id === 'number') {
      const p = pending.get(m.id);
      pending.delete(m.id);
      try {
        p?.resolve(unwrap(m as ResponseMessage));
      } catch (err) {
        p?.reject(err as Error);
      }
    } else if (m.kind === 'event' && isEventName(m.event) && checkEvent(m.event, m.payload)) {
      for (const l of listeners.get(m.event) ?? []) l(m.payload);
    }
  });

  return {
    async call<M extends RequestName>(method: M, params: Params<M>) {
      await opened;
      const id = nextId++;
      return new Promise<Result<M>>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(encodeJson({ kind: 'request', id, method, params }));
      });
    },
    on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}
