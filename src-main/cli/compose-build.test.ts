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
