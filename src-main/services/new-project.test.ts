import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseProject } from '../../src-shared/protocol/project';
import { TEMPLATE_LANGUAGES } from '../../src-shared/protocol/types';
import { samplesDir } from '../paths';
import { listFolder } from './folders';
import { copySample, createFromTemplate, freshFolder, listSamples, nameFromFolder, projectFolder } from './new-project';

let root: string;
beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'studio-new-'))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('new projects', () => {
  it.each(TEMPLATE_LANGUAGES)('writes a %s hello world with a valid studio.json named after its folder', (language) => {
    const dir = createFromTemplate(language, join(root, 'My Project!'));
    const config = parseProject(readFileSync(join(dir, 'studio.json'), 'utf8'));
    expect(config).toMatchObject({ name: 'My-Project-', language });
    expect(readdirSync(join(dir, 'src')).length).toBe(1);
    if (language === 'js' || language === 'ts') expect(readFileSync(join(dir, 'wit/world.wit'), 'utf8')).toContain('world hello');
  });

  it('writes the js-http template: a StarlingMonkey handler of wasi:http/incoming-handler', () => {
    const dir = createFromTemplate('js-http', join(root, 'api'));
    expect(parseProject(readFileSync(join(dir, 'studio.json'), 'utf8'))).toMatchObject({ name: 'api', language: 'js', world: 'handler', jsBackend: 'starlingmonkey' });
    expect(readFileSync(join(dir, 'wit/world.wit'), 'utf8')).toContain('export wasi:http/incoming-handler@0.2.10;');
    expect(readFileSync(join(dir, 'src/main.js'), 'utf8')).toContain('Hello from api!');
  });

  it('writes the ts-http template: the same handler in TypeScript, with the StarlingMonkey globals it uses declared', () => {
    const dir = createFromTemplate('ts-http', join(root, 'api-ts'));
    expect(parseProject(readFileSync(join(dir, 'studio.json'), 'utf8'))).toMatchObject({ name: 'api-ts', language: 'ts', world: 'handler', jsBackend: 'starlingmonkey' });
    expect(readFileSync(join(dir, 'src/main.ts'), 'utf8')).toContain('async function handle(request: Request): Promise<Response>');
    expect(readFileSync(join(dir, 'src/starlingmonkey.d.ts'), 'utf8')).toContain('declare function addEventListener');
  });

  it('refuses a folder that is not empty, and writes nothing into it', () => {
    const dir = join(root, 'busy');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    expect(() => createFromTemplate('c', dir)).toThrow(/busy is not empty \(notes\.txt\): a new project goes into a new or empty folder/);
    expect(() => copySample(samplesDir(), 'hello-c', dir)).toThrow(/not empty/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    writeFileSync(join(root, 'file'), '');
    expect(() => createFromTemplate('c', join(root, 'file'))).toThrow(/is a file, not a folder/);
  });

  it('copies a sample without its build output or studio state, into an empty folder', () => {
    const dir = join(root, 'copy');
    mkdirSync(dir);
    copySample(samplesDir(), 'greeter-js', dir);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(join(samplesDir(), 'greeter-js')).filter((f) => f !== 'build' && f !== '.studio').sort());
    expect(readFileSync(join(dir, 'src/main.js'), 'utf8')).toBe(readFileSync(join(samplesDir(), 'greeter-js/src/main.js'), 'utf8'));
    expect(() => copySample(samplesDir(), '../hello-c', join(root, 'x'))).toThrow(/no sample named/);
    expect(() => copySample(samplesDir(), 'nope', join(root, 'x'))).toThrow(/no sample named "nope"/);
    expect(existsSync(join(root, 'x'))).toBe(false);
  });

  it('picks a fresh folder for a copy: name, then name-2, name-3…', () => {
    expect(freshFolder(root, 'hello-c')).toBe(join(root, 'hello-c'));
    mkdirSync(join(root, 'hello-c'));
    expect(freshFolder(root, 'hello-c')).toBe(join(root, 'hello-c')); // empty still counts as free
    writeFileSync(join(root, 'hello-c/x'), '');
    expect(freshFolder(root, 'hello-c')).toBe(join(root, 'hello-c-2'));
  });

  it('reads a typed folder: ~ is the home folder, a relative path goes into the projects folder, never the working folder', () => {
    const home = join(root, 'home');
    const projects = join(root, 'projects');
    expect(projectFolder('~', projects, home)).toBe(home);
    expect(projectFolder('~/code/hello', projects, home)).toBe(join(home, 'code/hello'));
    expect(projectFolder('  ~/x  ', projects, home)).toBe(join(home, 'x'));
    expect(projectFolder('hello', projects, home)).toBe(join(projects, 'hello'));
    expect(projectFolder('a/../b', projects, home)).toBe(join(projects, 'b'));
    expect(projectFolder('/abs/p', projects, home)).toBe('/abs/p');
    expect(() => projectFolder('~bob/x', projects, home)).toThrow(/only ~ and ~\/… are understood/);
    expect(() => projectFolder('   ', projects, home)).toThrow(/type a folder/);
  });

  it('creates a project typed as a relative path inside the projects folder, not in the process working folder', () => {
    const projects = join(root, 'projects');
    const dir = createFromTemplate('c', 'typed-rel', projects);
    expect(dir).toBe(join(projects, 'typed-rel'));
    expect(existsSync(join(projects, 'typed-rel/studio.json'))).toBe(true);
    expect(existsSync(join(process.cwd(), 'typed-rel'))).toBe(false);
    expect(copySample(samplesDir(), 'hello-c', 'copy-rel', projects)).toBe(join(projects, 'copy-rel'));
  });

  it('names a project after its folder in the characters studio.json allows', () => {
    expect(nameFromFolder('/a/hello world')).toBe('hello-world');
    expect(nameFromFolder('/a/..._x')).toBe('x');
    expect(nameFromFolder('/a/%%%')).toBe('my-component');
  });

  it('lists every shipped sample with a one-line description', () => {
    const samples = listSamples(samplesDir());
    expect(samples.map((s) => s.name)).toEqual(readdirSync(samplesDir()).filter((n) => existsSync(join(samplesDir(), n, 'studio.json'))).sort());
    for (const s of samples) {
      expect(s.description, s.name).toMatch(/^\S.{10,200}$/);
      expect(s.description, s.name).not.toContain('\n');
    }
    // A composition shows every member's language, the root's first.
    expect(samples.find((s) => s.name === 'compose-polyglot')).toMatchObject({ language: 'c', languages: ['c', 'js'] });
  });
});

describe('folder listing (browser mode picker)', () => {
  it('lists only folders, without hidden ones, and marks projects', () => {
    mkdirSync(join(root, 'b-project'));
    writeFileSync(join(root, 'b-project/studio.json'), '{}');
    mkdirSync(join(root, 'a'));
    mkdirSync(join(root, '.hidden'));
    writeFileSync(join(root, 'secret.txt'), '');
    symlinkSync(join(root, 'a'), join(root, 'link-to-a'));
    symlinkSync(join(root, 'gone'), join(root, 'dangling'));
    const l = listFolder(root);
    expect(l.folders).toEqual([{ name: 'a', project: false }, { name: 'b-project', project: true }, { name: 'link-to-a', project: false }]);
    expect(l.path).toBe(root);
    expect(l.project).toBe(false);
    expect(listFolder('~', root).path).toBe(root);
    expect(listFolder(join(root, 'b-project')).project).toBe(true);
  });

  it('says clearly what is wrong with a path', () => {
    expect(() => listFolder(join(root, 'nope'))).toThrow(/nope does not exist/);
    writeFileSync(join(root, 'f'), '');
    expect(() => listFolder(join(root, 'f'))).toThrow(/is a file, not a folder/);
    expect(listFolder('/').parent).toBeNull();
  });
});
