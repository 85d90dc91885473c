import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestName } from '../../src-shared/protocol/api';
import type { BackupInfo, ProjectInfo } from '../../src-shared/protocol/types';
import { BACKUP_DELAY_MS, hashText } from './files-slice';
import { storeOverFakeClient } from './fake-client';

/** A fake studio: files on a pretend disk, backups kept by path, every call recorded. */
function fakeStudio(files: Record<string, string>, backups: BackupInfo[] = []) {
  const disk = { ...files };
  const kept = new Map(backups.map((b) => [b.path, b]));
  const info = (): ProjectInfo => ({ dir: '/p', config: { name: 'p', language: 'c' } as ProjectInfo['config'], configProblem: null, files: Object.keys(disk).sort() });
  const handlers: Record<string, (p: Record<string, string>) => unknown> = {
    'project.get': () => info(),
    'file.read': ({ path }) => {
      if (!(path! in disk)) throw new Error(`no such file: ${path}`);
      return { content: disk[path!] };
    },
    'file.write': ({ path, content }) => {
      disk[path!] = content!;
      kept.delete(path!);
      return { bytes: content!.length };
    },
    'file.create': ({ path }) => {
      if (path! in disk) throw new Error(`${path} already exists`);
      disk[path!] = '';
      return info();
    },
    'file.rename': ({ from, to }) => {
      disk[to!] = disk[from!]!;
      delete disk[from!];
      return info();
    },
    'file.delete': ({ path }) => {
      delete disk[path!];
      return info();
    },
    'backup.save': ({ path, content }) => {
      kept.set(path!, { path: path!, content: content!, savedAt: Date.now(), state: 'newer' });
      return { savedAt: Date.now() };
    },
    'backup.list': () => ({ backups: [...kept.values()] }),
    'backup.discard': ({ path }) => ({ discarded: kept.delete(path!) }),
  };
  const { store, calls, emit } = storeOverFakeClient(handlers);
  const named = (m: RequestName) => calls.filter((c) => c.method === m);
  return { store, disk, kept, calls, named, emit };
}

const sha = hashText;
/** SHA-256 of "abc" (FIPS 180-2): the studio's hashText gives the same (see backups.test.ts). */
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('backups of unsaved buffers', () => {
  it('hashes like the studio does', async () => {
    expect(await hashText('abc')).toBe(ABC);
    expect(await hashText('h\u00e9llo \u2713')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('backs up a dirty buffer one second after typing stops, with the hash of its saved content', async () => {
    const f = fakeStudio({ 'src/main.c': 'int x;\n' });
    await f.store.getState().openFile('src/main.c');
    f.store.getState().editFile('src/main.c', 'int x;\nA');
    await vi.advanceTimersByTimeAsync(600);
    f.store.getState().editFile('src/main.c', 'int x;\nAB');
    await vi.advanceTimersByTimeAsync(BACKUP_DELAY_MS - 10);
    expect(f.named('backup.save')).toEqual([]); // typing restarted the delay
    await vi.advanceTimersByTimeAsync(20);
    await vi.waitFor(() => expect(f.named('backup.save')).toHaveLength(1));
    expect(f.named('backup.save')[0]!.params).toEqual({ path: 'src/main.c', content: 'int x;\nAB', baseHash: await sha('int x;\n') });
    expect(f.store.getState().lastBackupAt).not.toBeNull();
  });

  it('saving cancels the pending backup; editing back to the saved text discards the backup', async () => {
    const f = fakeStudio({ 'a.c': 'a' });
    await f.store.getState().openFile('a.c');
    f.store.getState().editFile('a.c', 'ab');
    expect(await f.store.getState().saveFile('a.c')).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.named('backup.save')).toEqual([]);
    f.store.getState().editFile('a.c', 'abc');
    await vi.advanceTimersByTimeAsync(BACKUP_DELAY_MS);
    await vi.waitFor(() => expect(f.kept.has('a.c')).toBe(true));
    f.store.getState().editFile('a.c', 'ab');
    await vi.advanceTimersByTimeAsync(BACKUP_DELAY_MS);
    await vi.waitFor(() => expect(f.named('backup.discard')).toHaveLength(1));
    expect(f.kept.has('a.c')).toBe(false);
  });

  it('flushes pending backups at once when the page goes away', async () => {
    const f = fakeStudio({ 'a.c': 'a' });
    await f.store.getState().openFile('a.c');
    f.store.getState().editFile('a.c', 'a!');
    f.store.getState().flushBackups();
    await vi.waitFor(() => expect(f.named('backup.save')).toHaveLength(1));
  });

  it('restores newer backups as unsaved buffers with a notice, drops equal ones, keeps older ones', async () => {
    const f = fakeStudio({ 'src/main.c': 'disk', 'b.c': 'same', 'c.c': 'disk is newer' }, [
      { path: 'src/main.c', content: 'mine', savedAt: 1, state: 'newer' },
      { path: 'b.c', content: 'same', savedAt: 1, state: 'same' },
      { path: 'c.c', content: 'old', savedAt: 1, state: 'older' },
    ]);
    expect(await f.store.getState().restoreBackups()).toEqual(['src/main.c']);
    const s = f.store.getState();
    expect(s.buffers['src/main.c']).toEqual({ saved: 'disk', text: 'mine' });
    expect(s.buffers['c.c']).toBeUndefined();
    expect(s.openPath).toBe('src/main.c');
    expect(s.notice).toContain('Restored unsaved changes to src/main.c from before the studio stopped');
    expect(s.notice).toContain('c.c');
    expect(f.kept.has('b.c')).toBe(false);
    expect(f.kept.has('c.c')).toBe(true);
    // Opening the file afterwards (the project's first file) keeps the restored text.
    await f.store.getState().openFile('src/main.c');
    expect(f.store.getState().buffers['src/main.c']!.text).toBe('mine');
    // Only once per start.
    expect(await f.store.getState().restoreBackups()).toEqual([]);
  });
});

describe('files changed on disk', () => {
  it('reloads a clean buffer silently', async () => {
    const f = fakeStudio({ 'a.c': 'one' });
    await f.store.getState().openFile('a.c');
    f.disk['a.c'] = 'two';
    await f.store.getState().fileChangedOnDisk('a.c', false);
    expect(f.store.getState().buffers['a.c']).toEqual({ saved: 'two', text: 'two' });
    expect(f.store.getState().conflicts).toEqual([]);
  });

  it('asks when the buffer has unsaved changes: keep mine', async () => {
    const f = fakeStudio({ 'a.c': 'one' });
    await f.store.getState().openFile('a.c');
    f.store.getState().editFile('a.c', 'mine');
    f.disk['a.c'] = 'theirs';
    f.emit('file.changed', { path: 'a.c', deleted: false });
    await vi.waitFor(() => expect(f.store.getState().conflicts).toEqual([{ path: 'a.c', deleted: false }]));
    await f.store.getState().resolveConflict('a.c', 'mine');
    const theirs = await sha('theirs');
    expect(f.store.getState().buffers['a.c']).toEqual({ saved: 'theirs', text: 'mine' });
    expect(f.store.getState().conflicts).toEqual([]);
    // The backup now builds on the new disk content, so it is not taken for an older one.
    await vi.waitFor(() => expect(f.named('backup.save').at(-1)?.params.baseHash).toBe(theirs));
    await f.store.getState().saveFile('a.c');
    expect(f.disk['a.c']).toBe('mine');
  });

  it('asks when the buffer has unsaved changes: load theirs', async () => {
    const f = fakeStudio({ 'a.c': 'one' });
    await f.store.getState().openFile('a.c');
    f.store.getState().editFile('a.c', 'mine');
    f.disk['a.c'] = 'theirs';
    await f.store.getState().fileChangedOnDisk('a.c', false);
    await f.store.getState().resolveConflict('a.c', 'theirs');
    expect(f.store.getState().buffers['a.c']).toEqual({ saved: 'theirs', text: 'theirs' });
    expect(f.named('backup.discard').map((c) => c.params.path)).toEqual(['a.c']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(f.named('backup.save')).toEqual([]);
  });

  it('closes a clean buffer deleted on disk, and refreshes the file list for new files', async () => {
    const f = fakeStudio({ 'a.c': 'one', 'b.c': 'two' });
    await f.store.getState().loadProject();
    await f.store.getState().openFile('a.c');
    delete f.disk['a.c'];
    await f.store.getState().fileChangedOnDisk('a.c', true);
    expect(f.store.getState().buffers['a.c']).toBeUndefined();
    expect(f.store.getState().project!.files).toEqual(['b.c']);
    f.disk['new.c'] = '';
    await f.store.getState().fileChangedOnDisk('new.c', false);
    expect(f.store.getState().project!.files).toEqual(['b.c', 'new.c']);
  });
});

describe('create, rename, delete', () => {
  it('creates and opens a file, moves a renamed buffer with its edits, drops a deleted one', async () => {
    const f = fakeStudio({ 'src/main.c': 'x' });
    expect(await f.store.getState().createFile(' src/util.c ')).toBe(true);
    expect(f.store.getState().openPath).toBe('src/util.c');
    expect(f.store.getState().project!.files).toContain('src/util.c');
    expect(await f.store.getState().createFile('src/util.c')).toBe(false);
    expect(f.store.getState().notice).toMatch(/already exists/);

    f.store.getState().editFile('src/util.c', 'int u;');
    expect(await f.store.getState().renameFile('src/util.c', 'src/helpers.c')).toBe(true);
    expect(f.store.getState().openPath).toBe('src/helpers.c');
    expect(f.store.getState().buffers['src/helpers.c']).toEqual({ saved: '', text: 'int u;' });
    expect(f.store.getState().buffers['src/util.c']).toBeUndefined();
    await vi.advanceTimersByTimeAsync(BACKUP_DELAY_MS);
    await vi.waitFor(() => expect(f.named('backup.save').map((c) => c.params.path)).toEqual(['src/helpers.c']));

    expect(await f.store.getState().deleteFile('src/helpers.c')).toBe(true);
    expect(f.store.getState().buffers['src/helpers.c']).toBeUndefined();
    expect(f.store.getState().project!.files).toEqual(['src/main.c']);
  });
});
