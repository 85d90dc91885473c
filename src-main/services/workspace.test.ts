import { checkEvent } from '../../src-shared/protocol/schemas';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Workspace } from './workspace';

let dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ws-test-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function makeProject(config: object = { name: 'p', language: 'c' }) {
  const dir = temp();
  writeFileSync(join(dir, 'studio.json'), JSON.stringify(config));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/main.c'), 'int main(void){return 0;}\n');
  return dir;
}

describe('Workspace', () => {
  it('explains a missing folder, a folder without studio.json and an invalid studio.json', () => {
    expect(() => Workspace.open(join(temp(), 'nope'))).toThrow(/does not exist/);
    expect(() => Workspace.open(temp())).toThrow(/has no studio\.json/);
    const bad = makeProject();
    writeFileSync(join(bad, 'studio.json'), '{ "name": "x", ');
    expect(() => Workspace.open(bad)).toThrow(/not valid JSON/);
    const wrong = makeProject({ name: 'p', language: 'cobol' });
    expect(() => Workspace.open(wrong)).toThrow(/language/);
    const zero = makeProject({ name: 'p', language: 'c', limits: { timeoutMs: 0, maxOutputBytes: 10 } });
    expect(() => Workspace.open(zero)).toThrow(/timeoutMs/);
  });

  it('applies deny-by-default when studio.json grants nothing', () => {
    const ws = Workspace.open(makeProject());
    expect(ws.project.policy).toMatchObject({ args: [], env: [], mounts: [], clocks: { mode: 'denied' }, random: { mode: 'denied' } });
  });

  it('lists and reads project files and keeps every path inside the project', () => {
    const dir = makeProject();
    const outside = temp();
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    symlinkSync(outside, join(dir, 'link'));
    const ws = Workspace.open(dir);
    expect(ws.list()).toEqual(['src/main.c', 'studio.json']);
    expect(ws.read('src/main.c')).toContain('main');
    expect(() => ws.read('../x')).toThrow(/leaves the project/);
    expect(() => ws.read('/etc/passwd')).toThrow(/not a project path/);
    expect(() => ws.read('link/secret.txt')).toThrow(/through a link/);
    expect(() => ws.write('link/new.txt', 'x')).toThrow(/through a link/);
    expect(() => ws.read('src/../../x')).toThrow(/leaves the project/);
  });

  it('writes atomically and leaves no temporary files behind', () => {
    const dir = makeProject();
    const ws = Workspace.open(dir);
    ws.write('src/main.c', 'int main(void){return 1;}\n');
    expect(readFileSync(join(dir, 'src/main.c'), 'utf8')).toBe('int main(void){return 1;}\n');
    ws.write('src/new/deep.c', 'x');
    expect(readdirSync(join(dir, 'src')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('saves an invalid studio.json, keeps its settings and holds the problem at its line until it is fixed', () => {
    const ws = Workspace.open(makeProject());
    const good = ws.read('studio.json');
    ws.write('studio.json', '{\n  "name": "p",\n  "language": "c",\n  "policy": {\n    "args": 3\n  }\n}\n');
    expect(ws.read('studio.json')).toContain('"args": 3');
    expect(ws.project.name).toBe('p');
    expect(ws.configProblem).toMatchObject({ file: 'studio.json', line: 5, column: 5, severity: 'error' });
    expect(ws.configProblem!.message).toContain('policy.args');
    expect(ws.info().configProblem).toEqual(ws.configProblem);

    ws.write('studio.json', '{\n  "name": "p",\n  "language": "c",\n');
    expect(ws.configProblem).toMatchObject({ line: 4, column: 1 });
    expect(ws.configProblem!.message).toMatch(/not valid JSON/);

    // What the studio sends every window about it passes the renderer's check of that event.
    expect(checkEvent('project.updated', ws.info())).toBe(true);

    ws.write('studio.json', good);
    expect(ws.configProblem).toBeNull();
    expect(ws.info().configProblem).toBeNull();
    expect(checkEvent('project.updated', ws.info())).toBe(true);
  });
});
