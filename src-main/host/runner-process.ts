import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { FromRunner, FromWorker, RunReply, ToRunner, ToWorker } from './messages';
import { stoppedBeforeStart } from './stopped';
import { capMemory, mibToPages } from '../../src-shared/engine/memory-limit';
import { roundMs } from '../../src-shared/timing/phases';
import { transpileComponent } from './transpile';

/**
 * The runner: a child process that owns transpiled glue and compiled modules, and runs each
 * component in a worker thread of its own. Nothing a guest does reaches the studio's process.
 */
// QuickJS components (componentize-qjs, sync output) use extended constant expressions, on by
// default from Node 22 (and in Chromium) but behind a flag in Node 20. Set before any compile.
if (Number(process.versions.node.split('.')[0]) < 22) setFlagsFromString('--experimental-wasm-extended-const');

const send = (m: FromRunner) => process.send!(m);
const glueDir = mkdtempSync(join(tmpdir(), 'component-studio-glue-'));
process.on('exit', () => rmSync(glueDir, { recursive: true, force: true }));
process.on('disconnect', () => process.exit(0));

interface Prepared {
  glueUrl: string;
  modules: Record<string, WebAssembly.Module>;
  compileMs: number;
}
const prepared = new Map<string, Promise<Prepared>>();
const transpiled = new Map<string, ReturnType<typeof transpileComponent>>();
const running = new Map<string, (why: 'stopped' | 'timedOut') => void>();
/** Stops that arrived while their run was still being prepared: honoured as soon as it would start. */
const stopEarly = new Set<string>();

/** Transpiles once per component; `fresh` tells the caller whether this request paid for it. */
async function transpileOnce(hash: string, name: string, bytes: Uint8Array) {
  let t = transpiled.get(hash);
  const fresh = !t;
  if (!t) {
    t = transpileComponent(bytes, name);
    transpiled.set(hash, t);
    t.catch(() => transpiled.delete(hash));
  }
  return { ...(await t), fresh };
}

/** Glue written once per component; modules compiled once per component and memory cap. */
function prepare(hash: string, maxMemoryMiB: number): Promise<Prepared> {
  const key = `${hash}:${maxMemoryMiB}`;
  let p = prepared.get(key);
  if (!p) {
    const t = transpiled.get(hash);
    if (!t) throw new Error('component not transpiled in this runner');
    p = t.then(async ({ glue, modules }) => {
      const file = join(glueDir, `${hash}.mjs`);
      writeFileSync(file, glue);
      const compiled: Record<string, WebAssembly.Module> = {};
      const pages = mibToPages(maxMemoryMiB);
      const t = performance.now();
      for (const [name, bytes] of Object.entries(modules)) compiled[name] = await WebAssembly.compile(capMemory(bytes, pages).bytes);
      return { glueUrl: pathToFileURL(file).href, modules: compiled, compileMs: performance.now() - t };
    });
    prepared.set(key, p);
    p.catch(() => prepared.delete(key));
  }
  return p;
}

const workerUrl = new URL('./run-worker.js', import.meta.url);
let spare: Worker | null = null;
function takeWorker(): Worker {
  const w = spare ?? new Worker(workerUrl);
  spare = new Worker(workerUrl);
  spare.unref();
  w.ref();
  return w;
}
spare = new Worker(workerUrl);
spare.unref();

async function run(m: Extract<ToRunner, { type: 'run' }>): Promise<RunReply> {
  const cold = !prepared.has(`${m.hash}:${m.maxMemoryMiB}`);
  const { glueUrl, modules, compileMs } = await prepare(m.hash, m.maxMemoryMiB);
  if (stopEarly.delete(m.runId)) return stoppedBeforeStart();
  const started = performance.now();
  const worker = takeWorker();
  return new Promise<RunReply>((resolve) => {
    let settled = false;
    const finish = (r: Omit<RunReply, 'workerMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      running.delete(m.runId);
      void worker.terminate();
      resolve({ ...r, workerMs: performance.now() - started });
    };
    // What the guest printed before a kill is kept: it is often the clue to why it hung.
    const partial = { stdout: '', stderr: '' };
    const empty = { exitCode: null, truncated: false, timings: {}, trace: [], traceCounts: {}, memoryBytes: 0 };
    const kill = (why: 'stopped' | 'timedOut') =>
      finish({
        ...empty,
        ...partial,
        error: why === 'timedOut' ? `timed out after ${m.timeoutMs} ms` : 'stopped by the user',
        timedOut: why === 'timedOut',
        stopped: why === 'stopped',
      });
    const timer = setTimeout(() => kill('timedOut'), m.timeoutMs);
    running.set(m.runId, kill);
    worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'output') {
        partial[msg.stream] += msg.text;
        send({ type: 'output', runId: m.runId, stream: msg.stream, text: msg.text });
      }
      else {
        // The worker's "compile" is a lookup of modules compiled here: report the real compile, and only when this run paid it.
        const { compile: _lookup, ...timings } = msg.result.timings;
        finish({ ...msg.result, timings: cold ? { compile: roundMs(compileMs), ...timings } : timings, timedOut: false, stopped: false });
      }
    });
    worker.on('error', (err) => finish({ ...empty, ...partial, error: `the run worker failed: ${err.message}`, timedOut: false, stopped: false }));
    worker.on('exit', () => finish({ ...empty, ...partial, error: 'the run worker exited unexpectedly', timedOut: false, stopped: false }));
    const job: ToWorker = { glueUrl, modules, grants: m.grants, maxOutputBytes: m.maxOutputBytes, trace: m.trace, action: m.action };
    worker.postMessage(job);
  });
}

process.on('message', async (m: ToRunner) => {
  try {
    let value: unknown;
    if (m.type === 'transpile') value = await transpileOnce(m.hash, m.name, m.bytes);
    else if (m.type === 'run') value = await run(m);
    else {
      const kill = running.get(m.runId);
      if (kill) kill('stopped');
      else stopEarly.add(m.runId);
      value = true;
    }
    send({ type: 'reply', id: m.id, ok: true, value });
  } catch (err) {
    send({ type: 'reply', id: m.id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
});
