import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECENT_CAP, RecentProjects } from './recent';
import { userConfigDir } from '../user-dirs';

let root: string;
let clock: number;
const project = (name: string) => {
  const dir = join(root, 'projects', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'studio.json'), '{}');
  return dir;
};
const store = () => new RecentProjects(join(root, 'config'), () => ++clock);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'studio-recent-'));
  clock = 1000;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('recent projects', () => {
  it('lists the most recent first and keeps one entry per folder (a reopen moves it to the top)', () => {
    const a = project('a');
    const b = project('b');
    const r = store();
    r.add(a, 'a');
    r.add(b, 'b');
    expect(r.list().map((p) => p.name)).toEqual(['b', 'a']);
    r.add(join(a, '.'), 'a'); // the same folder, spelled differently
    expect(r.list().map((p) => [p.name, p.dir, p.openedAt])).toEqual([['a', a, 1003], ['b', b, 1002]]);
  });

  it(`keeps at most ${RECENT_CAP}`, () => {
    const r = store();
    for (let i = 0; i < RECENT_CAP + 5; i++) r.add(project(`p${i}`), `p${i}`);
    const names = r.list().map((p) => p.name);
    expect(names).toHaveLength(RECENT_CAP);
    expect(names[0]).toBe(`p${RECENT_CAP + 4}`);
    expect(names).not.toContain('p0');
  });

  it('marks a folder that is gone (or lost its studio.json) as missing, and removes it on request', () => {
    const a = project('a');
    const b = project('b');
    const r = store();
    r.add(a, 'a');
    r.add(b, 'b');
    rmSync(b, { recursive: true });
    rmSync(join(a, 'studio.json'));
    expect(r.list().map((p) => [p.name, p.missing])).toEqual([['b', true], ['a', true]]);
    expect(r.remove(b).map((p) => p.name)).toEqual(['a']);
    expect(store().list().map((p) => p.name)).toEqual(['a']); // persisted
  });

  it('writes atomically: no temporary file is left, and a torn or foreign file reads as an empty list', () => {
    const r = store();
    r.add(project('a'), 'a');
    expect(readdirSync(join(root, 'config'))).toEqual(['recent.json']);
    expect(JSON.parse(readFileSync(r.file, 'utf8'))).toMatchObject({ version: 1, projects: [{ name: 'a' }] });
    writeFileSync(r.file, '{"version":1,"projects":[{"dir":');
    expect(r.list()).toEqual([]);
    writeFileSync(r.file, '{"version":1,"projects":[{"dir":42},{"dir":"/x","name":"x","openedAt":1}]}');
    expect(r.list().map((p) => p.name)).toEqual(['x']);
    r.add(project('b'), 'b'); // a broken file is replaced whole, not appended to
    expect(r.list().map((p) => p.name)).toEqual(['b', 'x']);
  });

  it('lives in the XDG config folder unless COMPONENT_STUDIO_CONFIG_DIR says otherwise', () => {
    expect(userConfigDir({}, '/home/ada')).toBe('/home/ada/.config/component-studio');
    expect(userConfigDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/cfg/component-studio');
    expect(userConfigDir({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.config/component-studio');
    expect(userConfigDir({ COMPONENT_STUDIO_CONFIG_DIR: '/tmp/x', XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe('/tmp/x');
  });
});
