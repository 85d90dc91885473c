import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { writeAtomic } from '../fs-safe';
import { userCacheDir } from '../user-dirs';
import { recentFirst, touch } from '../cache-folder';

/** What an entry keeps besides the component itself. */
export interface CacheMeta {
  diagnostics: Diagnostic[];
  log: string;
  coreSize?: number;
  generated?: Record<string, string>;
}

export interface CacheEntry {
  bytes: Uint8Array;
  meta: CacheMeta;
}

/**
 * Built components by the content hash of everything that made them (BuildService's key): one
 * `<key>.wasm` and its `<key>.json` per entry, each written whole (temporary file, then rename) so
 * two studios building the same sources never read half an entry. The oldest entries go once there
 * are more than `keep.entries` or they take more than `keep.bytes`.
 */
export class BuildCache {
  constructor(
    readonly dir: string,
    /** How a build step names where its hit came from. */
    readonly label: string,
    private readonly keep: { entries: number; bytes: number },
    private readonly write: (file: string, data: Uint8Array | string) => void = (file, data) => {
      mkdirSync(dir, { recursive: true });
      writeAtomic(join(dir, file), data);
    },
  ) {}

  read(key: string): CacheEntry | null {
    const wasm = join(this.dir, `${key}.wasm`);
    const json = join(this.dir, `${key}.json`);
    if (!existsSync(wasm) || !existsSync(json)) return null;
    try {
      const meta = JSON.parse(readFileSync(json, 'utf8')) as CacheMeta;
      const bytes = new Uint8Array(readFileSync(wasm));
      // A torn or foreign file is a miss, not a broken component handed to a runner.
      if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
      touch(wasm);
      return { bytes, meta };
    } catch {
      return null;
    }
  }

  /** The component first, its meta last: an entry is read only once both are there. */
  put(key: string, entry: CacheEntry): void {
    this.write(`${key}.wasm`, entry.bytes);
    this.write(`${key}.json`, JSON.stringify(entry.meta));
    this.prune();
  }

  private prune(): void {
    const entries = recentFirst(this.dir, '.wasm');
    let bytes = 0;
    entries.forEach(({ f, size }, i) => {
      bytes += size;
      if (i < this.keep.entries && (i === 0 || bytes <= this.keep.bytes)) return;
      rmSync(join(this.dir, f), { force: true });
      rmSync(join(this.dir, f.replace(/\.wasm$/, '.json')), { force: true });
    });
  }
}

/**
 * The cache every project of this user shares (builds/ in the user's cache folder), so a sample
 * opened twice or a project copied is not compiled again.
 */
export function sharedBuildCache(): BuildCache {
  const dir = join(userCacheDir(), 'builds');
  const home = homedir();
  const label = home && dir.startsWith(`${home}/`) ? `~${dir.slice(home.length)}` : dir;
  return new BuildCache(dir, label, { entries: 256, bytes: 1024 * 1024 * 1024 });
}
