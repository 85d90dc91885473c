import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_FILE } from '../../src-shared/protocol/project';
import type { RecentProject } from '../../src-shared/protocol/types';
import { writeAtomic } from '../fs-safe';

export const RECENT_FILE = 'recent.json';
export const RECENT_CAP = 12;

interface Stored {
  version: 1;
  projects: { dir: string; name: string; openedAt: number }[];
}

/**
 * Projects opened before, in one JSON file in the user's config folder: most recent first, one
 * entry per folder, at most RECENT_CAP. Written atomically, so a crash never leaves half a list;
 * a file that cannot be read counts as an empty list rather than stopping the studio.
 */
export class RecentProjects {
  readonly file: string;

  constructor(
    readonly configDir: string,
    private readonly now: () => number = Date.now,
  ) {
    this.file = join(configDir, RECENT_FILE);
  }

  private read(): Stored['projects'] {
    try {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as Stored;
      if (data?.version !== 1 || !Array.isArray(data.projects)) return [];
      return data.projects.filter((p) => typeof p?.dir === 'string' && typeof p.name === 'string' && typeof p.openedAt === 'number');
    } catch {
      return [];
    }
  }

  private write(projects: Stored['projects']): void {
    mkdirSync(this.configDir, { recursive: true });
    writeAtomic(this.file, JSON.stringify({ version: 1, projects } satisfies Stored, null, 2) + '\n');
  }

  list(): RecentProject[] {
    return this.read().map((p) => ({ ...p, missing: !existsSync(join(p.dir, PROJECT_FILE)) }));
  }

  /** Puts a project at the top (moving it if it was already listed). */
  add(dir: string, name: string): RecentProject[] {
    const full = resolve(dir);
    const rest = this.read().filter((p) => p.dir !== full);
    this.write([{ dir: full, name, openedAt: this.now() }, ...rest].slice(0, RECENT_CAP));
    return this.list();
  }

  remove(dir: string): RecentProject[] {
    const full = resolve(dir);
    const all = this.read();
    const rest = all.filter((p) => p.dir !== full);
    if (rest.length !== all.length) this.write(rest);
    return this.list();
  }
}
