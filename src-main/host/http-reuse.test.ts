// Reuse mode of Engine.handle in the Node engine, seen from the host: a C handler with a static
// counter (src-main/cli/fixtures/http-counter) answers 1 to every request in a fresh instance and
// 1, 2, 3… from a reused one; a reused instance's output and trace are the request's own; a trap
// discards the instance; a StarlingMonkey handler, which cannot answer twice, is served fresh with
// a notice once. Both fixtures are built with the studio's toolchains first.
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denyAll, resolveGrants, type Policy } from '../../src-shared/capabilities/policy';
import type { Engine, HandledResult } from '../../src-shared/engine/engine';
import type { HttpRequest } from '../../src-shared/engine/http-handler';
import { NOT_REUSABLE_NOTICE } from '../../src-shared/engine/kept-instance';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import { appRoot } from '../paths';
import { nodeEngine } from './engine/engine';
import { RunnerPool } from './engine/runner-pool';

const run = promisify(execFile);
const cli = join(appRoot, 'bin/component-studio.js');
const dir = mkdtempSync(join(tmpdir(), 'http-reuse-'));
const pool = new RunnerPool();
const built: Record<string, Uint8Array> = {};

async function build(from: string, name: string): Promise<void> {
  const project = join(dir, name);
  cpSync(join(appRoot, from), project, { recursive: true, filter: (p) => !p.includes('/build') });
  const { stdout } = await run(process.execPath, [cli, 'build', project], { timeout: 300_000 });
  built[name] = readFileSync(stdout.trim());
}

beforeAll(async () => {
  await Promise.all([build('src-main/cli/fixtures/http-counter', 'http-counter'), build('samples/http-hello', 'http-hello')]);
}, 320_000);

afterAll(() => {
  pool.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** A Node engine over one built component, its own pool worker set; `limits` may be tightened per test. */
function engineOf(name: string, limits = DEFAULT_LIMITS): Engine {
  const bytes = built[name]!;
  // A hash per engine: each test starts with no kept instance and nothing remembered of the component.
  const hash = createHash('sha256').update(bytes).update(randomUUID()).digest('hex');
  const policy = JSON.parse(readFileSync(join(dir, name, 'studio.json'), 'utf8')).policy as Partial<Policy>;
  const settings = { grants: resolveGrants({ ...denyAll(), ...policy }, name, {}), limits, trace: true, snapshots: {} };
  return nodeEngine(pool, async () => ({ hash, name, bytes, settings }));
}

const get = (path: string): HttpRequest => ({ method: 'GET', path, headers: [], body: new Uint8Array(), authority: 'localhost', scheme: 'http' });
const text = (r: HandledResult) => (r.response ? new TextDecoder().decode(r.response.body) : `no response: ${r.error}`);

/** Requests one after another, so each finds the worker (and the instance) the one before gave back. */
async function inTurn(engine: Engine, paths: string[], reuse: boolean): Promise<HandledResult[]> {
  const out: HandledResult[] = [];
  for (const p of paths) out.push(await engine.handle(randomUUID(), get(p), {}, { reuse }));
  return out;
}

describe('a C handler with a static counter', () => {
  it('answers 1 every time in a fresh instance (the default): no request sees what another left', async () => {
    const rs = await inTurn(engineOf('http-counter'), ['/', '/', '/', '/'], false);
    expect(rs.map(text)).toEqual(['seen 1\n', 'seen 1\n', 'seen 1\n', 'seen 1\n']);
    expect(rs.map((r) => r.reusedInstance ?? false)).toEqual([false, false, false, false]);
    for (const r of rs) expect(r.timings.instantiate).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('answers 1, 2, 3… from a reused instance, with no instantiate phase after the first', async () => {
    const rs = await inTurn(engineOf('http-counter'), ['/', '/', '/', '/'], true);
    expect(rs.map(text)).toEqual(['seen 1\n', 'seen 2\n', 'seen 3\n', 'seen 4\n']);
    expect(rs.map((r) => r.reusedInstance ?? false)).toEqual([false, true, true, true]);
    expect(rs[0]!.timings.instantiate).toBeGreaterThanOrEqual(0);
    for (const r of rs.slice(1)) expect(r.timings.instantiate).toBeUndefined();
  }, 60_000);

  it("gives each reused request its own output and trace, never the first request's", async () => {
    const rs = await inTurn(engineOf('http-counter'), ['/', '/', '/'], true);
    expect(rs.map((r) => r.stdout)).toEqual(['request 1\n', 'request 2\n', 'request 3\n']);
    // Each request's trace holds its own calls (its stdout write among them), and the same number of them.
    const writes = (r: HandledResult) => r.trace.filter((t) => t.interface.startsWith('wasi:io/streams') || t.interface.startsWith('wasi:cli/stdout'));
    for (const r of rs) expect(writes(r).length).toBeGreaterThan(0);
    // The first request's trace also holds the instance's start-up (libc asking for its environment); later ones only their own calls, alike.
    const calls = rs.map((r) => r.trace.reduce((n, t) => n + (t.count ?? 1), 0));
    expect(calls[1]).toBe(calls[2]);
    expect(calls[0]).toBeGreaterThanOrEqual(calls[1]!);
  }, 60_000);

  it('discards the instance after a trap: the next request starts from 1 in a fresh one', async () => {
    const engine = engineOf('http-counter');
    const [one, two, trap, after, next] = await inTurn(engine, ['/', '/', '/trap', '/', '/'], true);
    expect([text(one!), text(two!)]).toEqual(['seen 1\n', 'seen 2\n']);
    expect(trap!.response).toBeNull();
    expect(trap!.error).toBeTruthy();
    expect([text(after!), after!.reusedInstance ?? false]).toEqual(['seen 1\n', false]);
    expect([text(next!), next!.reusedInstance]).toEqual(['seen 2\n', true]);
  }, 60_000);

  it('discards the instance with its worker when the time limit kills a request', async () => {
    const engine = engineOf('http-counter', { ...DEFAULT_LIMITS, timeoutMs: 5000 });
    const [one, two, spin, after] = await inTurn(engine, ['/', '/', '/spin', '/'], true);
    expect([text(one!), text(two!)]).toEqual(['seen 1\n', 'seen 2\n']);
    expect([spin!.timedOut, spin!.response]).toEqual([true, null]);
    expect([text(after!), after!.reusedInstance ?? false]).toEqual(['seen 1\n', false]);
  }, 60_000);

  it('counts a kept instance toward the worker retirement rule: one that holds 80 MiB is not kept', async () => {
    const [one, grow, after] = await inTurn(engineOf('http-counter'), ['/', '/grow', '/'], true);
    expect(text(one!)).toBe('seen 1\n');
    expect([text(grow!), grow!.reusedInstance, grow!.memory!.usedBytes > 80 * 1024 * 1024]).toEqual(['grown\n', true, true]);
    // Its worker was retired with the instance in it: the next request starts over.
    expect([text(after!), after!.reusedInstance ?? false]).toEqual(['seen 1\n', false]);
  }, 60_000);
});

describe('a StarlingMonkey handler, which cannot answer twice from one instance', () => {
  it('is served fresh when reuse is asked: every request answered, the notice said once', async () => {
    const rs = await inTurn(engineOf('http-hello'), ['/', '/', '/', '/'], true);
    expect(rs.map((r) => [r.error, r.response?.status])).toEqual(Array(4).fill([null, 200]));
    expect(rs.map((r) => r.reusedInstance ?? false)).toEqual([false, false, false, false]);
    expect(rs.map((r) => r.notice ?? null)).toEqual([null, NOT_REUSABLE_NOTICE, null, null]);
  }, 120_000);
});
