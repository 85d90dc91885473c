import { describe, expect, it } from 'vitest';
import { duplicateGuestPath, duplicateGuestPathMessage, guestFolderKey, normalizeGuestPath } from './guest-paths';
import { policySchema } from './policy';
import { parseProject } from '../protocol/project';

describe('normalizeGuestPath', () => {
  it('makes trailing slashes, "." segments and repeated slashes one path', () => {
    for (const p of ['/data', '/data/', '//data', '/./data', '/data/.', '/data//', '/x/../data']) expect(normalizeGuestPath(p)).toBe('/data');
    expect(normalizeGuestPath('/')).toBe('/');
    expect(normalizeGuestPath('//')).toBe('/');
    expect(normalizeGuestPath('/..')).toBe('/');
    expect(normalizeGuestPath('/data/sub')).not.toBe(normalizeGuestPath('/data'));
  });

  it('keeps a relative path relative', () => {
    expect(normalizeGuestPath('data/')).toBe('data');
    expect(normalizeGuestPath('./')).toBe('.');
    expect(normalizeGuestPath('../x')).toBe('../x');
  });
});

describe('guestFolderKey', () => {
  it('is one folder for every spelling wasi-libc resolves alike: leading "/" and "./", trailing "/"', () => {
    for (const p of ['data', '/data', './data', 'data/', '/data/', '//data', './/data/.']) expect(guestFolderKey(p)).toBe('data');
    for (const p of ['/', '.', './', '//']) expect(guestFolderKey(p)).toBe('');
    expect(guestFolderKey('data/sub')).not.toBe(guestFolderKey('data'));
    expect(guestFolderKey('../x')).toBe('../x');
  });
});

describe('duplicateGuestPath', () => {
  it('counts "data", "/data" and "data/" as one folder (they keep their spelling as preopen names)', () => {
    expect(duplicateGuestPath([{ guest: 'data' }, { guest: 'data/' }])).toEqual({ index: 1, first: 'data', second: 'data/' });
    expect(duplicateGuestPath([{ guest: '/data' }, { guest: 'data' }])).toEqual({ index: 1, first: '/data', second: 'data' });
    expect(duplicateGuestPath([{ guest: '.' }, { guest: '/' }])).toEqual({ index: 1, first: '.', second: '/' });
    expect(duplicateGuestPath([{ guest: 'data' }, { guest: 'database' }, { guest: 'data/sub' }])).toBeNull();
  });


  it('finds the later of two mounts at one folder, with both spellings', () => {
    expect(duplicateGuestPath([{ guest: '/a' }, { guest: '/data' }, { guest: '/data/' }])).toEqual({ index: 2, first: '/data', second: '/data/' });
    expect(duplicateGuestPath([{ guest: '/data' }, { guest: '/data/sub' }, { guest: '/' }])).toBeNull();
  });

  it('words the message with the path', () => {
    expect(duplicateGuestPathMessage({ first: '/data', second: '/data/' })).toContain('"/data/" (the same folder as "/data")');
    expect(duplicateGuestPathMessage({ first: '/d', second: '/d' })).toContain('guest path "/d"');
  });
});

describe('a policy with two mounts at one guest path', () => {
  it('is a schema error naming the path and pointing at the second mount', () => {
    const r = policySchema.safeParse({ mounts: [{ host: 'a', guest: '/data', mode: 'ro' }, { host: 'b', guest: '/data/', mode: 'rw' }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['mounts', 1, 'guest']);
    expect(r.error!.issues[0]!.message).toContain('"/data/"');
  });

  it('makes studio.json fail to load with the path in the message', () => {
    const text = JSON.stringify({ name: 'p', language: 'c', policy: { mounts: [{ host: 'a', guest: '/d', mode: 'ro' }, { host: 'b', guest: '//d', mode: 'rw' }] } });
    let message = '';
    try {
      parseProject(text);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^studio\.json: /);
    expect(message).toContain('two mounts at the guest path "//d" (the same folder as "/d")');
    expect(message).toContain('policy.mounts[1].guest');
  });

  it('accepts different guest paths', () => {
    expect(policySchema.safeParse({ mounts: [{ host: 'a', guest: '/data', mode: 'ro' }, { host: 'a', guest: '/data2', mode: 'rw' }] }).success).toBe(true);
  });
});
