import type { StateCreator } from 'zustand';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export type ThemeSetting = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

/** Sizes in pixels of the resizable parts; null: the default layout. */
export interface Layout {
  sidebar: number | null;
  right: number | null;
  bottom: number | null;
}

export type ToolchainState = { state: 'idle' } | { state: 'loading'; message: string; fraction: number | null } | { state: 'ready' };

export const THEME_KEY = 'component-studio.theme';
export const LAYOUT_KEY = 'component-studio.layout';
export const WRAP_KEY = 'component-studio.wrap-output';
const DEFAULT_LAYOUT: Layout = { sidebar: null, right: null, bottom: null };

export interface UiSlice {
  themeSetting: ThemeSetting;
  systemDark: boolean;
  paletteOpen: boolean;
  /** What the palette lists: the commands, or the recent projects (Open Recent). */
  paletteMode: 'commands' | 'recent';
  /** The file tree shows its new-file box. */
  creatingFile: boolean;
  layout: Layout;
  toolchain: ToolchainState;
  /** Run panes wrap long lines (true) or scroll sideways, keeping each line on one row. */
  wrapOutput: boolean;
  setWrapOutput(wrap: boolean): void;
  /** Markdown files open as a rendered page (true) or as text. */
  previewMarkdown: boolean;
  setPreviewMarkdown(on: boolean): void;
  setThemeSetting(t: ThemeSetting): void;
  /** Light <-> dark from whatever shows now (then no longer following the system). */
  toggleTheme(): void;
  setSystemDark(dark: boolean): void;
  setPaletteOpen(open: boolean, mode?: 'commands' | 'recent'): void;
  setCreatingFile(on: boolean): void;
  setLayout(change: Partial<Layout>): void;
}

/** localStorage when there is one (not in unit tests, and never fatal when it refuses). */
function storage(): Storage | null {
  try {
    return (globalThis as { localStorage?: Storage }).localStorage ?? null;
  } catch {
    return null;
  }
}

function load<T>(key: string, check: (v: unknown) => T | null, fallback: T): T {
  try {
    const raw = storage()?.getItem(key);
    return raw ? (check(JSON.parse(raw)) ?? fallback) : fallback;
  } catch {
    return fallback;
  }
}

function save(key: string, value: unknown): void {
  try {
    storage()?.setItem(key, JSON.stringify(value));
  } catch {
    // A full or disabled storage only loses the preference.
  }
}

const px = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 40 && v <= 10_000 ? Math.round(v) : null);

export const selectTheme = (s: StudioState): Theme => (s.themeSetting === 'system' ? (s.systemDark ? 'dark' : 'light') : s.themeSetting);

export const uiSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], UiSlice> =>
  (set, get) => {
    deps.client.on('build.progress', ({ message, fraction }) => {
      if (fraction !== null && fraction >= 0.995) set({ toolchain: { state: 'ready' } });
      else if (/^Loading/i.test(message)) set({ toolchain: { state: 'loading', message, fraction } });
    });
    return {
      themeSetting: load(THEME_KEY, (v) => (v === 'light' || v === 'dark' || v === 'system' ? v : null), 'system' as ThemeSetting),
      systemDark: false,
      paletteOpen: false,
      paletteMode: 'commands',
      creatingFile: false,
      layout: load(
        LAYOUT_KEY,
        (v) => (typeof v === 'object' && v ? { sidebar: px((v as Layout).sidebar), right: px((v as Layout).right), bottom: px((v as Layout).bottom) } : null),
        DEFAULT_LAYOUT,
      ),
      toolchain: { state: 'idle' },
      wrapOutput: load(WRAP_KEY, (v) => (typeof v === 'boolean' ? v : null), true),
      previewMarkdown: true,
      setPreviewMarkdown: (previewMarkdown) => set({ previewMarkdown }),
      setWrapOutput(wrapOutput) {
        save(WRAP_KEY, wrapOutput);
        set({ wrapOutput });
      },
      setThemeSetting(themeSetting) {
        save(THEME_KEY, themeSetting);
        set({ themeSetting });
      },
      toggleTheme() {
        get().setThemeSetting(selectTheme(get()) === 'dark' ? 'light' : 'dark');
      },
      setSystemDark: (systemDark) => set({ systemDark }),
      setPaletteOpen(paletteOpen, paletteMode = 'commands') {
        set({ paletteOpen, paletteMode });
        if (paletteOpen && paletteMode === 'recent') void get().loadWelcome();
      },
      setCreatingFile: (creatingFile) => set({ creatingFile }),
      setLayout(change) {
        const layout = { ...get().layout, ...change };
        save(LAYOUT_KEY, layout);
        set({ layout });
      },
    };
  };
