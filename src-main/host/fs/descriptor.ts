import {
  constants, fdatasyncSync, fstatSync, fsyncSync, ftruncateSync, futimesSync, linkSync, lstatSync, lutimesSync,
  mkdirSync, openSync, opendirSync, readSync, readlinkSync, renameSync, rmdirSync, symlinkSync, unlinkSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { wallRefusal } from '../../../src-shared/capabilities/imports';
import { closeQuietly, pathOf, type DirHandle } from './dir-handle';
import { toErrorCode } from './errno';
import type { OpenSet } from './open-set';
import { checkGuestPath, resolveBeneath, type Resolved } from './resolve-beneath';
import { descriptorStat, metadataHash, secondsOf, typeOf } from './stat';
import { fileInputStream, fileOutputStream } from './streams';

type Flags = Record<string, boolean | undefined>;
type PathFlags = { symlinkFollow?: boolean };
type NewTimestamp = Parameters<typeof secondsOf>[0];

const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;
const MAX_READ = 1 << 20;

/** Runs a node:fs call, turning its errors into the interface's codes (never Node's message). */
function host<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw toErrorCode(err);
  }
}

/** Resolves, acts on what was resolved, and closes the directories the walk opened. */
function at<T>(dir: DirHandle, path: string, follow: boolean, act: (r: Resolved) => T): T {
  const r = resolveBeneath(dir, path, follow);
  try {
    return host(() => {
      // "x/" names a folder: anything else there is not-directory (a missing x is for the call to judge).
      if (r.mustBeDir && existingNonFolder(r.path)) throw 'not-directory';
      return act(r);
    });
  } finally {
    r.release();
  }
}

function existingNonFolder(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A wasi:filesystem descriptor that holds the fd of what it opened. Every *-at call walks from that
 * fd (resolve-beneath.ts), so a directory renamed away or swapped for a symlink under an open
 * descriptor changes nothing about where the descriptor's calls land.
 */
export class Descriptor {
  #fd = -1;
  #hostPath = '';
  #isDir = false;
  #flags: Flags = {};
  #open: OpenSet | null = null;
  #close: (() => void) | null = null;
  #preopen = false;

  /** Not for the guest: the glue never constructs a descriptor, only this module does. */
  static adopt(fd: number, hostPath: string, isDir: boolean, flags: Flags, open: OpenSet, preopen = false): Descriptor {
    const d = new Descriptor();
    d.#preopen = preopen;
    d.#fd = fd;
    d.#hostPath = hostPath;
    d.#isDir = isDir;
    d.#flags = flags;
    d.#open = open;
    d.#close = open.add(() => closeQuietly(fd));
    return d;
  }

  /** The directory this descriptor holds, for the engine's own checks (never the guest's). */
  static dirOf(d: Descriptor): DirHandle | null {
    return d.#isDir && d.#close ? { fd: d.#fd, hostPath: d.#hostPath } : null;
  }

  [DISPOSE]() {
    // get-directories hands out the same preopens each time (the adapter calls it more than once
    // and drops what it got): they live until the run ends.
    if (this.#preopen) return;
    this.#close?.();
    this.#close = null;
  }

  #live(): number {
    if (!this.#close) throw 'bad-descriptor';
    return this.#fd;
  }
  #dir(): DirHandle {
    const fd = this.#live();
    if (!this.#isDir) throw 'not-directory';
    return { fd, hostPath: this.#hostPath };
  }
  #file(): number {
    const fd = this.#live();
    if (this.#isDir) throw 'is-directory';
    return fd;
  }

  readViaStream(offset: bigint) {
    return fileInputStream(this.#file(), offset);
  }
  writeViaStream(offset: bigint) {
    return fileOutputStream(this.#file(), offset);
  }
  appendViaStream() {
    return fileOutputStream(this.#file(), null);
  }
  advise() {
    this.#file();
  }
  syncData() {
    const fd = this.#live();
    host(() => fdatasyncSync(fd));
  }
  sync() {
    const fd = this.#live();
    host(() => fsyncSync(fd));
  }
  getFlags() {
    this.#live();
    return this.#flags;
  }
  getType() {
    const fd = this.#live();
    return host(() => typeOf(fstatSync(fd)));
  }
  setSize(size: bigint) {
    const fd = this.#file();
    host(() => ftruncateSync(fd, Number(size)));
  }
  setTimes(atime: NewTimestamp, mtime: NewTimestamp) {
    const fd = this.#live();
    host(() => {
      const s = fstatSync(fd, { bigint: true });
      futimesSync(fd, secondsOf(atime, s.atimeNs), secondsOf(mtime, s.mtimeNs));
    });
  }
  read(length: bigint, offset: bigint): [Uint8Array, boolean] {
    const fd = this.#file();
    return host(() => {
      const buf = Buffer.alloc(Math.min(Number(length), MAX_READ));
      const n = readSync(fd, buf, 0, buf.length, Number(offset));
      return [new Uint8Array(buf.buffer, buf.byteOffset, n), n < buf.length];
    });
  }
  write(buffer: Uint8Array, offset: bigint) {
    const fd = this.#file();
    return BigInt(host(() => writeSync(fd, buffer, 0, buffer.length, Number(offset))));
  }
  readDirectory() {
    const dir = this.#dir();
    const open = this.#open!;
    const handle = host(() => opendirSync(pathOf(dir)));
    const close = open.add(() => {
      try {
        handle.closeSync();
      } catch {
        // closed already
      }
    });
    return directoryEntryStream(handle, close);
  }
  stat() {
    const fd = this.#live();
    return host(() => descriptorStat(fstatSync(fd, { bigint: true })));
  }
  statAt(flags: PathFlags, path: string) {
    return at(this.#dir(), path, !!flags.symlinkFollow, (r) => descriptorStat(lstatSync(r.path, { bigint: true })));
  }
  setTimesAt(flags: PathFlags, path: string, atime: NewTimestamp, mtime: NewTimestamp) {
    // A followed final symlink was resolved by the walk: lutimes acts on what it found.
    at(this.#dir(), path, !!flags.symlinkFollow, (r) => {
      const s = lstatSync(r.path, { bigint: true });
      lutimesSync(r.path, secondsOf(atime, s.atimeNs), secondsOf(mtime, s.mtimeNs));
    });
  }
  linkAt(oldFlags: PathFlags, oldPath: string, newDescriptor: Descriptor, newPath: string) {
    const target = newDescriptor.#dir();
    at(this.#dir(), oldPath, !!oldFlags.symlinkFollow, (from) => at(target, newPath, false, (to) => linkSync(from.path, to.path)));
  }
  openAt(flags: PathFlags, path: string, openFlags: Flags, descFlags: Flags) {
    const dir = this.#dir();
    if (descFlags.requestedWriteSync || descFlags.fileIntegritySync || descFlags.dataIntegritySync) throw 'unsupported';
    // O_CREAT|O_EXCL never follows a final symlink (POSIX): it fails on the link itself.
    const follow = !!flags.symlinkFollow && !(openFlags.create && openFlags.exclusive);
    let mode = constants.O_RDONLY;
    if (descFlags.read && descFlags.write) mode = constants.O_RDWR;
    else if (descFlags.write) mode = constants.O_WRONLY;
    // Always O_NOFOLLOW: a final symlink the call asked to follow was followed by the walk, inside the mount.
    // O_NONBLOCK: a fifo in a mount must not hang the run's thread in open(2).
    let oflags = mode | constants.O_NOFOLLOW | O_NONBLOCK;
    if (openFlags.create) oflags |= constants.O_CREAT;
    if (openFlags.directory) oflags |= constants.O_DIRECTORY;
    if (openFlags.exclusive) oflags |= constants.O_EXCL;
    if (openFlags.truncate) oflags |= constants.O_TRUNC;
    return at(dir, path, follow, (r) => {
      const fd = openSync(r.path, r.mustBeDir ? oflags | constants.O_DIRECTORY : oflags, 0o666);
      let isDir: boolean;
      try {
        isDir = fstatSync(fd).isDirectory();
        if (isDir && descFlags.write) throw 'is-directory';
      } catch (err) {
        closeQuietly(fd);
        throw err;
      }
      const hostPath = isDir && r.dir.hostPath ? join(r.dir.hostPath, r.name) : '';
      return Descriptor.adopt(fd, hostPath, isDir, descFlags, this.#open!);
    });
  }
  readlinkAt(path: string) {
    const target = at(this.#dir(), path, false, (r) => readlinkSync(r.path));
    // A host-made absolute link would hand the guest a host path.
    if (target.startsWith('/')) throw wallRefusal('not-permitted', 'the link names a host path');
    return target;
  }
  createDirectoryAt(path: string) {
    at(this.#dir(), path, false, (r) => mkdirSync(r.path));
  }
  removeDirectoryAt(path: string) {
    at(this.#dir(), path, false, (r) => rmdirSync(r.path));
  }
  renameAt(oldPath: string, newDescriptor: Descriptor, newPath: string) {
    const target = newDescriptor.#dir();
    at(this.#dir(), oldPath, false, (from) => at(target, newPath, false, (to) => renameSync(from.path, to.path)));
  }
  symlinkAt(target: string, path: string) {
    checkGuestPath(target);
    at(this.#dir(), path, false, (r) => symlinkSync(target, r.path));
  }
  unlinkFileAt(path: string) {
    at(this.#dir(), path, false, (r) => {
      // "x/" names a folder, which unlink does not remove.
      if (r.mustBeDir) throw 'is-directory';
      unlinkSync(r.path);
    });
  }
  isSameObject(other: Descriptor) {
    // The interface gives this call no error: a closed or failing descriptor is not the same object.
    try {
      const a = metadataHash(fstatSync(this.#live(), { bigint: true }));
      const b = metadataHash(fstatSync(other.#live(), { bigint: true }));
      return a.upper === b.upper && a.lower === b.lower;
    } catch {
      return false;
    }
  }
  metadataHash() {
    const fd = this.#live();
    return host(() => metadataHash(fstatSync(fd, { bigint: true })));
  }
  metadataHashAt(flags: PathFlags, path: string) {
    return at(this.#dir(), path, !!flags.symlinkFollow, (r) => metadataHash(lstatSync(r.path, { bigint: true })));
  }
}

export class DirectoryEntryStream {
  #next: () => { name: string; type: string } | undefined = () => undefined;
  #close: () => void = () => {};
  static of(next: () => { name: string; type: string } | undefined, close: () => void) {
    const s = new DirectoryEntryStream();
    s.#next = next;
    s.#close = close;
    return s;
  }
  readDirectoryEntry() {
    return this.#next();
  }
  [DISPOSE]() {
    this.#close();
  }
}

function directoryEntryStream(dir: import('node:fs').Dir, close: () => void) {
  return DirectoryEntryStream.of(() => {
    const entry = host(() => dir.readSync());
    return entry ? { name: entry.name, type: typeOf(entry) } : undefined;
  }, close);
}
