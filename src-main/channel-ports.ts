import type { ChildProcess } from 'node:child_process';
import type { MessagePort, Transferable, Worker } from 'node:worker_threads';
import type { Port } from '../src-shared/protocol/channel';

/** Node's transports as channel ports (src-shared/protocol/channel.ts), each side of each hop. */

type Listeners = Record<string, (...args: never[]) => void>;
type Emitter = { on(event: string, fn: (...args: unknown[]) => void): unknown; off(event: string, fn: (...args: unknown[]) => void): unknown };

/** Adds listeners to an emitter (a worker, a process, a port, a socket); the returned function removes them all. */
export function listenTo(emitter: Emitter, listeners: Listeners): () => void {
  const entries = Object.entries(listeners) as [string, (...args: unknown[]) => void][];
  for (const [event, fn] of entries) emitter.on(event, fn);
  return () => entries.forEach(([event, fn]) => emitter.off(event, fn));
}

/** The studio's (or the runner's) side of a worker thread: gone when the thread exits or throws. */
export function workerPort(worker: Worker, name: string): Port {
  return {
    post(message, transfer, sent) {
      worker.postMessage(message, transfer as readonly Transferable[] | undefined);
      sent?.();
    },
    listen: (receive, gone) =>
      listenTo(worker, {
        message: receive,
        error: (err: Error) => gone(`${name} failed: ${err.message}`),
        exit: (code: number) => gone(`${name} stopped (exit code ${code})`),
      }),
  };
}

/** A worker thread's side, towards the thread that started it (its parentPort). */
export function parentThreadPort(port: MessagePort): Port {
  return {
    post(message, transfer, sent) {
      port.postMessage(message, transfer as readonly Transferable[] | undefined);
      sent?.();
    },
    listen: (receive, gone) => listenTo(port, { message: receive, close: () => gone('the parent thread closed the port') }),
  };
}

/** The studio's side of a forked process (IPC with `serialization: 'advanced'`: bytes and BigInts cross as they are). */
export function childPort(child: ChildProcess, name: string): Port {
  return {
    post(message, _transfer, sent) {
      // With a callback, a send on a closed channel goes to it, not to an 'error' event nobody
      // hears (which would end the studio); the exit that follows rejects what was waiting.
      child.send(message as object, undefined, undefined, () => sent?.());
    },
    listen: (receive, gone) =>
      listenTo(child, {
        message: receive,
        exit: (code: number | null, signal: NodeJS.Signals | null) => gone(`${name} ended (${signal ?? `exit code ${code}`})`),
      }),
  };
}

/** A forked process's side, towards its parent. */
export function parentProcessPort(): Port {
  return {
    post(message, _transfer, sent) {
      process.send!(message, undefined, undefined, () => sent?.());
    },
    listen: (receive, gone) => listenTo(process, { message: receive, disconnect: () => gone('the parent process disconnected') }),
  };
}
