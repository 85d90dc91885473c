import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// A hostile C guest (fixtures/hostile-fs/probe.c) tries every way out of its mounts that issue 14
// observed, in both engines through the CLI; the host then checks that nothing outside the
// read-write mount, nor anything in the read-only one, was read, changed, created or linked.
// Needs `npx electron-vite build` (the CLI's runner and the browser engine's page).

const work = mkdtempSync(join(tmpdir(), 'hostile-fs-'));
let wasm: string;
beforeAll(async () => {
  const source = readFileSync(join(appRoot, 'src-main/host/fixtures/hostile-fs/probe.c'), 'utf8');
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O1', 'probe.c', '-o', 'probe.wasm'], { 'probe.c': source }, { stderr: () => {} })) as Record<string, Uint8Array>;
  wasm = join(work, 'probe.wasm');
  writeFileSync(wasm, out['probe.wasm']!);
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The folders of one run: a read-write and a read-only mount, and a secret beside them. */
function layout() {
  const root = mkdtempSync(join(work, 'run-'));
  const secret = `TOPSECRET-${randomUUID()}`;
  const at = (p: string) => join(root, p);
  for (const d of ['outside/emptydir', 'rw/p/d', 'rw/q', 'ro']) mkdirSync(at(d), { recursive: true });
  writeFileSync(at('outside/secret.txt'), secret);
  writeFileSync(at('outside/victim.txt'), 'victim');
  writeFileSync(at('rw/p/d/inner.txt'), 'inner');
  writeFileSync(at('rw/mine.txt'), 'mine');
  writeFileSync(at('rw/inside.txt'), 'inside');
  writeFileSync(at('ro/keep.txt'), 'keep');
  // Planted by a hostile project: links out of the read-write mount.
  symlinkSync('../../outside', at('rw/q/d'));
  symlinkSync(at('outside/secret.txt'), at('rw/abs-link'));
  symlinkSync('../outside/secret.txt', at('rw/rel-out'));
  return { root, secret, rw: at('rw'), ro: at('ro') };
}

/** Everything under `root` but the read-write mount: type, bytes, link count, inode, times, link target. */
function hostState(root: string, rw: string): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (path === rw) continue;
      const s = lstatSync(path, { bigint: true });
      const what = s.isSymbolicLink() ? `link ${readlinkSync(path)}` : s.isFile() ? `file ${createHash('sha256').update(readFileSync(path)).digest('hex')}` : 'dir';
      state[relative(root, path)] = `${what} nlink=${s.nlink} ino=${s.ino} mtime=${s.mtimeNs} atime-kept size=${s.size}`;
      if (s.isDirectory()) walk(path);
    }
  };
  walk(root);
  return state;
}

/**
 * What the guest must see, the same in both engines. The stale descriptor acts on the folder it
 * really holds (p-moved/d): the names there are missing or the change lands there, inside the mount.
 */
const EXPECTED = [
  'hold d: ok',
  'move p away: ok',
  'move q to p: ok',
  'stale stat-at: No such file or directory',
  'stale stat-at nofollow: No such file or directory',
  'stale open-at: No such file or directory',
  'stale link-at out->in: No such file or directory',
  'stale link-at in->out: ok',
  'stale rename-at out->in: No such file or directory',
  'stale rename-at in->out: ok',
  'stale create-directory-at: ok',
  'stale remove-directory-at: No such file or directory',
  'stale unlink-file-at: No such file or directory',
  'stale set-times-at: No such file or directory',
  'stale symlink-at: ok',
  'stale readlink-at: ok (inner.txt)',
  'stale read-directory: dropped.txt inner.txt newdir newlink planted.txt',
  'planted open: Operation not permitted',
  'planted stat: Operation not permitted',
  'planted mkdir: Operation not permitted',
  'planted unlink: Operation not permitted',
  'planted rename: Operation not permitted',
  'planted link: Operation not permitted',
  'planted set-times: Operation not permitted',
  'planted opendir: Operation not permitted',
  'host absolute link: Operation not permitted',
  'rw create: ok ()',
  'rename onto ro: Read-only file system',
  'link onto ro: Read-only file system',
  'rename out of ro: Read-only file system',
  'link out of ro: Read-only file system',
  'loop: ok',
  'loop escape: Operation not permitted',
  'loop dot-dot: Operation not permitted',
  'loop inside: ok',
  'loop read inside: ok (inside)',
  'loop read escape: No such file or directory',
  'ro create: Read-only file system',
  'ro truncate: Read-only file system',
  'ro read: ok (keep)',
  'nul in path: Invalid argument',
  'readlink host absolute: Operation not permitted',
  'readlink host relative out: Operation not permitted',
  'readlink loop: ok (.)',
].join('\n') + '\n';

interface TraceEntry { function: string; args?: string; result?: string; denied: boolean }
interface Run { stdout: string; stderr: string; error: string | null; exitCode: number; trace: TraceEntry[] }

function runProbe(engine: 'node' | 'browser', rw: string, ro: string): { run: Run; raw: string } {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), 'run', wasm, '--engine', engine, '--dir', `${rw}::/rw`, '--dir', `${ro}::/ro::ro`, '--json', '--trace'], { encoding: 'utf8', timeout: 120_000 });
  const [run] = JSON.parse(r.stdout).runs as Run[];
  return { run: run!, raw: r.stdout + r.stderr };
}

describe.each(['node', 'browser'] as const)('a hostile guest in the %s engine', (engine) => {
  it('stays inside its mounts, and the host sees nothing outside them touched', () => {
    const { root, secret, rw, ro } = layout();
    const before = hostState(root, rw);
    const { run, raw } = runProbe(engine, rw, ro);
    expect(run.error).toBeNull();
    expect(run.stdout).toBe(EXPECTED);
    expect(hostState(root, rw)).toEqual(before);
    expect(raw).not.toContain(secret);
    expect(raw).not.toContain(root); // no host path reached the guest, its errors or the trace
    // Every refusal is the sandbox's and traced as denied; what is left is a name missing where the descriptor really is.
    const failed = run.trace.filter((t) => (t.result ?? '').startsWith('error'));
    for (const t of failed) expect([t.function, t.result, t.denied]).toEqual([t.function, t.result, !t.result!.startsWith('error: "no-entry"')]);
    const denied = failed.filter((t) => t.denied).map((t) => `${t.function.replace('[method]descriptor.', '')} ${/"([a-z-]+)"/.exec(t.result!)![1]}`);
    expect(denied).toEqual([
      ...['open-at', 'stat-at', 'create-directory-at', 'unlink-file-at', 'rename-at', 'link-at', 'set-times-at', 'open-at', 'open-at'].map((f) => `${f} not-permitted`),
      ...['rename-at', 'link-at', 'rename-at', 'link-at'].map((f) => `${f} read-only`),
      'symlink-at not-permitted',
      'symlink-at not-permitted',
      'open-at read-only',
      'open-at read-only',
      'open-at invalid',
      'readlink-at not-permitted',
      'readlink-at not-permitted',
    ]);
  }, 120_000);
});
