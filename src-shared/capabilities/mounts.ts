import { refusal, type ImportObject } from './imports';

/** A folder granted to the guest: the host folder (absolute), where the guest sees it, and how. */
export interface MountGrant {
  host: string;
  guest: string;
  mode: 'ro' | 'rw';
}

/**
 * Checks, after the shim opened something, that what was opened is what the guest may reach.
 * Node supplies one (real path inside the mount and the same inode as the opened descriptor);
 * the browser's in-memory snapshot needs none.
 */
export type VerifyOpened = (hostPath: string, mountHost: string, opened: object) => boolean;

/**
 * Whether a host path, followed symlink by symlink, leaves its mount. The Node shim refuses such a
 * path itself with `not-permitted`, the same code a host EPERM gets: this tells the two apart so the
 * trace can mark the shim's sandbox refusal as denied. Node supplies one; the browser needs none.
 */
export type LeavesMount = (hostPath: string, mountHost: string) => boolean;

const MUTATORS = new Set([
  'write', 'writeViaStream', 'appendViaStream', 'setSize', 'setTimes', 'setTimesAt', 'createDirectoryAt',
  'linkAt', 'removeDirectoryAt', 'renameAt', 'symlinkAt', 'unlinkFileAt', 'sync', 'syncData',
]);

type Flags = Record<string, boolean | undefined>;
const DISPOSE: symbol = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
interface Place {
  mount: MountGrant;
  /** Path below the mount root, '/'-separated, no leading slash. */
  rel: string;
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
 * Guards the filesystem imports of one run: read-only mounts refuse every change, a symlink the
 * guest creates may not point outside its mount, and every open is verified after the fact.
 * Refusals reach the guest as the filesystem's own error codes.
 */
export function guardFilesystem(base: ImportObject, mounts: MountGrant[], verify: VerifyOpened | null, leaves: LeavesMount | null = null): ImportObject {
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
          const ro = place.mount.mode === 'ro';
          if (ro && MUTATORS.has(prop)) throw refusal('read-only');
          if (prop === 'symlinkAt') checkSymlink(place, args[0] as string, args[1] as string);
          try {
            if (prop === 'openAt') return openAt(t, value, place, args);
            return Reflect.apply(value, t, args.map(unwrap));
          } catch (err) {
            throw err === 'not-permitted' ? markSandboxRefusal(err, place, prop, args) : err;
          }
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
    if (rel === null) throw refusal('not-permitted');
    const opened = Reflect.apply(fn, t, args) as object;
    const host = place.mount.host + (rel ? '/' + rel : '');
    if (verify && !verify(host, place.mount.host, opened)) {
      (opened as Record<symbol, (() => void) | undefined>)[DISPOSE]?.();
      throw refusal('access');
    }
    return guard(opened, { mount: place.mount, rel });
  };

  // The shim's own refusal of a path that leaves the mount (".." past the root, or a symlink out of it).
  const markSandboxRefusal = (err: unknown, place: Place, method: string, args: unknown[]) => {
    const path = method === 'symlinkAt' ? args[1] : args.find((a) => typeof a === 'string');
    if (typeof path !== 'string') return err;
    const rel = joinInside(place.rel, path);
    if (rel === null) return refusal(err, 'the path climbs out of the mount');
    if (leaves?.(place.mount.host + (rel ? '/' + rel : ''), place.mount.host)) return refusal(err, 'a symlink on the path leaves the mount');
    return err;
  };

  const checkSymlink = (place: Place, target: string, linkPath: string) => {
    const linkDir = joinInside(place.rel, linkPath.split('/').slice(0, -1).join('/'));
    if (linkDir === null || target.startsWith('/') || joinInside(linkDir, target) === null) throw refusal('not-permitted');
  };

  return {
    ...base,
    'wasi:filesystem/preopens': {
      getDirectories: () =>
        preopens.getDirectories().map(([descriptor, guestPath]) => {
          const mount = mounts.find((m) => m.guest === guestPath);
          // A preopen no grant names would be a leak: refuse to hand it out at all.
          if (!mount) throw new Error(`internal: the shim offered ${guestPath}, which no mount grants`);
          return [guard(descriptor, { mount, rel: '' }), guestPath] as [object, string];
        }),
    },
  };
}
