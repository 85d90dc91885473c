import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denyAll, resolveGrants, type Grants, type Policy } from '../../src-shared/capabilities/policy';
import type { Engine, PreparedComponent } from '../../src-shared/engine/engine';
import type { Linking } from '../../src-shared/engine/link';
import type { CrossCalls } from '../../src-shared/protocol/composition';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import type { EngineName, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { roundMs } from '../../src-shared/timing/phases';
import { appRoot } from '../paths';
import { createStudio, type Studio } from '../services/studio';
import { chromiumPath } from './chromium-binary';
import { ChromiumEngine, chromiumEngine } from './chromium-engine';
import { nodeEngine } from './engine/engine';
import { RunnerPool } from './engine/runner-pool';

// Two real components linked at instantiation, in both engines: a C command (app) whose text work
// is done by a JavaScript library (lib). Each has only its own grants: lib is granted a folder, app
// nothing, and app's attempt to open lib's folder is refused. Needs `npx electron-vite build` first.

const dir = mkdtempSync(join(tmpdir(), 'link-'));
const studios: Studio[] = [];
const built: Record<string, { hash: string; name: string; bytes: Uint8Array }> = {};
const pool = new RunnerPool();
let chromium: ChromiumEngine | null = null;

const WIRES = { 'docs:compose/words': { from: 'lib', export: 'docs:compose/words@0.1.0' } };
const LIB_GRANTS: Partial<Policy> = { mounts: [{ host: join(dir, 'lib/data'), guest: '/data', mode: 'ro' }], clocks: { mode: 'real' } };
const grantsOf = (policy: Partial<Policy>, name: string): Grants => resolveGrants({ ...denyAll(), ...policy }, name, {});

beforeAll(async () => {
  cpSync(join(appRoot, 'src-main/host/fixtures/compose'), dir, { recursive: true });
  for (const name of ['app', 'lib']) {
    const studio = createStudio(join(dir, name), () => {}, { runners: pool });
    studios.push(studio);
    built[name] = await studio.builds.current();
  }
  if (chromiumPath()) chromium = await ChromiumEngine.start();
}, 120_000);

afterAll(async () => {
  for (const s of studios) s.dispose();
  pool.dispose();
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The app linked to lib: lib granted `libPolicy`, app `appPolicy`. */
function engines(libPolicy: Partial<Policy>, appPolicy: Partial<Policy> = {}, wires: Linking<object>['wires'] = WIRES): Record<EngineName, Engine> {
  const settings: RunSettings = { grants: grantsOf(appPolicy, 'app'), limits: DEFAULT_LIMITS, trace: true, snapshots: {} };
  const libGrants = grantsOf(libPolicy, 'lib');
  const link = { member: 'app', wires, linked: [{ ...built.lib!, grants: libGrants, wires: {} }] };
  const node = nodeEngine(pool, async () => ({ ...built.app!, settings, link }));
  const prepare = async (): Promise<PreparedComponent> => {
    const artifacts = async (c: { hash: string; name: string; bytes: Uint8Array }) => {
      const t = await pool.transpile(c.hash, c.name, c.bytes, DEFAULT_LIMITS.maxWasmMiB);
      return { hash: c.hash, name: c.name, glue: t.glue, modules: t.modules, transpileMs: t.fresh ? roundMs(t.transpileMs) : null };
    };
    return {
      artifacts: await artifacts(built.app!),
      settings,
      link: { member: 'app', wires, linked: [{ name: 'lib', artifacts: await artifacts(built.lib!), grants: libGrants, wires: {}, snapshots: {} }] },
    };
  };
  return { node, browser: chromiumEngine(async () => chromium!, prepare) };
}

const both = (e: Record<EngineName, Engine>, act: (e: Engine) => Promise<RunResult>) => Promise.all([act(e.node), ...(chromium ? [act(e.browser)] : [])]);

describe('components linked at instantiation', () => {
  it('a C command calls a JavaScript library, with the same output and cross-component trace in both engines', async () => {
    const runs = await both(engines(LIB_GRANTS), (e) => e.run(randomUUID()));
    for (const r of runs) {
      expect(r.error).toMatch(/clocks/);
      expect(r.exitCode).toBeNull();
      expect(r.stdout).toBe('5 words, longest quick\nTHE QUICK BROWN FOX JUMPS\napp opening /data/words.txt: refused\n');
      const crossing = r.trace.filter((t) => t.callee);
      expect(crossing.map((t) => [t.component, t.callee, t.interface, t.function])).toEqual([
        ['app', 'lib', 'docs:compose/words', 'count'],
        ['app', 'lib', 'docs:compose/words', 'shout'],
      ]);
      expect(crossing[0]!.args).toBe('"the quick brown fox jumps"');
      expect(crossing[0]!.result).toBe('{words: 5, longest: "quick"}');
      // Every row names the member that made it.
      expect(r.trace.every((t) => t.component === 'app' || t.component === 'lib')).toBe(true);
    }
    if (runs[1]) {
      const shape = (r: RunResult) => r.trace.map((t) => [t.component, t.callee ?? '', t.interface, t.function, t.args, t.result, t.denied]);
      expect(shape(runs[1])).toEqual(shape(runs[0]!));
    }
  }, 120_000);

  it("a member cannot use another member's grants: app's open of lib's folder and its read of lib's clock are refused, and traced as app's", async () => {
    const runs = await both(engines(LIB_GRANTS), (e) => e.run(randomUUID()));
    for (const r of runs) {
      const clock = r.trace.filter((t) => t.interface === 'wasi:clocks/wall-clock');
      expect(clock.map((t) => [t.component, t.function, t.denied])).toEqual([['app', 'now', true]]);
      // app has no preopens at all: libc finds no directory to resolve /data in, so no descriptor call is even made.
      const appFs = r.trace.filter((t) => t.component === 'app' && t.interface.startsWith('wasi:filesystem'));
      expect(appFs.every((t) => t.denied || t.function === 'get-directories')).toBe(true);
      const preopens = r.trace.find((t) => t.component === 'app' && t.function === 'get-directories');
      expect(preopens?.result).toBe('[]');
    }
    // The host side: the folder is as it was.
    expect(readdirSync(join(dir, 'lib/data'))).toEqual(['words.txt']);
  }, 120_000);

  it('the calls between members are reported while the run goes on, before its trace arrives', async () => {
    const heard: CrossCalls[][] = [];
    const r = await engines(LIB_GRANTS).node.run(randomUUID(), { onCalls: (calls) => heard.push(calls) });
    expect(r.exitCode).toBeNull(); // the clock trap at the end
    // The first call is reported as it happens; later ones within 100 ms of it wait for the trace.
    expect(heard[0]).toEqual([{ component: 'app', callee: 'lib', interface: 'docs:compose/words', calls: 1 }]);
  }, 120_000);

  it('the control: granted the clock itself, app reads it', async () => {
    const runs = await both(engines(LIB_GRANTS, { clocks: { mode: 'real' } }), (e) => e.run(randomUUID()));
    for (const r of runs) {
      expect(r.error).toBeNull();
      expect(r.stdout).toMatch(/app read the clock: \d{10}/);
    }
  }, 120_000);

  it('an import no member answers is named before the guest runs', async () => {
    const runs = await both(engines({}, {}, {}), (e) => e.run(randomUUID()));
    for (const r of runs) {
      expect(r.exitCode).toBeNull();
      expect(r.error).toContain('app imports docs:compose/words, which no member of the composition exports');
      expect(r.stdout).toBe('');
    }
  }, 120_000);
});
