import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { denyAll, resolveGrants } from '../../../src-shared/capabilities/policy';
import { StudioError } from '../../../src-shared/protocol/studio-error';
import { RunnerPool, type RunJob } from './runner-pool';

/**
 * The studio's side of the runner hop against a runner that misbehaves on purpose (a plain script
 * speaking the channel's wire format): what it sends is checked where the studio receives it, a
 * malformed message never reaches the caller, and a runner that dies fails what was in flight.
 */
const dir = mkdtempSync(join(tmpdir(), 'studio-fake-runner-'));
const entry = join(dir, 'runner.mjs');
writeFileSync(
  entry,
  `
const reply = (id, result) => process.send({ kind: 'response', id, ok: true, result });
const run = { exitCode: 0, error: null, stdout: 'hi', stderr: '', truncated: false, timings: { run: 1 }, trace: [], traceCounts: {},
  memoryBytes: 0, timedOut: false, stopped: false, workerMs: 1, reusedWorker: false };
process.on('message', (m) => {
  if (m.method === 'transpile') {
    if (m.params.name === 'malformed') return reply(m.id, { wit: 1, glue: '', modules: {}, transpileMs: 0 });
    if (m.params.name === 'refused') return process.send({ kind: 'response', id: m.id, ok: false, error: { code: 'too-large', message: 'too large' } });
    return reply(m.id, { wit: '', glue: 'x', modules: { 'a.wasm': new Uint8Array([0, 97, 115, 109]) }, transpileMs: 2, fresh: true });
  }
  if (m.method === 'run') {
    if (m.params.runId === 'die') return process.exit(3);
    process.send({ kind: 'progress', id: m.id, payload: { type: 'output', stream: 'stdout', text: 42 } });
    process.send({ kind: 'progress', id: m.id, payload: { type: 'output', stream: 'stdout', text: 'hi' } });
    process.send({ kind: 'progress', id: m.id, payload: { type: 'phases', timings: { instantiate: 1 } } });
    process.send({ kind: 'response', id: 12345, ok: true, result: null });
    process.send('junk');
    return reply(m.id, run);
  }
  reply(m.id, true);
});
process.on('disconnect', () => process.exit(0));
`,
);

const pools: RunnerPool[] = [];
const newPool = () => {
  const pool = new RunnerPool(1, entry);
  pools.push(pool);
  return pool;
};
let warn: MockInstance<(...a: unknown[]) => void>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => {
  pools.splice(0).forEach((p) => p.dispose());
  warn.mockRestore();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job = (runId: string): RunJob => ({
  runId,
  hash: 'h1',
  name: 'c',
  bytes: new Uint8Array([0, 97, 115, 109]),
  grants: resolveGrants(denyAll(), 'c', {}),
  maxOutputBytes: 1024,
  maxMemoryMiB: 64,
  maxWasmMiB: 64,
  timeoutMs: 1000,
  trace: false,
});

describe('RunnerPool over the channel', () => {
  it('rejects a malformed reply with what is wrong in it, and the runner goes on serving', async () => {
    const pool = newPool();
    await expect(pool.transpile('h0', 'malformed', new Uint8Array(4), 64)).rejects.toThrow(/^malformed reply to transpile: .*wit/s);
    await expect(pool.transpile('h1', 'fine', new Uint8Array(4), 64)).resolves.toMatchObject({ glue: 'x', transpileMs: 2 });
  });

  it('hands the caller only well-formed progress, and reports the rest without stopping the run', async () => {
    const pool = newPool();
    const output: string[] = [];
    const phases: unknown[] = [];
    const reply = await pool.run(job('r1'), (stream, text) => output.push(`${stream}:${text}`), (t) => phases.push(t));
    expect(reply).toMatchObject({ exitCode: 0, stdout: 'hi', timings: { transpile: 2, run: 1 } });
    expect(output).toEqual(['stdout:hi']);
    expect(phases).toEqual([{ transpile: 2, instantiate: 1 }]);
    const problems = warn.mock.calls.map((c) => String(c[0]));
    expect(problems).toEqual([
      expect.stringMatching(/malformed progress of run/),
      expect.stringMatching(/a response for no request in flight \(id 12345\)/),
      expect.stringMatching(/not a message: junk/),
    ]);
  });

  it("keeps a refusal's code, and fails a request in flight when the runner dies; the next request gets a new runner", async () => {
    const pool = newPool();
    await expect(pool.run(job('r0'))).resolves.toMatchObject({ exitCode: 0 });
    // A refusal in the runner arrives as a StudioError with the runner's code.
    await expect(pool.transpile('h2', 'refused', new Uint8Array(4), 64)).rejects.toEqual(new StudioError('too-large', 'too large'));
    const [first] = pool.pids();
    await expect(pool.run(job('die'))).rejects.toThrow('the Node runner process ended (exit code 3); it will be restarted');
    await expect(pool.run(job('r2'))).resolves.toMatchObject({ exitCode: 0 });
    expect(pool.pids()).toHaveLength(1);
    expect(pool.pids()[0]).not.toBe(first);
  });
});
