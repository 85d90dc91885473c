import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { samplesDir } from '../paths';
import type { ToolchainJob, ToolchainOutput } from '../toolchains/types';
import { BuildService } from './build';
import { BuildCache, sharedBuildCache } from './build-cache';
import { userCacheDir } from '../user-dirs';
import { Workspace } from './workspace';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};

function copyOfHelloC(): string {
  const dir = temp('studio-shared-cache-');
  cpSync(join(samplesDir(), 'hello-c'), dir, { recursive: true, filter: (s) => !/\/(build|\.studio)(\/|$)/.test(s.slice(join(samplesDir(), 'hello-c').length)) });
  return dir;
}

const component = (tag: number) => new Uint8Array([0, 0x61, 0x73, 0x6d, 0x0d, 0, 1, 0, tag]);
function fakeHost(tag = 42) {
  return { build: vi.fn(async (_job: ToolchainJob): Promise<ToolchainOutput> => ({ ok: true, steps: [{ name: 'compile src/main.c', ms: 5 }], log: 'built', diagnostics: [], component: component(tag) })) };
}
const build = (dir: string, host: ReturnType<typeof fakeHost>, shared: BuildCache | null) => new BuildService(Workspace.open(dir), host, () => {}, () => {}, () => {}, () => {}, shared).build();
const sharedIn = (dir: string) => new BuildCache(dir, 'shared', { entries: 256, bytes: 1 << 30 });

describe('the build cache every project shares', () => {
  it('a second project with the same sources is answered from it, and keeps the entry in its own cache too', async () => {
    const shared = sharedIn(temp('studio-shared-'));
    const first = fakeHost();
    const r1 = await build(copyOfHelloC(), first, shared);
    expect(first.build).toHaveBeenCalledTimes(1);

    const other = copyOfHelloC();
    const second = fakeHost();
    const r2 = await build(other, second, shared);
    expect(second.build).not.toHaveBeenCalled();
    expect(r2.steps.map((s) => s.name)).toEqual([expect.stringMatching(/^cache hit \(shared\/[0-9a-f]{12}….wasm\)$/)]);
    expect(r2.hash).toBe(r1.hash);
    expect(r2.log).toBe('built');
    expect(readFileSync(join(other, 'build/hello-c.wasm'))).toEqual(Buffer.from(component(42)));
    // Next time this project answers from its own .studio/cache.
    const third = await build(other, fakeHost(), null);
    expect(third.steps[0]!.name).toMatch(/^cache hit \(\.studio\/cache\//);

    // Another source is another key: compiled.
    const changed = copyOfHelloC();
    writeFileSync(join(changed, 'src/main.c'), 'int main(void) { return 3; }\n');
    const fourth = fakeHost();
    await build(changed, fourth, shared);
    expect(fourth.build).toHaveBeenCalledTimes(1);
  });

  it('never takes in what a project folder brought in its own .studio/cache, nor a failed build', async () => {
    const sharedDir = temp('studio-shared-');
    const shared = sharedIn(sharedDir);
    // A project built once, then handed over with an entry swapped for other bytes under the same key.
    const planted = copyOfHelloC();
    await build(planted, fakeHost(1), null);
    const cacheDir = join(planted, '.studio/cache');
    const [entry] = readdirSync(cacheDir).filter((f) => f.endsWith('.wasm'));
    writeFileSync(join(cacheDir, entry!), component(66));
    const r = await build(planted, fakeHost(), shared);
    expect(r.ok).toBe(true);
    expect(existsSync(sharedDir) ? readdirSync(sharedDir) : []).toEqual([]);
    // So a clean copy of the same sources compiles rather than receiving the planted bytes.
    const clean = copyOfHelloC();
    const host = fakeHost(7);
    await build(clean, host, shared);
    expect(host.build).toHaveBeenCalledTimes(1);
    expect(readFileSync(join(clean, 'build/hello-c.wasm'))[8]).toBe(7);

    const broken = copyOfHelloC();
    writeFileSync(join(broken, 'src/main.c'), 'int main(void) { return 4; }\n');
    const failing = { build: vi.fn(async (): Promise<ToolchainOutput> => ({ ok: false, steps: [], log: '', diagnostics: [{ file: 'src/main.c', line: 1, column: 1, severity: 'error', message: 'x', source: 'clang' }] })) };
    const before = readdirSync(sharedDir).length;
    expect((await build(broken, failing, shared)).ok).toBe(false);
    expect(readdirSync(sharedDir)).toHaveLength(before);
  });

  it('an entry missing its meta, or bytes that are not Wasm, is a miss', () => {
    const dir = temp('studio-shared-');
    const cache = sharedIn(dir);
    writeFileSync(join(dir, 'a.wasm'), component(1));
    expect(cache.read('a')).toBeNull();
    writeFileSync(join(dir, 'b.wasm'), 'not wasm at all');
    writeFileSync(join(dir, 'b.json'), JSON.stringify({ diagnostics: [], log: '' }));
    expect(cache.read('b')).toBeNull();
    cache.put('c', { bytes: component(3), meta: { diagnostics: [], log: 'c' } });
    expect(cache.read('c')).toMatchObject({ meta: { log: 'c' } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the most recently used entries within its count and its size', () => {
    const dir = temp('studio-shared-');
    const byCount = new BuildCache(dir, 'shared', { entries: 2, bytes: 1 << 30 });
    const put = (cache: BuildCache, key: string, size: number, ageS: number) => {
      cache.put(key, { bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, ...new Array(size - 4).fill(0)]), meta: { diagnostics: [], log: '' } });
      const t = new Date(Date.now() - ageS * 1000);
      utimesSync(join(cache.dir, `${key}.wasm`), t, t);
    };
    put(byCount, 'old', 16, 30);
    put(byCount, 'mid', 16, 20);
    // Reading it makes "old" the most recently used.
    expect(byCount.read('old')).not.toBeNull();
    put(byCount, 'new', 16, 0);
    expect(readdirSync(dir).sort()).toEqual(['new.json', 'new.wasm', 'old.json', 'old.wasm']);

    const sized = temp('studio-shared-');
    const bySize = new BuildCache(sized, 'shared', { entries: 100, bytes: 100 });
    put(bySize, 'a', 60, 20);
    put(bySize, 'b', 60, 10);
    expect(readdirSync(sized).sort()).toEqual(['b.json', 'b.wasm']);
    // One entry larger than the whole budget is still kept: the newest always is.
    put(bySize, 'huge', 400, 0);
    expect(readdirSync(sized).filter((f) => f.endsWith('.wasm'))).toEqual(['huge.wasm']);
    expect(statSync(join(sized, 'huge.wasm')).size).toBe(400);
  });

  it('lives in the user cache folder: $COMPONENT_STUDIO_CACHE_DIR, else $XDG_CACHE_HOME, else ~/.cache', () => {
    expect(userCacheDir({ COMPONENT_STUDIO_CACHE_DIR: '/x/cache' }, '/home/u')).toBe('/x/cache');
    expect(userCacheDir({ XDG_CACHE_HOME: '/xdg' }, '/home/u')).toBe('/xdg/component-studio');
    // XDG: a relative path is invalid and ignored.
    expect(userCacheDir({ XDG_CACHE_HOME: 'rel' }, '/home/u')).toBe('/home/u/.cache/component-studio');
    expect(userCacheDir({}, '/home/u')).toBe('/home/u/.cache/component-studio');
    // This run's own folder (scripts/test-global-setup.ts), never the user's.
    expect(sharedBuildCache().dir).toBe(join(process.env.COMPONENT_STUDIO_CACHE_DIR!, 'builds'));
  });
});
