import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import type { FileTree } from '../../src-shared/engine/contract';
import { StudioError } from '../../src-shared/protocol/envelope';

const MAX_BYTES = 64 * 1024 * 1024;
const MAX_FILES = 10_000;

/**
 * A mounted folder as the browser engine sees it: a copy of its files taken before the run.
 * Links are copied as links, never followed: a snapshot must not carry in what the mount does not
 * contain, and the guest should meet a link where the Node engine would.
 */
export function snapshotFolder(root: string): FileTree {
  let bytes = 0;
  let files = 0;
  const walk = (dir: string): FileTree => {
    const out: Record<string, FileTree> = {};
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) out[entry.name] = walk(path);
      else if (entry.isFile()) {
        bytes += lstatSync(path).size;
        if (++files > MAX_FILES || bytes > MAX_BYTES) {
          throw new StudioError('mount-too-large', `${root} is too large to snapshot for the browser engine (limits: ${MAX_FILES} files, 64 MiB)`);
        }
        out[entry.name] = { source: new Uint8Array(readFileSync(path)) };
      } else if (entry.isSymbolicLink()) out[entry.name] = { symlink: linkTarget(path) };
    }
    return { dir: out };
  };
  return walk(root);
}

/** Host paths mean nothing inside the snapshot: an absolute target becomes relative to the link, so one that leaves the mount climbs above its root and is refused there too. */
function linkTarget(path: string): string {
  const target = readlinkSync(path);
  return isAbsolute(target) ? relative(dirname(path), target) || '.' : target;
}
