// The c-http and cpp-http templates end to end: a wasi:http handler in C (and the same as C++) against the bindings the
// studio generates (imported resources: requests, responses, fields, streams), built once with
// the studio's clang, then `component-studio request --engine both` on each route: both engines
// must agree (exit 0) on status, headers and body, as a client reads them.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

const run = promisify(execFile);
const cli = join(appRoot, 'bin/component-studio.js');
const dir = mkdtempSync(join(tmpdir(), 'c-http-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
  verdict: string;
  requests: { engine: string; response: { status: number; headers: [string, string][]; body: string } | null; error: string | null }[];
}

/** `request --engine both --json`: exit 0 is the CLI's word that both engines agree. */
async function request(project: string, ...args: string[]): Promise<Answer> {
  const { stdout } = await run(process.execPath, [cli, 'request', project, ...args, '--engine', 'both', '--json'], { timeout: 120_000, maxBuffer: 16 << 20 });
  const out = JSON.parse(stdout) as Answer;
  expect(out.verdict).toBe('agree');
  expect(out.requests.map((r) => [r.engine, r.error])).toEqual([['node', null], ['browser', null]]);
  return out;
}

const each = (a: Answer) => a.requests.map((r) => r.response!);

// cpp-http is the same source built as C++: its build and one request say the C++ path works; the
// routes are tested once, on c-http (each request starts Chromium, seconds a piece in CI).
describe.each([
  ['c-http', 'C', true],
  ['cpp-http', 'C++', false],
])('the %s template', (template, language, everyRoute) => {
  const project = join(dir, `hello-${template}`);
  beforeAll(async () => {
    await run(process.execPath, [cli, 'new', project, '--template', template]);
    const { stdout } = await run(process.execPath, [cli, 'build', project], { timeout: 300_000 });
    expect(stdout.trim()).toBe(join(project, 'build', `hello-${template}.wasm`));
  }, 320_000);

  it('is a component exporting wasi:http/incoming-handler, its handles imported from wasi:http/types and wasi:io/streams', async () => {
    const { stdout } = await run(process.execPath, [cli, 'inspect', join(project, 'build', `hello-${template}.wasm`), '--json'], { timeout: 60_000 });
    const text = JSON.stringify(JSON.parse(stdout));
    expect(text).toContain('wasi:http/incoming-handler@0.2.12');
    expect(text).toContain('wasi:http/types@0.2.12');
    expect(text).toContain('wasi:io/streams@0.2.12');
  }, 70_000);

  it('GET / answers the greeting in both engines', async () => {
    for (const r of each(await request(project, '/'))) {
      expect([r.status, r.body]).toEqual([200, `Hello from a ${language} component!\n`]);
      expect(r.headers).toContainEqual(['content-type', 'text/plain; charset=utf-8']);
    }
  }, 130_000);

  if (!everyRoute) return;

  it('POST /echo sends the body back with the content-type the request header gave', async () => {
    for (const r of each(await request(project, '/echo', '-X', 'POST', '-d', 'hello', '-H', 'Content-Type: text/x-test'))) {
      expect([r.status, r.body]).toEqual([200, 'hello']);
      expect(r.headers).toContainEqual(['content-type', 'text/x-test']);
    }
    for (const r of each(await request(project, '/echo', '-X', 'POST', '-d', 'hello'))) {
      expect([r.status, r.body]).toEqual([200, 'hello']);
      expect(r.headers).toContainEqual(['content-type', 'application/octet-stream']);
    }
  }, 260_000);

  it('a body of several stream reads and writes comes back whole', async () => {
    const body = 'abcdefghij'.repeat(1500) + '!';
    for (const r of each(await request(project, '/echo', '-X', 'POST', '-d', body))) expect([r.status, r.body.length, r.body === body]).toEqual([200, body.length, true]);
  }, 130_000);

  it('any other path is a 404 that names it', async () => {
    for (const r of each(await request(project, '/nowhere?x=1'))) expect([r.status, r.body]).toEqual([404, 'no route for /nowhere?x=1\n']);
  }, 130_000);
});
