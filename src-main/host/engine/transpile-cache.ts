import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { recentFirst, touch } from '../../cache-folder';
import { writeAtomic } from '../../fs-safe';
import { userCacheDir } from '../../user-dirs';
import { pkg } from '../../toolchains/versions';
import type { TranspileReply } from './messages';

type Transpiled = Omit<TranspileReply, 'transpileMs' | 'fresh'>;

/** What an entry keeps: jco's glue and the WIT, and for each module file the component's module section it is. */
interface Entry {
  glue: string;
  wit: string;
  files: Record<string, number>;
}

/** Whatever jco makes depends on its version; with a version unknown, nothing is kept. */
const JCO = [pkg('@bytecodealliance/jco'), pkg('@bytecodealliance/jco-transpile')];
const usable = !JCO.some((v) => v.endsWith('@unknown'));

/**
 * jco's transpile of a component, kept across processes: every CLI command and every start of the
 * studio transpiled its component again (0.4 s for hello-c, 1.6 s for a StarlingMonkey handler).
 * Keyed by jco's version, the name and the whole component's bytes, so an entry is exactly what
 * jco made of them. Module files are the component's own core modules as they are (see
 * transpile-reuse.ts), so an entry holds only which module section each file is, not the bytes:
 * a few KiB, not the component again.
 */
export class TranspileCache {
  constructor(
    private readonly dir: string,
    private readonly keep = 512,
  ) {}

  private file(name: string, bytes: Uint8Array): string {
    const key = createHash('sha256').update(JSON.stringify([...JCO, name])).update(bytes).digest('hex');
    return join(this.dir, `${key}.json`);
  }

  /** The transpile of these bytes, with `modules` the component's core modules in section order. */
  get(name: string, bytes: Uint8Array, modules: Uint8Array[]): Transpiled | null {
    const path = this.file(name, bytes);
    if (!usable || !existsSync(path)) return null;
    try {
      const entry = JSON.parse(readFileSync(path, 'utf8')) as Entry;
      const files = Object.entries(entry.files);
      if (typeof entry.glue !== 'string' || typeof entry.wit !== 'string' || !files.length || files.some(([, i]) => !modules[i])) return null;
      touch(path);
      return { glue: entry.glue, wit: entry.wit, modules: Object.fromEntries(files.map(([f, i]) => [f, modules[i]!.slice()])) };
    } catch {
      return null; // torn or foreign: transpiled again
    }
  }

  /** Best effort, and only when every module file is exactly one of the component's module sections. */
  put(name: string, bytes: Uint8Array, modules: Uint8Array[], out: Transpiled): void {
    const files: Record<string, number> = {};
    for (const [file, data] of Object.entries(out.modules)) {
      const at = modules.flatMap((m, i) => (Buffer.compare(m, data) === 0 ? [i] : []));
      if (at.length !== 1) return;
      files[file] = at[0]!;
    }
    if (!usable) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeAtomic(this.file(name, bytes), JSON.stringify({ glue: out.glue, wit: out.wit, files } satisfies Entry));
      this.prune();
    } catch {
      // a cache that cannot be written costs the next process its transpile, nothing else
    }
  }

  private prune(): void {
    for (const { f } of recentFirst(this.dir, '.json').slice(this.keep)) rmSync(join(this.dir, f), { force: true });
  }
}

/** The user's (build-cache.ts has the components themselves). */
export const transpileCache = new TranspileCache(join(userCacheDir(), 'transpiled'));
