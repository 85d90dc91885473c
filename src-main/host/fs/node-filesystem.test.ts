import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { takeRefusalDetail } from '../../../src-shared/capabilities/imports';
import { guardFilesystem } from '../../../src-shared/capabilities/mounts';
import { nodeFilesystem, realFolder } from './node-filesystem';
import { ANCHORED } from './dir-handle';
import { filesystemErrorCode } from './streams';

type D = Record<string, (...a: unknown[]) => unknown> & { [Symbol.dispose](): void };
const R = { read: true };
const RW = { read: true, write: true };
const DIR = { directory: true };

let top: string;
let mount: string;
let fs: ReturnType<typeof nodeFilesystem>;
let root: D;
beforeEach(() => {
  top = mkdtempSync(join(tmpdir(), 'node-fs-'));
  mount = join(top, 'm');
  mkdirSync(join(mount, 'p/d'), { recursive: true });
  mkdirSync(join(top, 'outside'));
  writeFileSync(join(top, 'outside/secret.txt'), 'secret');
  writeFileSync(join(mount, 'p/d/inner.txt'), 'inner');
  fs = nodeFilesystem([{ host: mount, guest: '/m', mode: 'rw' }]);
  root = (fs.imports['wasi:filesystem/preopens'] as { getDirectories(): [D, string][] }).getDirectories()[0]![0];
});
afterEach(() => {
  fs.close();
  rmSync(top, { recursive: true, force: true });
});

/** The error code a call threw, and the refusal reason it recorded (null: not a refusal). */
const failure = (fn: () => unknown) => {
  takeRefusalDetail();
  try {
    fn();
  } catch (e) {
    return [e, takeRefusalDetail()];
  }
  return 'no error';
};

describe.runIf(ANCHORED)('the Node filesystem (anchored: Linux)', () => {
  it('keeps a descriptor on the folder it opened when that folder is moved and a link out put in its place', () => {
    const d = root.openAt({}, 'p/d', DIR, R) as D;
    renameSync(join(mount, 'p'), join(mount, 'p-moved'));
    mkdirSync(join(mount, 'p'));
    symlinkSync('../../outside', join(mount, 'p/d'));
    expect(failure(() => d.statAt({}, 'secret.txt'))).toEqual(['no-entry', null]);
    expect((d.statAt({}, 'inner.txt') as { size: bigint }).size).toBe(5n);
    d.createDirectoryAt('new');
    expect(existsSync(join(mount, 'p-moved/d/new'))).toBe(true);
    expect(readdirSync(join(top, 'outside'))).toEqual(['secret.txt']);
    expect(realFolder(root, d)).toBe('p-moved/d');
  });

  it('walks beneath the descriptor: no climbing out, no absolute or outward links, a bounded number of links', () => {
    symlinkSync(join(top, 'outside'), join(mount, 'abs'));
    symlinkSync('../outside', join(mount, 'rel'));
    symlinkSync('p/d', join(mount, 'in'));
    symlinkSync('loop', join(mount, 'loop'));
    expect(failure(() => root.statAt({}, '../outside/secret.txt'))).toEqual(['not-permitted', 'the path climbs out of the mount']);
    expect(failure(() => root.statAt({}, 'abs/secret.txt'))).toEqual(['not-permitted', 'a symlink on the path leaves the mount']);
    expect(failure(() => root.statAt({}, 'rel/secret.txt'))).toEqual(['not-permitted', 'a symlink on the path leaves the mount']);
    expect(failure(() => root.statAt({ symlinkFollow: true }, 'loop'))).toEqual(['loop', null]);
    expect((root.statAt({}, 'in/inner.txt') as { type: string }).type).toBe('regular-file');
    expect((root.statAt({}, 'in') as { type: string }).type).toBe('symbolic-link');
    expect((root.statAt({ symlinkFollow: true }, 'in') as { type: string }).type).toBe('directory');
    // A subdirectory's descriptor is its own root, as in wasmtime.
    const d = root.openAt({}, 'p/d', DIR, R) as D;
    expect(failure(() => d.statAt({}, '../d/inner.txt'))).toEqual(['not-permitted', 'the path climbs out of the mount']);
  });

  it('answers a NUL, an absolute path and a host-made absolute link with error codes, never a host path', () => {
    symlinkSync(join(top, 'outside/secret.txt'), join(mount, 'abs'));
    expect(failure(() => root.openAt({}, 'a\0b', {}, R))[0]).toBe('invalid');
    expect(failure(() => root.statAt({}, '/etc/passwd'))[0]).toBe('not-permitted');
    expect(failure(() => root.readlinkAt('abs'))).toEqual(['not-permitted', 'the link names a host path']);
    expect(failure(() => root.openAt({}, 'p/d/inner.txt/', {}, R))[0]).toBe('not-directory');
  });

  it('reads and writes through streams, and names a stream error by its code', () => {
    const f = root.openAt({}, 'f.txt', { create: true }, RW) as D;
    const out = f.writeViaStream(0n) as D;
    out.blockingWriteAndFlush(new TextEncoder().encode('hello'));
    expect(readFileSync(join(mount, 'f.txt'), 'utf8')).toBe('hello');
    const input = f.readViaStream(1n) as D;
    expect(new TextDecoder().decode(input.blockingRead(10n) as Uint8Array)).toBe('ello');
    expect(failure(() => input.blockingRead(10n))[0]).toEqual({ tag: 'closed' });
    const readOnly = root.openAt({}, 'f.txt', {}, R) as D;
    const [err] = failure(() => (readOnly.writeViaStream(0n) as D).write(new Uint8Array(1))) as [{ tag: string; val: { payload: unknown; message: string } }];
    expect(err.tag).toBe('last-operation-failed');
    expect(filesystemErrorCode(err.val as never)).toBe('bad-descriptor');
    expect(err.val.message).not.toContain(top);
  });

  it('closes every fd it opened when the run ends, whatever the guest left open', () => {
    const count = () => readdirSync('/proc/self/fd').length;
    const before = count();
    const run = nodeFilesystem([{ host: mount, guest: '/m', mode: 'rw' }]);
    const r = (run.imports['wasi:filesystem/preopens'] as { getDirectories(): [D, string][] }).getDirectories()[0]![0];
    const d = r.openAt({}, 'p/d', DIR, R) as D;
    d.openAt({}, 'inner.txt', {}, R);
    d.readDirectory();
    (r.openAt({}, 'p', DIR, R) as D)[Symbol.dispose](); // dropped by the guest: closed at once
    expect(count()).toBe(before + 4);
    run.close();
    expect(count()).toBe(before);
  });
});

describe.runIf(ANCHORED)('the Node filesystem: a path ending in /', () => {
  it('names a folder, through a link to one, and is not-directory for anything else', () => {
    writeFileSync(join(mount, 'file'), 'f');
    symlinkSync('p', join(mount, 'to-p'));
    symlinkSync('file', join(mount, 'to-file'));
    expect((root.statAt({}, 'to-p/') as { type: string }).type).toBe('directory');
    expect(failure(() => root.statAt({}, 'file/'))[0]).toBe('not-directory');
    expect(failure(() => root.statAt({}, 'to-file/'))[0]).toBe('not-directory');
    expect(failure(() => root.openAt({}, 'file/', {}, R))[0]).toBe('not-directory');
    expect(failure(() => root.unlinkFileAt('p/'))[0]).toBe('is-directory');
    root.createDirectoryAt('made/');
    expect(existsSync(join(mount, 'made'))).toBe(true);
    root.removeDirectoryAt('made/');
    expect(existsSync(join(mount, 'made'))).toBe(false);
  });
});

describe.runIf(ANCHORED)('the Node filesystem: a stale descriptor, every *-at call', () => {
  it('acts on the folder it holds, never through the link now at its old path', () => {
    writeFileSync(join(top, 'outside/victim.txt'), 'victim');
    mkdirSync(join(top, 'outside/emptydir'));
    writeFileSync(join(mount, 'mine.txt'), 'mine');
    const d = root.openAt({}, 'p/d', DIR, R) as D;
    renameSync(join(mount, 'p'), join(mount, 'p-moved'));
    mkdirSync(join(mount, 'p'));
    symlinkSync('../../outside', join(mount, 'p/d'));
    const outsideBefore = readdirSync(join(top, 'outside')).sort();
    const epoch = { tag: 'timestamp', val: { seconds: 0n, nanoseconds: 0 } };
    const codes = [
      () => d.statAt({}, 'secret.txt'),
      () => d.metadataHashAt({}, 'secret.txt'),
      () => d.openAt({}, 'secret.txt', {}, R),
      () => d.linkAt({}, 'secret.txt', root, 'stolen'),
      () => d.renameAt('victim.txt', root, 'moved-in'),
      () => d.removeDirectoryAt('emptydir'),
      () => d.unlinkFileAt('victim.txt'),
      () => d.setTimesAt({}, 'victim.txt', epoch, epoch),
      () => d.readlinkAt('secret.txt'),
    ].map((fn) => failure(fn)[0]);
    expect(codes).toEqual(Array(9).fill('no-entry'));
    root.linkAt({}, 'mine.txt', d, 'planted');
    root.renameAt('mine.txt', d, 'dropped');
    d.createDirectoryAt('newdir');
    d.symlinkAt('inner.txt', 'newlink');
    const names: string[] = [];
    const entries = d.readDirectory() as D;
    for (let e = entries.readDirectoryEntry() as { name: string } | undefined; e; e = entries.readDirectoryEntry() as { name: string } | undefined) names.push(e.name);
    expect(names.sort()).toEqual(['dropped', 'inner.txt', 'newdir', 'newlink', 'planted']);
    expect(readdirSync(join(mount, 'p-moved/d')).sort()).toEqual(names);
    expect(readdirSync(join(top, 'outside')).sort()).toEqual(outsideBefore);
  });
});

describe('the Node filesystem behind the guard: two mounts at one guest path', () => {
  it('keeps each its own folder and mode', () => {
    const ro = join(top, 'ro');
    mkdirSync(ro);
    const two = nodeFilesystem([{ host: mount, guest: '/m', mode: 'rw' }, { host: ro, guest: '/m', mode: 'ro' }]);
    try {
      const mounts = [{ host: mount, guest: '/m', mode: 'rw' as const }, { host: ro, guest: '/m', mode: 'ro' as const }];
      const guarded = guardFilesystem(two.imports, mounts, realFolder);
      const [[rw], [readOnly]] = (guarded['wasi:filesystem/preopens'] as { getDirectories(): [D, string][] }).getDirectories();
      expect(failure(() => readOnly!.openAt({}, 'new.txt', { create: true }, RW))[0]).toBe('read-only');
      rw!.openAt({}, 'new.txt', { create: true }, RW);
      expect(existsSync(join(mount, 'new.txt'))).toBe(true);
      expect(readdirSync(ro)).toEqual([]);
    } finally {
      two.close();
    }
  });
});
