import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

const inside = (path: string, root: string) => {
  const rel = relative(root, path);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + sep) && !isAbsolute(rel));
};

/**
 * The Node shim resolves a path and then opens it by name, so a folder swapped for a symlink in
 * between can be opened outside its mount. Any check that resolves a path again is racy in the
 * same way, so on Linux we ask the kernel what was opened: the shim's descriptor lives in this
 * process (its I/O worker is a thread), so /proc/self/fd holds it. Every fd on the opened inode
 * (from metadataHash, an fstat of the descriptor) must lie inside the mount.
 */
export function verifyOpened(hostPath: string, mountHost: string, opened: object): boolean {
  try {
    const root = realpathSync(mountHost);
    const ino = (opened as { metadataHash(): { lower: bigint } }).metadataHash().lower;
    if (process.platform === 'linux') return verifyByFd(root, ino, basename(hostPath));
    // Elsewhere: the real path of what was asked for, and the same inode. Narrows the race; does not close it.
    const real = realpathSync(hostPath);
    return inside(real, root) && statSync(real, { bigint: true }).ino === ino;
  } catch {
    return false;
  }
}

function verifyByFd(root: string, ino: bigint, name: string): boolean {
  const fds = readdirSync('/proc/self/fd').map((fd) => {
    try {
      return { fd, target: readlinkSync(`/proc/self/fd/${fd}`) };
    } catch {
      return null;
    }
  });
  // Look at likely candidates first (same name); all fds if none of them is the one.
  const likely = fds.filter((f) => f && basename(f.target) === name);
  for (const group of [likely, fds]) {
    let found = false;
    for (const f of group) {
      if (!f || !f.target.startsWith('/')) continue;
      let same: boolean;
      try {
        same = statSync(`/proc/self/fd/${f.fd}`, { bigint: true }).ino === ino;
      } catch {
        continue;
      }
      if (!same) continue;
      if (!inside(f.target, root)) return false;
      found = true;
    }
    if (found) return true;
  }
  return false;
}

/**
 * Follows a path below a mount the way the shim does, one component at a time: true when a
 * symlink on it points to an absolute path or anywhere outside the mount. A missing component
 * ends the walk (the shim would say no-entry, not not-permitted).
 */
export function leavesMount(hostPath: string, mountHost: string): boolean {
  try {
    const root = realpathSync(mountHost);
    let current = root;
    const pending = relative(mountHost, hostPath).split(sep).filter((s) => s && s !== '.');
    for (let hops = 0; pending.length && hops < 64; hops++) {
      const next = join(current, pending.shift()!);
      let st;
      try {
        st = lstatSync(next);
      } catch {
        return false;
      }
      if (!st.isSymbolicLink()) {
        current = next;
        continue;
      }
      const target = readlinkSync(next);
      if (isAbsolute(target)) return true;
      const landed = resolve(dirname(next), target);
      if (!inside(landed, root)) return true;
      pending.unshift(...relative(root, landed).split(sep).filter(Boolean));
      current = root;
    }
    return false;
  } catch {
    return false;
  }
}
