import { describe, expect, it, vi } from 'vitest';
import type { BackupInfo, ProjectInfo } from '../../src-shared/protocol/types';
import { RemoteError } from '../bridge/unwrap';
import { storeOverFakeClient } from './fake-client';

/** A fake server with two project folders; one is open at a time, like the session. */
function fakeServer(open: string | null) {
  const projects: Record<string, Record<string, string>> = { '/a': { 'src/main.c': 'int a;\n' }, '/b': { 'src/main.cpp': 'int b;\n' } };
  const backups: Record<string, BackupInfo[]> = { '/a': [], '/b': [] };
  const info = (dir: string): ProjectInfo => ({ dir, config: { name: dir.slice(1) } as ProjectInfo['config'], configProblem: null, files: Object.keys(projects[dir]!) });
  const need = () => {
    if (!open) throw new RemoteError('not-open', 'No project is open');
    return open;
  };
  let release: () => void = () => {};
  const handlers: Record<string, (p: Record<string, string>) => unknown> = {
    'build.start': () => new Promise((r) => (release = () => r({ ok: true, diagnostics: [], steps: [], log: '', stale: false, hash: 'old' }))),
    'project.get': () => info(need()),
    'file.read': ({ path }) => ({ content: projects[need()]![path!] }),
    'backup.save': ({ path, content }) => (backups[need()]!.push({ path: path!, content: content!, savedAt: 1, state: 'newer' }), { savedAt: 1 }),
    'backup.list': () => ({ backups: backups[need()] }),
    'backup.discard': () => ({ discarded: true }),
    'project.open': ({ dir }) => {
      if (!projects[dir!]) throw new RemoteError('not-a-project', `${dir} has no studio.json`);
      open = dir!;
      return info(dir!);
    },
    'recent.list': () => ({ projects: [] }),
    'samples.list': () => ({ samples: [], copiesDir: '/copies' }),
    'folder.pick': () => {
      throw new RemoteError('not-supported', 'browser mode');
    },
  };
  const { store, calls, emit } = storeOverFakeClient(handlers);
  return { store, calls, emit, backups, setOpen: (d: string) => (open = d), release: () => release() };
}

describe('project switching in the store', () => {
  it('no folder at start is the welcome screen, not an error', async () => {
    const f = fakeServer(null);
    await f.store.getState().loadProject();
    await vi.waitFor(() => expect(f.store.getState()).toMatchObject({ project: null, projectError: null, copiesDir: '/copies' }));
  });

  it('backs up unsaved edits before switching, then starts the new project clean', async () => {
    const f = fakeServer('/a');
    await f.store.getState().loadProject();
    f.store.getState().editFile('src/main.c', 'int a; // edited\n');
    f.store.setState({ buildError: 'old', notice: 'old notice', history: [{} as never] });
    expect(await f.store.getState().openProject('/b')).toBe(true);
    // The edit reached /a's backups before project.open was asked.
    const order = f.calls.map((c) => c.method);
    expect(order.indexOf('backup.save')).toBeLessThan(order.indexOf('project.open'));
    expect(f.backups['/a']).toMatchObject([{ path: 'src/main.c', content: 'int a; // edited\n' }]);
    const s = f.store.getState();
    expect(s.project?.dir).toBe('/b');
    expect(Object.keys(s.buffers)).toEqual(['src/main.cpp']);
    expect(s).toMatchObject({ openPath: 'src/main.cpp', buildError: null, notice: null, history: [], welcomeShown: false });

    // Back to /a: the unsaved edit is restored from its backups.
    expect(await f.store.getState().openProject('/a')).toBe(true);
    expect(f.store.getState().buffers['src/main.c']).toEqual({ saved: 'int a;\n', text: 'int a; // edited\n' });
  });

  it('a folder that cannot be opened keeps the open project and says why; Open folder falls back to the picker in browser mode', async () => {
    const f = fakeServer('/a');
    await f.store.getState().loadProject();
    expect(await f.store.getState().openProject('/nope')).toBe(false);
    expect(f.store.getState()).toMatchObject({ project: { dir: '/a' }, openError: { code: 'not-a-project', dir: '/nope' } });
    await f.store.getState().openFolder();
    expect(f.store.getState().dialog).toEqual({ kind: 'folder' });
  });

  it('a build of the old project that ends after the switch does not show in the new one', async () => {
    const f = fakeServer('/a');
    await f.store.getState().loadProject();
    const building = f.store.getState().build();
    await vi.waitFor(() => expect(f.store.getState().building).toBe(true));
    expect(await f.store.getState().openProject('/b')).toBe(true);
    f.release();
    expect(await building).toBe(false);
    expect(f.store.getState()).toMatchObject({ project: { dir: '/b' }, buildResult: null, building: false });
  });

  it('follows a project opened by another window', async () => {
    const f = fakeServer('/a');
    await f.store.getState().loadProject();
    f.setOpen('/b');
    f.emit('project.changed', { dir: '/b' });
    await new Promise((r) => setTimeout(r, 10));
    expect(f.store.getState().project?.dir).toBe('/b');
    expect(f.store.getState().openPath).toBe('src/main.cpp');
  });
});
