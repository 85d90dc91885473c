import type { FromRunner, ToRunner } from './messages';
import { StudioError } from '../../../src-shared/protocol/envelope';
import { jcoTrapped } from '../jco-errors';
import { transpileComponent } from './transpile';
import { runInWorker, runsInFlight, stopRun, transpiled } from './run-in-worker';

/**
 * The runner: a child process that owns transpiled glue and compiled modules, and runs each
 * component in a worker thread of its own (run-in-worker.ts). Nothing a guest does reaches the studio's process.
 */
const send = (m: FromRunner) => process.send!(m);
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

process.on('message', async (m: ToRunner) => {
  try {
    let value: unknown;
    if (m.type === 'transpile') value = await transpileOnce(m.hash, m.name, m.bytes, m.maxWasmMiB);
    else if (m.type === 'run') value = await runInWorker(m, send);
    else {
      stopRun(m.runId);
      value = true;
    }
    send({ type: 'reply', id: m.id, ok: true, value });
  } catch (err) {
    const reply: FromRunner = { type: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err), code: err instanceof StudioError ? err.code : undefined };
    // jco cannot be used again in this process: end it once the reply is out; the pool starts a fresh runner for the next request.
    if (jcoTrapped() && runsInFlight() === 0) process.send!(reply, () => process.exit(0));
    else send(reply);
  }
});
