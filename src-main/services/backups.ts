import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo } from '../../src-shared/protocol/types';
import { confine, writeAtomic } from '../fs-safe';

/** Where unsaved buffers are kept, inside the project (the file list skips dot-folders). */
export const BACKUP_DIR = '.studio/backups';

/** SHA-256 of a text as UTF-8, hex: the renderer computes the same over its buffer's saved content. */
export function hashText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

interface BackupFile {
  version: 1;
  path: string;
  content: string;
  /** Hash of the file content the buffer was based on (what the editor last read or saved). */
  baseHash: string;
  savedAt: number;
}

/**
 * Hot exit and crash recovery: the content of each unsaved buffer, one JSON file per path,
 * written atomically, with the hash of the disk content it was based on.
 */
export class BackupStore {
  readonly dir: string;

  constructor(
    private readonly projectDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.dir = join(projectDir, BACKUP_DIR);
  }

  private fileOf(rel: string): string {
    return join(this.dir, `${createHash('sha256').update(rel).digest('hex').slice(0, 40)}.json`);
  }

  save(rel: string, content: string, baseHash: string): { savedAt: number } {
    confine(this.projectDir, rel); // only project paths are backed up
    mkdirSync(this.dir, { recursive: true });
    const savedAt = this.now();
    const entry: BackupFile = { version: 1, path: rel, content, baseHash, savedAt };
    writeAtomic(this.fileOf(rel), JSON.stringify(entry));
    return { savedAt };
  }

  discard(rel: string): boolean {
    const file = this.fileOf(rel);
    if (!existsSync(file)) return false;
    rmSync(file, { force: true });
    return true;
  }

  /** Moves a backup with its file, so a renamed file keeps its unsaved changes. */
  rename(from: string, to: string): void {
    const entry = this.read(this.fileOf(from));
    if (!entry) return;
    writeAtomic(this.fileOf(to), JSON.stringify({ ...entry, path: to }));
    this.discard(from);
  }

  private read(file: string): BackupFile | null {
    try {
      const e = JSON.parse(readFileSync(file, 'utf8')) as BackupFile;
      if (e.version !== 1 || typeof e.path !== 'string' || typeof e.content !== 'string' || typeof e.baseHash !== 'string' || typeof e.savedAt !== 'number') return null;
      return e;
    } catch {
      return null;
    }
  }

  /**
   * Every backup, each marked `newer` when it should be offered over the file on disk: the file is
   * still what the buffer was based on, or it changed before the backup was written (the user kept
   * editing over it). A file changed on disk after its backup is newer than the backup: not offered.
   */
  list(): BackupInfo[] {
    if (!existsSync(this.dir)) return [];
    const out: BackupInfo[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const e = this.read(join(this.dir, name));
      if (!e || join(this.dir, name) !== this.fileOf(e.path)) continue;
      let disk: string | null = null;
      let mtime = 0;
      try {
        const full = confine(this.projectDir, e.path);
        if (existsSync(full) && statSync(full).isFile()) {
          disk = readFileSync(full, 'utf8');
          mtime = statSync(full).mtimeMs;
        }
      } catch {
        continue;
      }
      let state: BackupInfo['state'];
      if (disk === null) state = 'missing';
      else if (disk === e.content) state = 'same';
      else if (hashText(disk) === e.baseHash || mtime <= e.savedAt) state = 'newer';
      else state = 'older';
      out.push({ path: e.path, content: e.content, savedAt: e.savedAt, state });
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }
}
