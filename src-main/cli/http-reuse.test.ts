// The reuse switch on the command line: `serve --reuse` and `request --load N --reuse` against the
// C handler that answers how many requests its instance has seen (fixtures/http-counter), with a
// real HTTP client for serve. Fresh (the default) answers 1 every time.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appRoot } from '../paths';
import { serve } from './serve-process';

const run = promisify(execFile);
const cli = join(appRoot, 'bin/component-studio.js');
const dir = mkdtempSync(join(tmpdir(), 'http-reuse-cli-'));
let wasm = '';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const project = join(dir, 'http-counter');
  cpSync(join(appRoot, 'src-main/cli/fixtures/http-counter'), project, { recursive: true, filter: (p) => !/\/(build|bindings|\.studio)(\/|$)/.test(p.slice(appRoot.length)) });
  wasm = (await run(process.execPath, [cli, 'build', project], { timeout: 300_000 })).stdout.trim();
}, 320_000);

/** `request` with its exit code, whatever it is. */
async function request(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'request', wasm, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('request --load N --reuse', () => {
  it('serves every request after the first from the kept instance, one at a time on one worker', async () => {
    const r = await request('/', '--load', '12', '--concurrency', '1', '--reuse', '--json');
    expect(r.code).toBe(0);
    const [load] = (JSON.parse(r.stdout) as { loads: { engine: string; failed: number; reused: number }[] }).loads;
    expect([load!.engine, load!.failed, load!.reused]).toEqual(['node', 0, 11]);
  }, 130_000);

  it('without --reuse, no request is served by a kept instance', async () => {
    const r = await request('/', '--load', '4', '--concurrency', '1', '--json');
    expect((JSON.parse(r.stdout) as { loads: { reused: number }[] }).loads[0]!.reused).toBe(0);
  }, 130_000);

  it('is refused without --load, and for the browser engine, which has no worker to keep an instance in', async () => {
    const alone = await request('/', '--reuse');
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringContaining('--reuse goes with --load N')]);
    const browser = await request('/', '--load', '2', '--reuse', '--engine', 'both');
    expect([browser.code, browser.stderr]).toEqual([2, expect.stringContaining('--reuse is for the Node engine')]);
  }, 60_000);
});

describe('serve --reuse', () => {
  const three = async (url: string) => {
    const out: string[] = [];
    for (let i = 0; i < 3; i++) out.push(await (await fetch(url)).text());
    return out;
  };

  it('answers a real client from a kept instance (1, 2, 3) and logs it; fresh by default (1, 1, 1)', async () => {
    const fresh = await serve([wasm]);
    try {
      expect(await three(fresh.url)).toEqual(['seen 1\n', 'seen 1\n', 'seen 1\n']);
    } finally {
      fresh.child.kill('SIGTERM');
    }
    const reused = await serve([wasm, '--reuse']);
    try {
      expect(await three(reused.url)).toEqual(['seen 1\n', 'seen 2\n', 'seen 3\n']);
      // The log line follows the response out.
      await vi.waitFor(() => expect(reused.log().match(/\(reused instance\)/g)).toHaveLength(2), { timeout: 10_000 });
    } finally {
      reused.child.kill('SIGTERM');
    }
  }, 120_000);

  it('says --reuse and why fresh is the default in its help', async () => {
    const { stdout } = await run(process.execPath, [cli, 'serve', '--help']);
    expect(stdout).toContain('--reuse');
    expect(stdout).toContain('StarlingMonkey');
  }, 30_000);
});
