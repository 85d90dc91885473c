import type { StateCreator } from 'zustand';
import type { FolderListing, ProjectInfo, RecentProject, SampleInfo, TemplateName } from '../../src-shared/protocol/types';
import { RemoteError } from '../bridge/unwrap';
import { selectAnyRunning } from './selectors';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

/** A dialog over the studio: browser mode's folder picker, or the new-project form (with a folder to suggest). */
export type ProjectDialog = { kind: 'folder' } | { kind: 'new-project'; dir?: string };

export interface ProjectsSlice {
  recent: RecentProject[];
  samples: SampleInfo[];
  /** Where copies of samples go (shown in the gallery). */
  copiesDir: string;
  /** The welcome screen over an open project (it is always shown when none is open). */
  welcomeShown: boolean;
  dialog: ProjectDialog | null;
  /** Why the last open failed, shown where the user asked (the folder picker, the new-project form). */
  openError: { message: string; code: string; dir: string } | null;
  /** A project switch in progress (buttons wait for it). */
  switching: boolean;
  loadWelcome(): Promise<void>;
  showWelcome(shown: boolean): void;
  setDialog(dialog: ProjectDialog | null): void;
  /** Opens a project folder in place of the current one; unsaved edits stay backed up in the old one. */
  openProject(dir: string): Promise<boolean>;
  openSample(sample: string): Promise<boolean>;
  newProject(language: TemplateName, dir: string): Promise<boolean>;
  removeRecent(dir: string): Promise<void>;
  /** Open folder: the system dialog where there is one (desktop), else the studio's folder picker. */
  openFolder(): Promise<void>;
  /** Browser mode's folder picker: the sub-folders of a folder on the studio's machine. */
  listFolder(path?: string): Promise<FolderListing>;
  /** The desktop's folder dialog (null: cancelled). */
  pickFolder(): Promise<string | null>;
  /** Clears every project's state and shows this one (after a switch here or in another window). */
  showProject(info: ProjectInfo): Promise<void>;
}

export const projectsSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], ProjectsSlice> =>
  (set, get) => {
    /** The folder this window is opening, so the server's project.changed for it is not handled twice. */
    let opening: string | null = null;

    deps.client.on('project.changed', ({ dir }) => {
      if (dir === opening || dir === get().project?.dir) return;
      // Another window opened a project: this one follows (the server serves one project at a time).
      void (async () => {
        await get().flushBackups();
        try {
          await get().showProject(await deps.client.call('project.get', {}));
        } catch (err) {
          get().setNotice(`Another window opened ${dir}, which could not be shown here: ${(err as Error).message}`);
        }
      })();
    });

    const attempt = async (dir: string, open: () => Promise<ProjectInfo>): Promise<boolean> => {
      set({ switching: true, openError: null });
      opening = dir;
      try {
        // Pending backups reach the old project before its services are replaced: nothing typed is lost.
        await get().flushBackups();
        const info = await open();
        opening = info.dir;
        await get().showProject(info);
        set({ dialog: null });
        return true;
      } catch (err) {
        set({ openError: { message: (err as Error).message, code: err instanceof RemoteError ? err.code : 'error', dir } });
        return false;
      } finally {
        opening = null;
        set({ switching: false });
        void get().loadWelcome();
      }
    };

    return {
      recent: [],
      samples: [],
      copiesDir: '',
      welcomeShown: false,
      dialog: null,
      openError: null,
      switching: false,
      async loadWelcome() {
        try {
          const [{ projects }, { samples, copiesDir }] = await Promise.all([deps.client.call('recent.list', {}), deps.client.call('samples.list', {})]);
          set({ recent: projects, samples, copiesDir });
        } catch {
          // Disconnected: the welcome screen shows what it had.
        }
      },
      showWelcome(welcomeShown) {
        set({ welcomeShown, openError: null });
        if (welcomeShown) void get().loadWelcome();
      },
      setDialog: (dialog) => set({ dialog, openError: null }),
      openProject: (dir) => attempt(dir, () => deps.client.call('project.open', { dir })),
      openSample: (sample) => attempt(`sample:${sample}`, () => deps.client.call('project.fromSample', { sample })),
      newProject: (language, dir) => attempt(dir, () => deps.client.call('project.fromTemplate', { language, dir })),
      async removeRecent(dir) {
        try {
          set({ recent: (await deps.client.call('recent.remove', { dir })).projects });
        } catch (err) {
          get().setNotice(`Could not remove ${dir} from the recent projects: ${(err as Error).message}`);
        }
      },
      async openFolder() {
        let picked: string | null;
        try {
          picked = await get().pickFolder();
        } catch (err) {
          if (err instanceof RemoteError && err.code === 'not-supported') set({ dialog: { kind: 'folder' }, openError: null });
          else get().setNotice(`Could not show the folder dialog: ${(err as Error).message}`);
          return;
        }
        if (picked && !(await get().openProject(picked))) {
          const e = get().openError;
          // A folder without studio.json: offer to start a project there rather than only refusing.
          if (e?.code === 'not-a-project') set({ dialog: { kind: 'new-project', dir: picked } });
          else if (e) get().setNotice(e.message);
        }
      },
      listFolder: (path) => deps.client.call('folder.list', path ? { path } : {}),
      pickFolder: async () => (await deps.client.call('folder.pick', {})).dir,
      async showProject(info) {
        // Runs of the old project stop (a browser-engine run lives in this page); late results are dropped by the slices.
        if (selectAnyRunning(get())) await get().stop();
        get().resetProject();
        set({ project: info, projectError: null, welcomeShown: false });
        const first = info.files.find((f) => f.startsWith('src/')) ?? info.files[0];
        if (first) await get().openFile(first);
        await get().restoreBackups();
      },
    };
  };
