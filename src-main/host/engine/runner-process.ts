import { responder, type ReplyContext } from '../../../src-shared/protocol/channel';
import { parentProcessPort } from '../../channel-ports';
import { jcoTrapped } from '../jco-errors';
import { runnerSchemas, type RunnerProtocol } from './messages';
import { transpileComponent } from './transpile';
import { runInWorker, runsInFlight, stopRun, transpiled } from './run-in-worker';

/**
 * The runner: a child process that owns transpiled glue and compiled modules, and runs each
 * component in a worker thread of its own (run-in-worker.ts). Nothing a guest does reaches the studio's process.
 */
process.on('disconnect', () => process.exit(0));

/** Transpiles once per component; `fresh` tells the caller whether this request paid for it. */
async function transpileOnce(hash: string, name: string, bytes: Uint8Array, maxWasmMiB: number) {
  let t = transpiled.get(hash);
  const fresh = !t;
  if (!t) {
    t = transpileComponent(bytes, name, maxWasmMiB);
    transpiled.set(hash, t);
    t.catch(() => transpiled.delete(hash));
  }
  return { ...(await t), fresh };
}

/** jco cannot be used again in this process: end it once the failure's reply is out; the pool starts a fresh runner for the next request. */
async function endIfJcoTrapped<T>(ctx: ReplyContext<unknown>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (jcoTrapped() && runsInFlight() === 0) ctx.afterReply(() => process.exit(0));
    throw err;
  }
}

responder<RunnerProtocol>(parentProcessPort(), runnerSchemas, {
  transpile: (m, ctx) => endIfJcoTrapped(ctx, () => transpileOnce(m.hash, m.name, m.bytes, m.maxWasmMiB)),
  run: (m, ctx) => endIfJcoTrapped(ctx, () => runInWorker(m, (p) => ctx.progress(p))),
  stop: ({ runId }) => {
    stopRun(runId);
    return true;
  },
});
