import type { Port } from '../../src-shared/protocol/channel';

/** The browser's worker transports as channel ports (src-shared/protocol/channel.ts); Node's are in src-main/channel-ports.ts. */

type Listeners = Record<string, (event: never) => void>;

/** Adds listeners to an event target; the returned function removes them all. */
export function listenTo(target: EventTarget, listeners: Listeners): () => void {
  const entries = Object.entries(listeners) as [string, EventListener][];
  for (const [event, fn] of entries) target.addEventListener(event, fn);
  return () => entries.forEach(([event, fn]) => target.removeEventListener(event, fn));
}

/** The page's side of a Web Worker. A worker has no exit event: an uncaught error or an unreadable message is its end. */
export function webWorkerPort(worker: Worker, name: string): Port {
  return {
    post(message, transfer, sent) {
      worker.postMessage(message, { transfer: (transfer ?? []) as Transferable[] });
      sent?.();
    },
    listen: (receive, gone) =>
      listenTo(worker, {
        message: (e: MessageEvent) => receive(e.data),
        error: (e: ErrorEvent) => {
          e.preventDefault();
          gone(`${name} failed: ${e.message}`);
        },
        messageerror: () => gone(`a message from ${name} could not be read`),
      }),
  };
}

/** A worker's side, towards the page that started it. */
export function workerScopePort(): Port {
  const scope = self as unknown as Worker;
  return {
    post(message, transfer, sent) {
      scope.postMessage(message, { transfer: (transfer ?? []) as Transferable[] });
      sent?.();
    },
    listen: (receive) => listenTo(scope, { message: (e: MessageEvent) => receive(e.data) }),
  };
}
