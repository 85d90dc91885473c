import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, samplesDir } from '../paths';

// The composition sample through the built CLI, as CI checks every sample.
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, COMPONENT_STUDIO_CONFIG_DIR: join(dir, 'config') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'compose-build-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const copy = (to: string) => {
  cpSync(join(samplesDir(), 'compose-polyglot'), join(dir, to), { recursive: true, filter: (s) => !s.includes('/build') && !s.includes('/.studio') });
  return join(dir, to);
};

describe('component-studio build of a composition', () => {
  it('builds samples/compose-polyglot: the C app and the JavaScript library, each path printed, root first', () => {
    const project = copy('sample');
    const r = cli('build', project);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([join(project, 'build/app.wasm'), join(project, 'build/lib.wasm')]);
    for (const m of ['app', 'lib']) {
      const bytes = readFileSync(join(project, `build/${m}.wasm`));
      expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0])); // a component
    }
  }, 180_000);

  it('names the member of a problem, and refuses an untrusted member grant listing it by member', () => {
    const broken = copy('broken');
    writeFileSync(join(broken, 'src/lib/words.js'), 'export const words = {\n');
    const bad = cli('build', broken);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^\[lib\] /m);
    expect(existsSync(join(broken, 'build/lib.wasm'))).toBe(false);

    const outside = join(dir, 'outside');
    mkdirSync(outside, { recursive: true });
    const greedy = copy('greedy');
    const config = JSON.parse(readFileSync(join(greedy, 'studio.json'), 'utf8'));
    config.components[1].policy.mounts = [{ host: outside, guest: '/data', mode: 'rw' }];
    writeFileSync(join(greedy, 'studio.json'), JSON.stringify(config));
    const refused = cli('build', greedy);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`  - lib: read, change, create and delete files in ${outside}`);
    expect(existsSync(join(greedy, 'build'))).toBe(false);
  }, 180_000);
});

describe('component-studio run of a composition', () => {
  it('runs samples/compose-polyglot linked in both engines: the same output, and the same cross-component trace naming each component', () => {
    // The copy the first test built, when it ran (its build is then a cache hit); else a fresh one.
    const project = existsSync(join(dir, 'sample')) ? join(dir, 'sample') : copy('sample');
    const r = cli('run', project, '--engine', 'both', '--json', '--trace');
    expect(r.code, r.stderr).toBe(0);
    const [node, browser] = JSON.parse(r.stdout).runs as { stdout: string; trace: { component?: string; callee?: string; interface: string; function: string; args: string; result: string; denied: boolean }[] }[];
    expect(node!.stdout).toContain('the library read 5 words; the longest is "capability"');
    expect(node!.stdout).toContain("the app's own fopen(\"/data/words.txt\") failed");
    expect(browser!.stdout).toBe(node!.stdout);
    const shape = (t: (typeof node)['trace']) => t.map((e) => [e.component, e.callee ?? null, e.interface, e.function, e.args, e.result, e.denied]);
    expect(shape(browser!.trace)).toEqual(shape(node!.trace));
    const crossing = node!.trace.filter((e) => e.callee);
    expect(crossing.map((e) => `${e.component}->${e.callee} ${e.interface}.${e.function}`)).toEqual(['app->lib docs:compose/words.summarize', 'app->lib docs:compose/words.shout']);
    // Only lib's folder was opened, and by lib: the app's preopens are empty.
    expect(node!.trace.filter((e) => e.function.includes('open-at')).map((e) => e.component)).toEqual(['lib']);
    expect(node!.trace.find((e) => e.component === 'app' && e.function === 'get-directories')?.result).toBe('[]');

    // The composition's export (the root's) is called in both engines, and crosses into lib as well.
    const c = cli('call', project, 'headline', '"linked at instantiation"', '--engine', 'both', '--json');
    expect(c.code, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout).calls.map((x: { value: string }) => x.value)).toEqual(Array(2).fill('"LINKED AT INSTANTIATION (longest word: capability)"'));
  }, 180_000);

  it('refuses a composition wired wrong before anything runs, naming the import no member exports', () => {
    const project = copy('unwired');
    const wit = readFileSync(join(project, 'wit/words.wit'), 'utf8');
    // lib's world stops exporting the interface the app imports.
    writeFileSync(join(project, 'wit/words.wit'), wit.replace(/world lib \{[^}]*\}/, 'world lib { export shout: func(text: string) -> string; }'));
    writeFileSync(join(project, 'src/lib/words.js'), 'export function shout(text) { return text.toUpperCase(); }\n');
    const r = cli('run', project, '--engine', 'both');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('app imports docs:compose/words');
    expect(r.stderr).toContain('which no member of the composition exports');
    expect(r.stdout).toBe('');
  }, 180_000);
});
