import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrustGrant } from '../../src-shared/protocol/types';
import { TRUST_FILE, TrustStore } from './trust-store';

let root: string;
const folder = (name: string) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
const grant = (id: string): TrustGrant => ({ id, kind: 'env', text: id });
const store = () => new TrustStore(join(root, 'config'), () => 1000);

beforeEach(() => (root = realpathSync(mkdtempSync(join(tmpdir(), 'trust-store-')))));
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the trust store', () => {
  it('asks until trusted, remembers per folder (by real path) in the config folder, never in the project', () => {
    const a = folder('a');
    const b = folder('b');
    symlinkSync(a, join(root, 'a-link'));
    const grants = [grant('env:HOME'), grant('mount:rw:/x')];
    expect(store().status(a, grants)).toMatchObject({ state: 'ask', pending: grants });
    store().decide(a, grants.map((g) => g.id), true);
    expect(store().status(a, grants)).toMatchObject({ state: 'trusted', pending: [] });
    expect(store().status(join(root, 'a-link'), grants).state).toBe('trusted');
    expect(store().status(b, grants).state).toBe('ask');
    expect(readdirSync(a)).toEqual([]);
    const saved = JSON.parse(readFileSync(join(root, 'config', TRUST_FILE), 'utf8'));
    expect(saved).toEqual({ version: 1, folders: [{ dir: a, trusted: ['env:HOME', 'mount:rw:/x'], refused: [], at: 1000 }] });
  });

  it('a new grant asks again for the new one only; fewer grants, or read-only where read-write was approved, never ask', () => {
    const a = folder('a');
    store().decide(a, ['env:HOME', 'mount:rw:/x'], true);
    expect(store().status(a, [grant('env:HOME'), grant('env:GITHUB_TOKEN')])).toMatchObject({ state: 'ask', pending: [grant('env:GITHUB_TOKEN')] });
    expect(store().status(a, [grant('mount:ro:/x')]).state).toBe('trusted');
    expect(store().status(a, []).state).toBe('trusted');
  });

  it('a refusal is remembered (not asked again) until studio.json asks for something new; trusting later lifts it', () => {
    const a = folder('a');
    store().decide(a, ['env:HOME'], false);
    expect(store().status(a, [grant('env:HOME')]).state).toBe('refused');
    expect(store().status(a, [grant('env:HOME'), grant('env:PATH')]).state).toBe('ask');
    store().decide(a, ['env:HOME'], true);
    expect(store().status(a, [grant('env:HOME')]).state).toBe('trusted');
    expect(JSON.parse(readFileSync(store().file, 'utf8')).folders[0].refused).toEqual([]);
  });

  it('writes through a temporary file renamed into place (none left behind, even when the rename fails); a broken file trusts nothing', () => {
    const a = folder('a');
    const b = folder('b');
    store().decide(a, ['env:HOME'], true);
    store().decide(b, ['env:PATH'], true);
    expect(readdirSync(join(root, 'config'))).toEqual([TRUST_FILE]);
    expect(store().status(a, [grant('env:HOME')]).state).toBe('trusted');
    const before = readFileSync(store().file, 'utf8');
    // A file where the temporary file would be renamed over: the rename fails, the old list stays whole.
    rmSync(store().file);
    mkdirSync(store().file);
    writeFileSync(join(store().file, 'x'), '');
    expect(() => store().decide(a, ['env:USER'], true)).toThrow();
    expect(readdirSync(join(root, 'config'))).toEqual([TRUST_FILE]);
    rmSync(store().file, { recursive: true });
    writeFileSync(store().file, before.slice(0, 20));
    expect(store().status(a, [grant('env:HOME')]).state).toBe('ask');
  });
});
