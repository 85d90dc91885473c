import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEntry } from '../../src-shared/capabilities/trace';
import { RunnerPool } from '../host/engine/runner-pool';
import { chromiumPath } from '../host/chromium-binary';
import { appRoot } from '../paths';
import { createStudio } from '../services/studio';
import { ToolchainHost } from '../toolchains/toolchain-host';
import { openTarget } from './targets';

// `--link` through the built CLI (needs `npx electron-vite build` first). The fixtures are built
// once: app (a C command) does its text work through lib (a JavaScript library of
// docs:compose/words); caller (JavaScript) exports summarize, done through words too; envspy is a
// words library that reports the environment it was given.

const dir = mkdtempSync(join(tmpdir(), 'cli-link-'));
const wasm = (name: string) => join(dir, `${name}.wasm`);
const FROZEN = ['--clocks', 'frozen=2030-01-01T00:00:00Z'];
const browser = chromiumPath() !== null;
const BOTH = browser ? ['--engine', 'both'] : [];

/** The CLI, as a user runs it; asynchronous, so that a slow run does not hold the test worker. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  cpSync(join(appRoot, 'src-main/host/fixtures/compose'), dir, { recursive: true });
  cpSync(join(appRoot, 'src-main/cli/fixtures/link'), dir, { recursive: true });
  const toolchains = new ToolchainHost();
  const runners = new RunnerPool();
  try {
    for (const name of ['app', 'lib', 'caller', 'envspy']) {
      const studio = createStudio(join(dir, name), () => {}, { toolchains, runners });
      try {
        writeFileSync(wasm(name), (await studio.builds.current()).bytes);
      } finally {
        studio.dispose();
      }
    }
  } finally {
    toolchains.dispose();
    runners.dispose();
  }
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run and call with --link', () => {
  it("run app.wasm --link lib.wasm prints lib's work, the same in both engines", async () => {
    const r = await cli('run', wasm('app'), '--link', wasm('lib'), ...FROZEN, ...BOTH);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const output = '5 words, longest quick\nTHE QUICK BROWN FOX JUMPS\napp opening /data/words.txt: refused\napp read the clock: 1893456000\n';
    expect(r.stdout.split(output).length - 1).toBe(browser ? 2 : 1);
    if (browser) expect(r.stdout).toContain('Both engines agree');
  }, 120_000);

  it('--json --trace: the cross-component calls carry component and callee, and every row its member; --trace text names them', async () => {
    const r = await cli('run', wasm('app'), '--link', wasm('lib'), ...FROZEN, ...BOTH, '--json', '--trace');
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout).runs as { engine: string; trace: TraceEntry[] }[];
    expect(runs.length).toBe(browser ? 2 : 1);
    for (const run of runs) {
      const crossing = run.trace.filter((t) => t.callee !== undefined);
      expect(crossing.map((t) => [t.component, t.callee, t.interface, t.function, t.args, t.result])).toEqual([
        ['app', 'lib', 'docs:compose/words', 'count', '"the quick brown fox jumps"', '{words: 5, longest: "quick"}'],
        ['app', 'lib', 'docs:compose/words', 'shout', '"the quick brown fox jumps"', '"THE QUICK BROWN FOX JUMPS"'],
      ]);
      expect(run.trace.length).toBeGreaterThan(crossing.length);
      expect(run.trace.every((t) => t.component === 'app' || t.component === 'lib')).toBe(true);
    }
    const text = await cli('run', wasm('app'), '--link', wasm('lib'), ...FROZEN, '--trace');
    expect(text.stderr).toContain('[trace node app→lib] docs:compose/words.count("the quick brown fox jumps") -> {words: 5, longest: "quick"}');
    expect(text.stderr).toContain('[trace node app] wasi:clocks/wall-clock.now()');
  }, 120_000);

  it('app.wasm alone: the run fails naming the import nobody provides', async () => {
    const r = await cli('run', wasm('app'), ...FROZEN);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('the component imports docs:compose/words, which the host does not provide');
    expect(r.stdout).not.toContain('words');
  }, 120_000);

  it('a linked file that does not export the import: a usage error before anything runs, one line per problem', async () => {
    const r = await cli('run', wasm('app'), '--link', wasm('caller'), ...FROZEN, '--trace');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'component-studio run: the components cannot be linked as given:',
      '  app imports docs:compose/words@0.1.0, which no member of the composition exports and the host does not provide',
      '  caller imports docs:compose/words@0.1.0, which no member of the composition exports and the host does not provide',
    ]);
  }, 120_000);

  it('two files that would be one member, a missing file and a folder are usage errors naming them', async () => {
    mkdirSync(join(dir, 'other'), { recursive: true });
    cpSync(wasm('lib'), join(dir, 'other/lib.wasm'));
    const clash = await cli('run', wasm('app'), '--link', wasm('lib'), '--link', join(dir, 'other/lib.wasm'));
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain(`${wasm('lib')} and ${join(dir, 'other/lib.wasm')} would both be the member "lib"`);
    const missing = await cli('run', wasm('app'), '--link', join(dir, 'nope.wasm'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--link: no such file: ${join(dir, 'nope.wasm')}`);
    const folder = await cli('run', wasm('app'), '--link', join(dir, 'lib'));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(`--link: not a file: ${join(dir, 'lib')}`);
    const project = await cli('run', join(dir, 'app'), '--link', wasm('lib'));
    expect(project.code).toBe(2);
    expect(project.stderr).toContain('--link links .wasm files to a .wasm file');
  }, 120_000);

  it("call on a linked root's export: caller's summarize, done by lib, in both engines", async () => {
    const r = await cli('call', wasm('caller'), 'summarize', '"the quick brown fox"', '--link', wasm('lib'), ...BOTH);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(browser ? ['node: "4 words, longest QUICK"', 'browser: "4 words, longest QUICK"'] : ['"4 words, longest QUICK"']);
    // The root's exports, not the linked file's.
    const other = await cli('call', wasm('caller'), 'count', '"x"', '--link', wasm('lib'));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('(it exports: summarize)');
  }, 120_000);
});

describe('grants with --link', () => {
  it('a linked member gets nothing the flags grant: envspy sees an empty environment where app was granted one', async () => {
    const r = await cli('run', wasm('app'), '--link', wasm('envspy'), '--env', 'SECRET=host-only', ...FROZEN, ...BOTH, '--json', '--trace');
    expect(r.code).toBe(0);
    for (const run of JSON.parse(r.stdout).runs as { stdout: string; trace: TraceEntry[] }[]) {
      expect(run.stdout).toMatch(/^0 words, longest \n/);
      const env = run.trace.filter((t) => t.function === 'get-environment');
      expect(env.map((t) => [t.component, t.result])).toEqual([['envspy', '[]']]);
    }
  }, 120_000);

  it('the control: envspy as the root, granted the variable, sees it', async () => {
    const target = await openTarget(wasm('envspy'), { policy: { env: [{ name: 'SECRET', value: 'host-only' }] }, limits: {}, trace: false }, () => {});
    try {
      const { functions } = await target.functions();
      const names = functions.find((f) => f.fn.name === 'names')!;
      const r = await target.engines.node.call(randomUUID(), names, []);
      expect(r.error).toBeNull();
      expect(r.value).toBe('"SECRET"');
    } finally {
      await target.dispose();
    }
  }, 120_000);
});

describe('inspect --link', () => {
  it('prints the wires, the host imports and the WAC document with the wac commands', async () => {
    const r = await cli('inspect', 'app.wasm', '--link', 'lib.wasm');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('composition, linked at instantiation (instantiated in this order: lib, app):');
    expect(r.stdout).toContain('  app imports docs:compose/words@0.1.0 from lib, matched by name and version');
    expect(r.stdout).toMatch(/^ {2}app: wasi:cli\/exit@0\.2\.12, /m);
    expect(r.stdout).toContain('problems: none');
    expect(r.stdout).toContain('let app = new studio:app {\n  "docs:compose/words@0.1.0": lib["docs:compose/words@0.1.0"],\n  ...\n};');
    expect(r.stdout).toContain('wac compose --dep studio:lib=lib.wasm --dep studio:app=app.wasm -o composed.wasm composition.wac');
    expect(r.stdout).toContain('wac plug app.wasm --plug lib.wasm -o composed.wasm');
    const json = await cli('inspect', 'app.wasm', '--link', 'lib.wasm', '--json');
    expect(JSON.parse(json.stdout).composition.plan.wires).toEqual([
      { from: 'lib', to: 'app', export: 'docs:compose/words@0.1.0', import: 'docs:compose/words@0.1.0', checked: 'names' },
    ]);
  }, 120_000);

  it('shows the problems and exits 2 when the files cannot be linked', async () => {
    const r = await cli('inspect', 'app.wasm', '--link', 'caller.wasm');
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('problems (run and call refuse these files as they stand):\n  app imports docs:compose/words@0.1.0, which no member');
    expect(r.stdout).toContain('// - caller imports docs:compose/words@0.1.0');
  }, 120_000);
});
