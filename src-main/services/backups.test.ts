import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_DIR, BackupStore, hashText } from './backups';
import { ProjectWatcher } from './watcher';
import { Workspace } from './workspace';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backup-test-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'p', language: 'c' }));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/main.c'), 'int main(void){return 0;}\n');
  return dir;
}

describe('BackupStore', () => {
  it('hashes text as UTF-8 SHA-256, as the renderer does', () => {
    expect(hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('keeps an unsaved buffer in .studio/backups, offered as newer while the file is unchanged', () => {
    const dir = project();
    const store = new BackupStore(dir);
    const disk = readFileSync(join(dir, 'src/main.c'), 'utf8');
    store.save('src/main.c', 'int main(void){return 1;}\n', hashText(disk));
    expect(readdirSync(join(dir, BACKUP_DIR))).toHaveLength(1);
    // Written atomically: no temp file stays behind.
    expect(readdirSync(join(dir, BACKUP_DIR)).every((f) => f.endsWith('.json'))).toBe(true);
    expect(store.list()).toEqual([{ path: 'src/main.c', content: 'int main(void){return 1;}\n', savedAt: expect.any(Number), state: 'newer' }]);
    // A later save of the same path replaces it.
    store.save('src/main.c', 'v2', hashText(disk));
    expect(store.list().map((b) => b.content)).toEqual(['v2']);
    // The file list never shows backups.
    expect(Workspace.open(dir).list()).toEqual(['src/main.c', 'studio.json']);
  });

  it('does not offer a backup older than the file on disk', () => {
    const dir = project();
    let now = 1_000_000;
    const store = new BackupStore(dir, () => now);
    const file = join(dir, 'src/main.c');
    store.save('src/main.c', 'mine', hashText(readFileSync(file, 'utf8')));
    // Changed on disk after the backup was written.
    writeFileSync(file, 'theirs, later');
    utimesSync(file, new Date(now + 5000), new Date(now + 5000));
    expect(store.list()[0]!.state).toBe('older');
    // A change on disk that happened before the backup (the user kept editing over it) keeps the backup newer.
    now = Date.now() + 60_000;
    store.save('src/main.c', 'mine again', hashText('something else'));
    expect(store.list()[0]!.state).toBe('newer');
  });

  it('marks a backup equal to the disk as same and one of a deleted file as missing', () => {
    const dir = project();
    const store = new BackupStore(dir);
    store.save('src/main.c', readFileSync(join(dir, 'src/main.c'), 'utf8'), hashText('x'));
    expect(store.list()[0]!.state).toBe('same');
    rmSync(join(dir, 'src/main.c'));
    expect(store.list()[0]!.state).toBe('missing');
  });

  it('discards, renames, and refuses paths outside the project', () => {
    const dir = project();
    const store = new BackupStore(dir);
    store.save('src/main.c', 'x', hashText(''));
    writeFileSync(join(dir, 'src/other.c'), '');
    store.rename('src/main.c', 'src/other.c');
    expect(store.list().map((b) => b.path)).toEqual(['src/other.c']);
    expect(store.discard('src/other.c')).toBe(true);
    expect(store.discard('src/other.c')).toBe(false);
    expect(store.list()).toEqual([]);
    expect(() => store.save('../escape.c', 'x', hashText(''))).toThrow(/leaves the project/);
  });

  it('ignores corrupt backup files', () => {
    const dir = project();
    const store = new BackupStore(dir);
    mkdirSync(join(dir, BACKUP_DIR), { recursive: true });
    writeFileSync(join(dir, BACKUP_DIR, 'junk.json'), '{not json');
    writeFileSync(join(dir, BACKUP_DIR, 'forged.json'), JSON.stringify({ version: 1, path: 'src/main.c', content: 'x', baseHash: '', savedAt: 1 }));
    expect(store.list()).toEqual([]);
  });
});

describe('Workspace create, rename, delete', () => {
  it('creates without replacing, renames to a free name only, deletes files, and protects studio.json', () => {
    const dir = project();
    const ws = Workspace.open(dir);
    const own: string[] = [];
    ws.onOwnChange = (p) => own.push(p);
    ws.create('src/util/helper.c', 'int helper;\n');
    expect(readFileSync(join(dir, 'src/util/helper.c'), 'utf8')).toBe('int helper;\n');
    expect(() => ws.create('src/main.c')).toThrow(/already exists/);
    expect(() => ws.create('../x.c')).toThrow(/leaves the project/);
    expect(() => ws.create('.hidden/x.c')).toThrow(/cannot be created/);
    expect(() => ws.create('build/x.c')).toThrow(/cannot be created/);
    expect(() => ws.rename('src/util/helper.c', 'src/main.c')).toThrow(/already exists/);
    ws.rename('src/util/helper.c', 'src/helper.c');
    expect(existsSync(join(dir, 'src/util/helper.c'))).toBe(false);
    expect(readFileSync(join(dir, 'src/helper.c'), 'utf8')).toBe('int helper;\n');
    expect(() => ws.rename('studio.json', 'x.json')).toThrow(/cannot be renamed/);
    expect(() => ws.remove('studio.json')).toThrow(/cannot be deleted/);
    expect(() => ws.remove('src')).toThrow(/no such file/);
    ws.remove('src/helper.c');
    expect(ws.list()).toEqual(['src/main.c', 'studio.json']);
    expect(own).toEqual(['src/util/helper.c', 'src/util/helper.c', 'src/helper.c', 'src/helper.c']);
    expect(readdirSync(join(dir, 'src')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('ProjectWatcher', () => {
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('reports changes made outside the studio, and not the studio\'s own writes', async () => {
    const dir = project();
    const ws = Workspace.open(dir);
    const events: string[] = [];
    const watcher = new ProjectWatcher(ws, (p, deleted) => events.push(`${deleted ? '-' : '~'}${p}`), { pollMs: 100, settleMs: 20 });
    ws.onOwnChange = (p) => watcher.recordOwn(p);
    watcher.start();
    try {
      ws.write('src/main.c', 'saved by the studio\n');
      ws.create('src/new.c', '');
      await wait(400);
      expect(events).toEqual([]);
      writeFileSync(join(dir, 'src/main.c'), 'edited elsewhere\n');
      await expect.poll(() => events).toEqual(['~src/main.c']);
      writeFileSync(join(dir, 'src/third.c'), 'x');
      await expect.poll(() => events).toContain('~src/third.c');
      rmSync(join(dir, 'src/third.c'));
      await expect.poll(() => events).toContain('-src/third.c');
      writeFileSync(join(dir, 'build-output-ignored.txt'), '');
      mkdirSync(join(dir, 'build'));
      writeFileSync(join(dir, 'build/x.wasm'), 'x');
      await wait(300);
      expect(events.filter((e) => e.includes('build/'))).toEqual([]);
    } finally {
      watcher.stop();
    }
  });

  it('notices a change by polling when no fs event arrives', async () => {
    const dir = project();
    const ws = Workspace.open(dir);
    const events: string[] = [];
    const watcher = new ProjectWatcher(ws, (p) => events.push(p), { pollMs: 50 });
    watcher.start();
    try {
      (watcher as unknown as { fsWatcher: { close(): void } | null }).fsWatcher?.close();
      writeFileSync(join(dir, 'src/main.c'), 'changed, longer than before\n');
      await expect.poll(() => events).toEqual(['src/main.c']);
    } finally {
      watcher.stop();
    }
  });
});
