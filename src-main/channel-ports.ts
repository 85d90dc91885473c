import type { ChildProcess } from 'node:child_process';
import type { MessagePort, Transferable, Worker } from 'node:worker_threads';
import type { Port } from '../src-shared/protocol/channel';

/** Node's transports as channel ports (src-shared/protocol/channel.ts), each side of each hop. */

/** The studio's (or the runner's) side of a worker thread: gone when the thread exits or throws. */
export function workerPort(worker: Worker, name: string): Port {
  return {
    post(message, transfer, sent) {
      worker.postMessage(message, transfer as readonly Transferable[] | undefined);
      sent?.();
    },
    listen(receive, gone) {
      const onError = (err: Error) => gone(`${name} failed: ${err.message}`);
      const onExit = (code: number) => gone(`${name} stopped (exit code ${code})`);
      worker.on('message', receive);
      worker.on('error', onError);
      worker.on('exit', onExit);
      return () => {
        worker.off('message', receive);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
    },
  };
}

/** A worker thread's side, towards the thread that started it (its parentPort). */
export function parentThreadPort(port: MessagePort): Port {
  return {
    post(message, transfer, sent) {
      port.postMessage(message, transfer as readonly Transferable[] | undefined);
      sent?.();
    },
    listen(receive, gone) {
      const onClose = () => gone('the parent thread closed the port');
      port.on('message', receive);
      port.on('close', onClose);
      return () => {
        port.off('message', receive);
        port.off('close', onClose);
      };
    },
  };
}

/** The studio's side of a forked process (IPC with `serialization: 'advanced'`: bytes and BigInts cross as they are). */
export function childPort(child: ChildProcess, name: string): Port {
  return {
    post(message, _transfer, sent) {
      child.send(message as object, undefined, undefined, sent ? () => sent() : undefined);
    },
    listen(receive, gone) {
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => gone(`${name} ended (${signal ?? `exit code ${code}`})`);
      child.on('message', receive);
      child.on('exit', onExit);
      return () => {
        child.off('message', receive);
        child.off('exit', onExit);
      };
    },
  };
}

/** A forked process's side, towards its parent. */
export function parentProcessPort(): Port {
  return {
    post(message, _transfer, sent) {
      process.send!(message, undefined, undefined, sent ? () => sent() : undefined);
    },
    listen(receive, gone) {
      const onDisconnect = () => gone('the parent process disconnected');
      process.on('message', receive);
      process.on('disconnect', onDisconnect);
      return () => {
        process.off('message', receive);
        process.off('disconnect', onDisconnect);
      };
    },
  };
}
