import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_NAMES } from '../../src-shared/protocol/types';
import { appRoot } from '../paths';
import { TEMPLATES } from '../services/templates';

// Through the built CLI, from a folder of the user's (relative paths are theirs, not the studio's).
let dir: string;
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-new-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('component-studio templates and new', () => {
  it('--help lists both commands', () => {
    const r = cli('--help');
    expect(r.stdout).toMatch(/^ {2}new <dir> --template NAME +\S/m);
    expect(r.stdout).toMatch(/^ {2}templates +\S/m);
  });

  it('templates lists what New Project offers, one a line, with its language and description', () => {
    const r = cli('templates');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(TEMPLATE_NAMES);
    expect(lines.find((l) => l.startsWith('c '))).toMatch(/^c +C +A C command component: prints a greeting\.$/);
    for (const l of lines) expect(l.split(/\s{2,}/)).toHaveLength(3);
  });

  // Every template's build and run in both engines is src-main/services/templates.test.ts's; here
  // the CLI writes each, and builds two (a command and a world) through `build`.
  it('every template listed is written by new into a relative folder; c and c-world build; the C one runs', () => {
    const names = cli('templates').stdout.trimEnd().split('\n').map((l) => l.split(/\s+/)[0]!);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      const made = cli('new', `p-${name}`, '--template', name);
      expect(made.code, made.stderr).toBe(0);
      const project = join(dir, `p-${name}`);
      expect(made.stdout).toContain(`Created ${project} from template "${name}"`);
      for (const file of Object.keys(TEMPLATES[name as keyof typeof TEMPLATES].files)) expect(existsSync(join(project, file)), file).toBe(true);
      expect(JSON.parse(readFileSync(join(project, 'studio.json'), 'utf8')).name).toBe(`p-${name}`);
      if (name !== 'c' && name !== 'c-world') continue;
      const built = cli('build', `p-${name}`);
      expect(built.code, `${name}: ${built.stderr}`).toBe(0);
      expect(existsSync(built.stdout.trim()), built.stdout).toBe(true);
    }
    const run = cli('run', 'p-c', '--engine', 'both');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Hello from p-c, a C component!\n');
    expect(run.stdout).toMatch(/Both engines agree/);
  }, 300_000);

  it('refuses, in one line and with exit 2: no folder, no or an unknown template (naming them), a folder with something in it', () => {
    const names = TEMPLATE_NAMES.join(', ');
    const none = cli('new', '--template', 'c');
    expect([none.code, none.stderr.trim()]).toEqual([2, 'component-studio new: new takes the folder for the new project: component-studio new DIR --template NAME']);
    const untemplated = cli('new', 'q');
    expect(untemplated.code).toBe(2);
    expect(untemplated.stderr).toContain(`--template NAME is required: one of ${names}`);
    const unknown = cli('new', 'q', '--template', 'cobol');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`no template named "cobol": the templates are ${names}`);
    expect(existsSync(join(dir, 'q'))).toBe(false);

    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'notes.txt'), 'mine');
    const taken = cli('new', 'taken', '-t', 'c');
    expect(taken.code).toBe(2);
    expect(taken.stderr.trim().split('\n')).toHaveLength(1);
    expect(taken.stderr).toContain(`${join(dir, 'taken')} is not empty (notes.txt)`);
    expect(readdirSync(join(dir, 'taken'))).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'taken', 'notes.txt'), 'utf8')).toBe('mine');

    writeFileSync(join(dir, 'a-file'), 'x');
    const file = cli('new', 'a-file', '-t', 'c');
    expect([file.code, file.stderr.trim()]).toEqual([2, `component-studio new: ${join(dir, 'a-file')} is a file, not a folder`]);
  });
});
