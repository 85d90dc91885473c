import { refusal, wallRefusal, type ImportObject } from './imports';

/** A folder granted to the guest: the host folder (absolute), where the guest sees it, and how. */
export interface MountGrant {
  host: string;
  guest: string;
  mode: 'ro' | 'rw';
}

/**
 * Where a directory descriptor really sits below its mount's root descriptor ('' for the root,
 * '/'-separated), or null when it is not below it. Each engine answers from its own filesystem:
 * Node from the kernel's names of the two fds, the browser from its in-memory tree.
 */
export type RealFolder = (root: object, dir: object) => string | null;

const MUTATORS = new Set([
  'write', 'writeViaStream', 'appendViaStream', 'setSize', 'setTimes', 'setTimesAt', 'createDirectoryAt',
  'linkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'sync', 'syncData',
]);

type Flags = Record<string, boolean | undefined>;
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
interface Place {
  mount: MountGrant;
  /** Path below the mount root as the guest wrote it, '/'-separated, no leading slash. */
  rel: string;
  /** The mount's root descriptor as the engine made it (not our proxy). */
  root: object;
}

const parentOf = (path: string) => {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut < 0 ? '' : trimmed.slice(0, cut);
};

/**
 * Whether a symlink target, read from a folder at `folder` below the mount root, stays below it.
 * Only leading `..` are allowed, as many as the folder is deep: a `..` after a name would be taken
 * from wherever that name leads (with `loop -> .`, `loop/../x` is the mount's parent), which no
 * lexical reading can know.
 */
export function targetStaysInside(folder: string, target: string): boolean {
  if (target.startsWith('/')) return false;
  const depth = folder ? folder.split('/').length : 0;
  let ups = 0;
  let named = false;
  for (const seg of target.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg !== '..') named = true;
    else if (named) return false;
    else ups++;
  }
  return ups <= depth;
}

/** Joins guest path segments below a mount root; null when ".." would climb out of it. */
export function joinInside(base: string, path: string): string | null {
  if (path.startsWith('/')) return null;
  const parts = base ? base.split('/') : [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * Guards the filesystem imports of one run: read-only mounts refuse every change (at both ends of a
 * rename or link), a symlink the guest makes or moves may not point outside its mount, readlink
 * shows only links that stay inside, and a NUL in a path is `invalid`. Refusals reach the guest as
 * the filesystem's own error codes. Preopens pair with mounts by position, never by guest path.
 */
export function guardFilesystem(base: ImportObject, mounts: MountGrant[], realFolder: RealFolder | null, notPermittedIsRefusal = false): ImportObject {
  const preopens = base['wasi:filesystem/preopens'] as { getDirectories(): [object, string][] } | undefined;
  if (!preopens) return base;
  const placeOf = new WeakMap<object, Place>();
  const targetOf = new WeakMap<object, object>();
  const unwrap = (v: unknown) => (typeof v === 'object' && v !== null ? (targetOf.get(v) ?? v) : v);

  const guard = (target: object, place: Place): object => {
    const proxy = new Proxy(target, {
      get(t, prop) {
        const value = Reflect.get(t, prop, t);
        if (typeof value !== 'function') return value;
        if (typeof prop !== 'string') return (...a: unknown[]) => Reflect.apply(value, t, a.map(unwrap));
        return (...args: unknown[]) => {
          // Node would throw a TypeError naming the host path; the browser would store the name.
          if (args.some((a) => typeof a === 'string' && a.includes('\0'))) throw wallRefusal('invalid', 'a NUL in the path');
          const ro = place.mount.mode === 'ro';
          if (ro && MUTATORS.has(prop)) throw refusal('read-only');
          if (prop === 'renameAt' || prop === 'linkAt') checkOtherEnd(t, place, prop, args);
          if (prop === 'symlinkAt') checkLinkTarget(t, place, args[1] as string, args[0] as string, 'the symlink would point out of the mount');
          let result: unknown;
          try {
            if (prop === 'openAt') return openAt(t, value, place, args);
            result = Reflect.apply(value, t, args.map(unwrap));
          } catch (err) {
            throw err === 'not-permitted' ? markSandboxRefusal(t, err, place, prop, args) : err;
          }
          if (prop === 'readlinkAt') checkLinkTarget(t, place, args[0] as string, result as string, 'the link points out of the mount');
          return result;
        };
      },
    });
    placeOf.set(proxy, place);
    targetOf.set(proxy, target);
    return proxy;
  };

  const openAt = (t: object, fn: Function, place: Place, args: unknown[]) => {
    const [, path, openFlags, descFlags] = args as [Flags, string, Flags, Flags];
    if (place.mount.mode === 'ro' && (openFlags.create || openFlags.truncate || descFlags.write || descFlags.mutateDirectory)) {
      throw refusal('read-only');
    }
    const rel = joinInside(place.rel, path);
    if (rel === null) throw wallRefusal('not-permitted', 'the path climbs out of the mount');
    const opened = Reflect.apply(fn, t, args) as object;
    return guard(opened, { ...place, rel });
  };

  // The engine's own refusal of a path that leaves the mount (the Node filesystem marks its own).
  const markSandboxRefusal = (t: object, err: unknown, place: Place, method: string, args: unknown[]) => {
    const path = method === 'symlinkAt' ? args[1] : args.find((a) => typeof a === 'string');
    if (typeof path !== 'string') return err;
    if (joinInside(place.rel, path) === null) return wallRefusal(err, 'the path climbs out of the mount');
    // The browser's in-memory tree says not-permitted only for a symlink out of it, and for a hard link to a folder.
    if (notPermittedIsRefusal && !(method === 'linkAt' && isFolder(t, args[0] as Flags, path))) {
      return wallRefusal(err, 'a symlink on the path leaves the mount');
    }
    return err;
  };
  const isFolder = (t: object, flags: Flags, path: string) => {
    try {
      return (t as { statAt(f: Flags, p: string): { type: string } }).statAt(flags, path).type === 'directory';
    } catch {
      return false;
    }
  };

  /** The real folder (below the mount root) of the folder that holds `path`, looked up by the engine. */
  const folderHolding = (t: object, place: Place, path: string): string | null => {
    const parent = parentOf(path);
    if (!realFolder) return joinInside(place.rel, parent);
    const open = (t as { openAt: (...a: unknown[]) => object }).openAt;
    const dir = open.call(t, { symlinkFollow: true }, parent || '.', { directory: true }, { read: true });
    try {
      return realFolder(place.root, dir);
    } finally {
      (dir as Record<symbol, (() => void) | undefined>)[DISPOSE]?.();
    }
  };

  const checkLinkTarget = (t: object, place: Place, linkPath: string, target: string, why: string) => {
    if (typeof target !== 'string' || target.startsWith('/')) throw wallRefusal('not-permitted', why);
    const folder = folderHolding(t, place, linkPath);
    if (folder === null || !targetStaysInside(folder, target)) throw wallRefusal('not-permitted', why);
  };

  // rename-at(old, new-descriptor, new) and link-at(flags, old, new-descriptor, new): the far end
  // must be writable too, and a symlink moved or linked elsewhere is judged again from where it lands.
  const checkOtherEnd = (t: object, place: Place, prop: string, args: unknown[]) => {
    const at = prop === 'renameAt' ? 1 : 2;
    const other = placeOf.get(args[at] as object);
    if (!other) throw refusal('bad-descriptor');
    if (other.mount.mode === 'ro') throw refusal('read-only', 'the other end is a read-only mount');
    if (prop === 'linkAt' && (args[0] as Flags).symlinkFollow) return;
    const oldPath = args[at - 1] as string;
    const own = t as { statAt(f: Flags, p: string): { type: string }; readlinkAt(p: string): string };
    let type: string;
    try {
      type = own.statAt({ symlinkFollow: false }, oldPath).type;
    } catch {
      return; // the call itself will fail with its own error
    }
    if (type !== 'symbolic-link') return;
    checkLinkTarget(unwrap(args[at]) as object, other, args[at + 1] as string, own.readlinkAt(oldPath), 'the symlink would point out of the mount');
  };

  return {
    ...base,
    'wasi:filesystem/preopens': {
      getDirectories: () => {
        const offered = preopens.getDirectories();
        return offered.map(([descriptor, guestPath], i) => {
          const mount = mounts[i];
          // Paired by position: two mounts at one guest path must not swap settings. A preopen no
          // grant names would be a leak: refuse to hand it out at all.
          if (!mount || mount.guest !== guestPath || offered.length !== mounts.length) {
            throw new Error(`internal: the shim offered ${guestPath}, which no mount grants at that position`);
          }
          return [guard(descriptor, { mount, rel: '', root: descriptor }), guestPath] as [object, string];
        });
      },
    },
  };
}
