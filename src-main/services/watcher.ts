import { createHash } from 'node:crypto';
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { isListedPath, type Workspace } from './workspace';

const MAX_HASHED = 8 * 1024 * 1024;

interface Seen {
  sig: string;
  hash: string | null;
}

/**
 * Notices files changed on disk by something other than the studio: a recursive fs.watch for
 * creations and deletions anywhere, plus a poll of known files' mtime and size (fs.watch can
 * miss events). Writes the studio makes itself are recorded first, so they are never reported.
 */
export class ProjectWatcher {
  private readonly seen = new Map<string, Seen>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private fsWatcher: FSWatcher | null = null;
  private poller: NodeJS.Timeout | null = null;

  constructor(
    private readonly workspace: Workspace,
    private readonly onChange: (path: string, deleted: boolean) => void,
    private readonly options: { pollMs?: number; settleMs?: number } = {},
  ) {}

  start(): void {
    if (this.poller) return;
    for (const path of this.workspace.list()) this.seen.set(path, { sig: this.signature(path) ?? '', hash: null });
    try {
      this.fsWatcher = watch(this.workspace.dir, { recursive: true }, (_event, name) => {
        if (name) this.schedule(String(name).split('\\').join('/'));
      });
      this.fsWatcher.on('error', () => {
        this.fsWatcher?.close();
        this.fsWatcher = null;
      });
      this.fsWatcher.unref();
    } catch {
      this.fsWatcher = null; // polling alone still notices changes to known files
    }
    this.poller = setInterval(() => this.poll(), this.options.pollMs ?? 1000);
    this.poller.unref();
  }

  stop(): void {
    this.fsWatcher?.close();
    this.fsWatcher = null;
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }

  /** The studio wrote (or removed) this file: remember what is there now, so it is not reported. */
  recordOwn(path: string): void {
    const sig = this.signature(path);
    if (sig === null) this.seen.delete(path);
    else this.seen.set(path, { sig, hash: this.hash(path) });
  }

  private schedule(path: string): void {
    if (!isListedPath(path)) return;
    clearTimeout(this.pending.get(path));
    const t = setTimeout(() => {
      this.pending.delete(path);
      this.check(path);
    }, this.options.settleMs ?? 60);
    t.unref();
    this.pending.set(path, t);
  }

  private poll(): void {
    let n = 0;
    for (const path of [...this.seen.keys()]) {
      if (++n > 2000) break;
      this.check(path);
    }
  }

  /** Compares one path with what was last seen; reports a real change once. */
  check(path: string): void {
    const sig = this.signature(path);
    const prev = this.seen.get(path);
    if (sig === null) {
      if (prev) {
        this.seen.delete(path);
        this.onChange(path, true);
      }
      return;
    }
    if (prev?.sig === sig) return;
    const hash = this.hash(path);
    this.seen.set(path, { sig, hash });
    if (prev && prev.hash !== null && prev.hash === hash) return;
    this.onChange(path, false);
  }

  private signature(path: string): string | null {
    try {
      const st = statSync(`${this.workspace.dir}/${path}`);
      return st.isFile() ? `${st.mtimeMs}:${st.size}:${st.ino}` : null;
    } catch {
      return null;
    }
  }

  private hash(path: string): string | null {
    try {
      const full = `${this.workspace.dir}/${path}`;
      if (statSync(full).size > MAX_HASHED) return null;
      return createHash('sha256').update(readFileSync(full)).digest('hex');
    } catch {
      return null;
    }
  }
}
