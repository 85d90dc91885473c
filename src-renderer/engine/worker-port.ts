import type { Port } from '../../src-shared/protocol/channel';

/** The browser's worker transports as channel ports (src-shared/protocol/channel.ts); Node's are in src-main/channel-ports.ts. */

/** The page's side of a Web Worker. A worker has no exit event: an uncaught error or an unreadable message is its end. */
export function webWorkerPort(worker: Worker, name: string): Port {
  return {
    post(message, transfer, sent) {
      worker.postMessage(message, { transfer: (transfer ?? []) as Transferable[] });
      sent?.();
    },
    listen(receive, gone) {
      const onMessage = (e: MessageEvent) => receive(e.data);
      const onError = (e: ErrorEvent) => {
        e.preventDefault();
        gone(`${name} failed: ${e.message}`);
      };
      const onMessageError = () => gone(`a message from ${name} could not be read`);
      worker.addEventListener('message', onMessage);
      worker.addEventListener('error', onError);
      worker.addEventListener('messageerror', onMessageError);
      return () => {
        worker.removeEventListener('message', onMessage);
        worker.removeEventListener('error', onError);
        worker.removeEventListener('messageerror', onMessageError);
      };
    },
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
    listen(receive) {
      const onMessage = (e: MessageEvent) => receive(e.data);
      scope.addEventListener('message', onMessage);
      return () => scope.removeEventListener('message', onMessage);
    },
  };
}
