import { afterEach, describe, expect, it, vi } from 'vitest';
import type { StudioClient } from '../../src-shared/protocol/api';
import { chordLabel, COMMANDS, matches, titleWithChord } from '../features/palette/commands';
import { testEngines } from './fake-client';
import { createStudioStore } from './store';
import { LAYOUT_KEY, selectTheme, THEME_KEY } from './ui-slice';

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), map: m };
}

function makeStore() {
  const listeners: Record<string, (p: unknown) => void> = {};
  const client = {
    call: async () => {
      throw new Error('no calls');
    },
    on: (e: string, l: (p: unknown) => void) => {
      listeners[e] = l;
      return () => {};
    },
  } as unknown as StudioClient;
  const store = createStudioStore({ client, engines: testEngines(client), newRunId: () => 'r' });
  return { store, listeners };
}

afterEach(() => vi.unstubAllGlobals());

describe('theme, layout and toolchain state', () => {
  it('follows the system until the palette overrides it, and remembers the override', () => {
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    const { store } = makeStore();
    expect(store.getState().themeSetting).toBe('system');
    store.getState().setSystemDark(true);
    expect(selectTheme(store.getState())).toBe('dark');
    store.getState().toggleTheme();
    expect(selectTheme(store.getState())).toBe('light');
    store.getState().setSystemDark(false);
    store.getState().setSystemDark(true);
    expect(selectTheme(store.getState())).toBe('light'); // the override holds
    expect(storage.map.get(THEME_KEY)).toBe('"light"');
    expect(makeStore().store.getState().themeSetting).toBe('light');
  });

  it('persists the layout and ignores nonsense in storage', () => {
    const storage = memoryStorage({ [LAYOUT_KEY]: '{"sidebar":"wide","right":99999,"bottom":200}' });
    vi.stubGlobal('localStorage', storage);
    const { store } = makeStore();
    expect(store.getState().layout).toEqual({ sidebar: null, right: null, bottom: 200 });
    store.getState().setLayout({ sidebar: 260 });
    expect(JSON.parse(storage.map.get(LAYOUT_KEY)!)).toEqual({ sidebar: 260, right: null, bottom: 200 });
    expect(makeStore().store.getState().layout.sidebar).toBe(260);
  });

  it('tracks toolchain loading from build.progress', () => {
    const { store, listeners } = makeStore();
    expect(store.getState().toolchain).toEqual({ state: 'idle' });
    listeners['build.progress']!({ message: 'Loading the C toolchain: 40 of 105 MB', fraction: 0.38 });
    expect(store.getState().toolchain).toMatchObject({ state: 'loading', fraction: 0.38 });
    listeners['build.progress']!({ message: 'Loading the C toolchain: 105 of 105 MB', fraction: 1 });
    expect(store.getState().toolchain).toEqual({ state: 'ready' });
  });
});

describe('commands and shortcuts', () => {
  const key = (code: string, m: Partial<KeyboardEvent> = {}) => ({ code, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...m });

  it('lists every action once, with distinct chords', () => {
    const ids = COMMANDS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['build', 'run.both', 'run.node', 'run.browser', 'stop', 'save', 'save.all', 'file.new', 'panel.problems', 'panel.trace', 'theme.toggle', 'palette']) expect(ids).toContain(id);
    const chords = COMMANDS.filter((c) => c.chord).map((c) => chordLabel(c.chord!, false));
    expect(new Set(chords).size).toBe(chords.length);
  });

  it('matches Ctrl on Linux and Cmd on macOS, and shows them that way', () => {
    const build = COMMANDS.find((c) => c.id === 'build')!.chord!;
    expect(matches(build, key('KeyB', { ctrlKey: true }), false)).toBe(true);
    expect(matches(build, key('KeyB', { ctrlKey: true, shiftKey: true }), false)).toBe(false);
    expect(matches(build, key('KeyB', { metaKey: true }), true)).toBe(true);
    expect(matches(build, key('KeyB', { ctrlKey: true }), true)).toBe(false);
    const stop = COMMANDS.find((c) => c.id === 'stop')!.chord!;
    expect(matches(stop, key('F5', { shiftKey: true }), false)).toBe(true);
    expect(matches(stop, key('F5'), false)).toBe(false);
    expect(chordLabel({ code: 'KeyP', mod: true, shift: true }, false)).toBe('Ctrl+Shift+P');
    expect(chordLabel({ code: 'KeyP', mod: true, shift: true }, true)).toBe('⇧⌘P');
    expect(titleWithChord('Build the component', 'build')).toMatch(/^Build the component \((Ctrl\+B|⌘B)\)$/);
  });
});
