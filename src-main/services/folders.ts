import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { StudioError } from '../../src-shared/protocol/envelope';
import { PROJECT_FILE } from '../../src-shared/protocol/project';
import type { FolderListing } from '../../src-shared/protocol/types';

const MAX_FOLDERS = 500;

/** Expands a leading "~" to the home folder, as people type it. */
export function expandHome(path: string, home = homedir()): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

/**
 * The sub-folders of one folder, for browser mode's folder picker. Only folders are listed
 * (never file names), hidden ones are left out, and every refusal says what was wrong.
 */
export function listFolder(path: string | undefined, home = homedir()): FolderListing {
  const full = resolve(expandHome(path?.trim() || home, home));
  if (!existsSync(full)) throw new StudioError('not-found', `${full} does not exist`);
  if (!statSync(full).isDirectory()) throw new StudioError('not-a-folder', `${full} is a file, not a folder`);
  let entries;
  try {
    entries = readdirSync(full, { withFileTypes: true });
  } catch (err) {
    throw new StudioError('unreadable', `${full} cannot be listed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const folders: FolderListing['folders'] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    let isDir = e.isDirectory();
    if (e.isSymbolicLink()) {
      try {
        isDir = statSync(join(full, e.name)).isDirectory();
      } catch {
        isDir = false; // a dangling link
      }
    }
    if (!isDir) continue;
    folders.push({ name: e.name, project: existsSync(join(full, e.name, PROJECT_FILE)) });
  }
  const parent = dirname(full);
  return {
    path: full,
    parent: parent === full ? null : parent,
    home,
    folders: folders.slice(0, MAX_FOLDERS),
    project: existsSync(join(full, PROJECT_FILE)),
    empty: entries.length === 0,
    truncated: folders.length > MAX_FOLDERS,
  };
}
