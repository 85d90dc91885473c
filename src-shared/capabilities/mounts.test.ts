import { describe, expect, it } from 'vitest';
import { takeRefusal, takeRefusalDetail, type ImportObject } from './imports';
import { guardFilesystem, joinInside, type MountGrant } from './mounts';

class Descriptor {
  #path: string;
  calls: string[] = [];
  constructor(path: string) {
    this.#path = path;
  }
  openAt(_pf: object, path: string, ..._flags: object[]) {
    this.calls.push(`openAt ${path}`);
    return new Descriptor(`${this.#path}/${path}`);
  }
  write() {
    return this.#path;
  }
  read() {
    return this.#path;
  }
  symlinkAt(target: string, link: string) {
    this.calls.push(`symlinkAt ${target} ${link}`);
  }
  renameAt(_old: string, other: Descriptor) {
    return other.#path; // a #private read: fails unless the guard unwrapped its proxy
  }
}

function setup(mode: 'ro' | 'rw', verify: ((host: string) => boolean) | null = null) {
  const root = new Descriptor('/host/data');
  const base: ImportObject = {
    'wasi:filesystem/preopens': { getDirectories: () => [[root, '/data']] },
    'wasi:filesystem/types': { Descriptor },
  };
  const mounts: MountGrant[] = [{ host: '/host/data', guest: '/data', mode }];
  const fs = guardFilesystem(base, mounts, verify ? (host) => verify(host) : null);
  const [[dir]] = (fs['wasi:filesystem/preopens'] as { getDirectories(): [Descriptor, string][] }).getDirectories();
  return { dir: dir!, root };
}

/** The call throws exactly this WASI error code, flagged as the policy's refusal. */
const refusedWith = (fn: () => unknown, code: string) => {
  takeRefusal();
  let thrown: unknown = 'nothing thrown';
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBe(code);
  expect(takeRefusal()).toBe(true);
};

describe('joinInside', () => {
  it('keeps paths below the root and refuses climbing out or absolute paths', () => {
    expect(joinInside('', 'a/b')).toBe('a/b');
    expect(joinInside('a', '../b')).toBe('b');
    expect(joinInside('a/b', './../../c')).toBe('c');
    expect(joinInside('', '..')).toBeNull();
    expect(joinInside('a', '../../x')).toBeNull();
    expect(joinInside('', '/etc/passwd')).toBeNull();
  });
});

describe('guardFilesystem', () => {
  it('refuses every change on a read-only mount with read-only, and allows reads', () => {
    const { dir } = setup('ro');
    expect(dir.read()).toBe('/host/data');
    refusedWith(() => dir.write(), 'read-only');
    refusedWith(() => dir.openAt({}, 'new.txt', { create: true }, { write: true }), 'read-only');
    refusedWith(() => dir.openAt({}, 'f.txt', {}, { write: true }), 'read-only');
    const file = dir.openAt({}, 'f.txt', {}, { read: true }) as Descriptor;
    refusedWith(() => file.write(), 'read-only');
  });

  it('lets a read-write mount change files', () => {
    const { dir } = setup('rw');
    expect(dir.write()).toBe('/host/data');
    expect((dir.openAt({}, 'f.txt', { create: true }, { write: true }) as Descriptor).read()).toBe('/host/data/f.txt');
  });

  it('refuses symlinks the guest makes that point outside the mount', () => {
    const { dir, root } = setup('rw');
    refusedWith(() => dir.symlinkAt('/etc', 'evil'), 'not-permitted');
    refusedWith(() => dir.symlinkAt('../../outside', 'sub/evil'), 'not-permitted');
    dir.symlinkAt('../inside.txt', 'sub/ok');
    expect(root.calls).toEqual(['symlinkAt ../inside.txt sub/ok']);
  });

  it('verifies every open and refuses with access when what was opened is not what was asked for', () => {
    const seen: string[] = [];
    const { dir } = setup('rw', (host) => {
      seen.push(host);
      return !host.endsWith('swapped');
    });
    const sub = dir.openAt({}, 'sub', {}, { read: true }) as Descriptor;
    sub.openAt({}, 'file', {}, { read: true });
    refusedWith(() => sub.openAt({}, 'swapped', {}, { read: true }), 'access');
    expect(seen).toEqual(['/host/data/sub', '/host/data/sub/file', '/host/data/sub/swapped']);
  });

  it('unwraps guarded descriptors passed back to the shim', () => {
    const { dir } = setup('rw');
    const other = dir.openAt({}, 'other', {}, { read: true }) as Descriptor;
    expect(dir.renameAt('x', other)).toBe('/host/data/other');
  });

  it('never hands out a preopen that no mount grants', () => {
    const base: ImportObject = { 'wasi:filesystem/preopens': { getDirectories: () => [[new Descriptor('/'), '/']] } };
    const fs = guardFilesystem(base, [], null);
    expect(() => (fs['wasi:filesystem/preopens'] as { getDirectories(): unknown }).getDirectories()).toThrow(/no mount grants/);
  });
});

describe('guardFilesystem: the shim\'s own sandbox refusals', () => {
  class Refusing {
    statAt(_pf: object, path: string) {
      throw path === 'eperm' || path === 'link/x' || path === 'a/../../x' ? 'not-permitted' : 'no-entry';
    }
  }
  const setupRefusing = (leaves: (host: string, mount: string) => boolean) => {
    const base: ImportObject = { 'wasi:filesystem/preopens': { getDirectories: () => [[new Refusing(), '/data']] } };
    const fs = guardFilesystem(base, [{ host: '/host/data', guest: '/data', mode: 'ro' }], null, leaves);
    return (fs['wasi:filesystem/preopens'] as { getDirectories(): [Refusing, string][] }).getDirectories()[0]![0];
  };
  const outcome = (fn: () => unknown) => {
    takeRefusalDetail();
    try {
      fn();
    } catch (e) {
      return [e, takeRefusalDetail()];
    }
    return null;
  };

  it('marks a not-permitted the shim raised for a symlink out of the mount, or a climb past its root, as a refusal', () => {
    const asked: string[] = [];
    const dir = setupRefusing((host, mount) => (asked.push(`${host} in ${mount}`), host.endsWith('/link/x')));
    expect(outcome(() => dir.statAt({}, 'link/x'))).toEqual(['not-permitted', 'a symlink on the path leaves the mount']);
    expect(asked).toEqual(['/host/data/link/x in /host/data']);
    expect(outcome(() => dir.statAt({}, 'a/../../x'))).toEqual(['not-permitted', 'the path climbs out of the mount']);
  });

  it('leaves a host EPERM and other errors unmarked', () => {
    const dir = setupRefusing(() => false);
    expect(outcome(() => dir.statAt({}, 'eperm'))).toEqual(['not-permitted', null]);
    expect(outcome(() => dir.statAt({}, 'missing'))).toEqual(['no-entry', null]);
  });
});
