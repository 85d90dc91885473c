import { describe, expect, it } from 'vitest';
import { takeRefusal, takeRefusalDetail, type ImportObject } from './imports';
import { guardFilesystem, joinInside, targetStaysInside, type MountGrant } from './mounts';

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
  readlinkAt(path: string) {
    return path.split('/').pop()!.startsWith('up') ? '../x' : path === 'abs' ? '/etc/passwd' : 'x';
  }
  statAt(_pf: object, path: string) {
    return { type: path.endsWith('link') ? 'symbolic-link' : 'regular-file' };
  }
  renameAt(_old: string, other: Descriptor, _new?: string) {
    this.calls.push('renameAt');
    return other.#path; // a #private read: fails unless the guard unwrapped its proxy
  }
  linkAt(_f: object, _old: string, other: Descriptor, _new?: string) {
    this.calls.push('linkAt');
    return other.#path;
  }
  get path() {
    return this.#path;
  }
}

/** The test's engine: a descriptor's real folder is its path below the root's (no symlinks here). */
const realFolder = (root: object, dir: object) => {
  const rel = (dir as Descriptor).path.slice((root as Descriptor).path.length).replace(/^\/+/, '');
  return rel.replace(/\/\.$/, '').replace(/^\.$/, '');
};

function setup(mode: 'ro' | 'rw', others: MountGrant[] = []) {
  const root = new Descriptor('/host/data');
  const extra = others.map((m) => new Descriptor(m.host));
  const base: ImportObject = {
    'wasi:filesystem/preopens': { getDirectories: () => [[root, '/data'], ...extra.map((d, i) => [d, others[i]!.guest])] },
    'wasi:filesystem/types': { Descriptor },
  };
  const mounts: MountGrant[] = [{ host: '/host/data', guest: '/data', mode }, ...others];
  const fs = guardFilesystem(base, mounts, realFolder);
  const dirs = (fs['wasi:filesystem/preopens'] as { getDirectories(): [Descriptor, string][] }).getDirectories().map(([d]) => d);
  return { dir: dirs[0]!, root, others: dirs.slice(1) };
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
    // Each symlink's folder is looked up by the engine (openAt), the refused one included.
    expect(root.calls).toEqual(['openAt sub', 'openAt sub', 'symlinkAt ../inside.txt sub/ok']);
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

  it('pairs preopens with mounts by position, so two mounts at one guest path keep their own modes', () => {
    const { dir, others } = setup('rw', [{ host: '/host/ro', guest: '/data', mode: 'ro' }]);
    expect(dir.write()).toBe('/host/data');
    refusedWith(() => others[0]!.write(), 'read-only');
    refusedWith(() => others[0]!.openAt({}, 'new', { create: true }, { write: true }), 'read-only');
  });

  it('refuses a rename or link from a read-write mount onto a read-only one', () => {
    const { dir, root, others } = setup('rw', [{ host: '/host/ro', guest: '/ro', mode: 'ro' }]);
    refusedWith(() => dir.renameAt('f', others[0]!), 'read-only');
    refusedWith(() => dir.linkAt({}, 'f', others[0]!), 'read-only');
    expect(root.calls).toEqual([]);
    const sub = dir.openAt({}, 'sub', {}, { read: true }) as Descriptor;
    dir.renameAt('f', sub);
    expect(root.calls).toEqual(['openAt sub', 'renameAt']);
  });

  it('refuses a NUL in any path with invalid', () => {
    const { dir } = setup('rw');
    refusedWith(() => dir.openAt({}, 'a\0b', {}, { read: true }), 'invalid');
    refusedWith(() => dir.symlinkAt('x\0', 'l'), 'invalid');
  });

  it('shows readlink only for a relative target that stays in the mount, from the link\'s real folder', () => {
    const { dir } = setup('rw');
    expect(dir.readlinkAt('l')).toBe('x');
    expect(dir.readlinkAt('sub/up')).toBe('../x');
    refusedWith(() => dir.readlinkAt('up'), 'not-permitted');
    refusedWith(() => dir.readlinkAt('abs'), 'not-permitted');
  });

  it('judges a symlink that is renamed or linked elsewhere again from where it lands', () => {
    const { dir, root } = setup('rw');
    const sub = dir.openAt({}, 'sub', {}, { read: true }) as Descriptor;
    refusedWith(() => sub.renameAt('up-link', dir, 'moved'), 'not-permitted');
    refusedWith(() => sub.linkAt({}, 'up-link', dir, 'moved'), 'not-permitted');
    expect(sub.calls).toEqual([]);
    sub.renameAt('file', dir, 'moved');
    expect(sub.calls).toEqual(['renameAt']);
    expect(root.calls).toContain('openAt sub');
  });
});

describe('targetStaysInside', () => {
  it('allows as many leading .. as the folder is deep and no .. after a name', () => {
    expect(targetStaysInside('', 'a/b')).toBe(true);
    expect(targetStaysInside('a/b', '../../c')).toBe(true);
    expect(targetStaysInside('a/b', '../../../c')).toBe(false);
    // With loop -> ., "loop/../x" is the mount's parent: no lexical reading can tell.
    expect(targetStaysInside('', 'loop/../x')).toBe(false);
    expect(targetStaysInside('', '/etc')).toBe(false);
  });
});

describe('guardFilesystem: the shim\'s own sandbox refusals', () => {
  class Refusing {
    statAt(_pf: object, path: string) {
      throw path === 'eperm' || path === 'link/x' || path === 'a/../../x' ? 'not-permitted' : 'no-entry';
    }
  }
  const setupRefusing = () => {
    const base: ImportObject = { 'wasi:filesystem/preopens': { getDirectories: () => [[new Refusing(), '/data']] } };
    const fs = guardFilesystem(base, [{ host: '/host/data', guest: '/data', mode: 'ro' }], null);
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

  it('marks a not-permitted the engine raised for a climb past the mount root as a refusal', () => {
    expect(outcome(() => setupRefusing().statAt({}, 'a/../../x'))).toEqual(['not-permitted', 'the path climbs out of the mount']);
  });

  it('leaves a host EPERM and other errors unmarked', () => {
    const dir = setupRefusing();
    expect(outcome(() => dir.statAt({}, 'eperm'))).toEqual(['not-permitted', null]);
    expect(outcome(() => dir.statAt({}, 'missing'))).toEqual(['no-entry', null]);
  });
});
