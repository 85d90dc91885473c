import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { policySchema } from '../../src-shared/capabilities/policy';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import type { ProjectConfig } from '../../src-shared/protocol/types';
import { covers, grantsBeyondFolder } from './trust-grants';

let root: string;
let dir: string;
const config = (policy: object, language: ProjectConfig['language'] = 'c'): ProjectConfig => ({
  name: 'p',
  language,
  policy: policySchema.parse(policy),
  limits: DEFAULT_LIMITS,
});
const ids = (policy: object, language?: ProjectConfig['language']) => grantsBeyondFolder(dir, config(policy, language)).map((g) => g.id);

beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'trust-grants-')));
  dir = join(root, 'project');
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(root, 'outside'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('what a studio.json asks for beyond its folder', () => {
  it('nothing for a policy that stays inside: mounts of the folder and below, NAME=VALUE, clocks, random, args, stdin', () => {
    expect(ids({
      args: ['a'], stdin: 'text', clocks: { mode: 'real' }, random: { mode: 'real' }, env: [{ name: 'HOME', value: '/nowhere' }],
      mounts: [{ host: '.', guest: '/p', mode: 'rw' }, { host: 'data', guest: '/d', mode: 'rw' }, { host: 'data/not-yet', guest: '/n', mode: 'ro' }],
    })).toEqual([]);
  });

  it('a mount that leaves by "..", by an absolute path, or through a symlink inside the folder that points out', () => {
    symlinkSync(join(root, 'outside'), join(dir, 'data/link'));
    const grants = grantsBeyondFolder(dir, config({
      mounts: [
        { host: '../..', guest: '/up', mode: 'rw' },
        { host: join(root, 'outside'), guest: '/abs', mode: 'ro' },
        { host: 'data/link', guest: '/via-link', mode: 'rw' },
        { host: 'data/link/deeper/not-yet', guest: '/later', mode: 'ro' },
        { host: 'data/../../project/data', guest: '/back-inside', mode: 'rw' },
      ],
    }));
    expect(grants.map((g) => g.id)).toEqual([
      `mount:rw:${realpathSync(join(root, '..'))}`,
      `mount:ro:${join(root, 'outside')}`,
      `mount:rw:${join(root, 'outside')}`,
      `mount:ro:${join(root, 'outside/deeper/not-yet')}`,
    ]);
    // Plain words: what may happen, to which real folder, and where studio.json put it.
    expect(grants[2]!.text).toBe(`read, change, create and delete files in ${join(root, 'outside')} (studio.json mounts "data/link" at /via-link)`);
    expect(grants[1]!.text).toMatch(/^read every file in /);
  });

  it('the project folder reached through a link is judged by its real path', () => {
    symlinkSync(dir, join(root, 'alias'));
    expect(grantsBeyondFolder(join(root, 'alias'), config({ mounts: [{ host: '../project/data', guest: '/d', mode: 'rw' }] }))).toEqual([]);
  });

  it('env inherited by name counts, NAME=VALUE does not; allow-lists count per entry; rust counts as a native build', () => {
    expect(ids({ env: [{ name: 'HOME' }, { name: 'GREETING', value: 'hi' }, { name: 'AWS_SECRET_ACCESS_KEY' }] })).toEqual(['env:HOME', 'env:AWS_SECRET_ACCESS_KEY']);
    expect(ids({ sockets: { mode: 'allow', hosts: ['127.0.0.1:8080', 'localhost:*'] }, http: { mode: 'allow', origins: ['https://example.com'] } })).toEqual([
      'sockets:127.0.0.1:8080', 'sockets:localhost:*', 'http:https://example.com',
    ]);
    expect(ids({}, 'rust')).toEqual(['native-build:rust']);
    for (const language of ['c', 'cpp', 'wat', 'js', 'ts'] as const) expect(ids({}, language)).toEqual([]);
  });

  it('read-write approval of a folder covers read-only, not the other way round', () => {
    expect(covers(new Set(['mount:rw:/x']), 'mount:ro:/x')).toBe(true);
    expect(covers(new Set(['mount:ro:/x']), 'mount:rw:/x')).toBe(false);
    expect(covers(new Set(['mount:rw:/x']), 'mount:rw:/xy')).toBe(false);
  });
});
