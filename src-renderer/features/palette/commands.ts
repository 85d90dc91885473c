import type { BottomTab } from '../../store/inspector-slice';
import { selectAnyRunning } from '../../store/selectors';
import type { StudioState, StudioStore } from '../../store/store';

/** A key chord by KeyboardEvent.code; `mod` is Ctrl, or Cmd on macOS. */
export interface Chord {
  code: string;
  mod?: boolean;
  shift?: boolean;
  alt?: boolean;
}

export interface Command {
  id: string;
  label: string;
  chord?: Chord;
  /** When false the command is shown greyed and does nothing. */
  enabled?(s: StudioState): boolean;
  run(store: StudioStore): void | Promise<unknown>;
}

export const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const idle = (s: StudioState) => s.connected && s.project !== null && !s.building && !selectAnyRunning(s);
const canSwitch = (s: StudioState) => s.connected && !s.switching;
const tab = (id: BottomTab, label: string): Command => ({
  id: `panel.${id}`,
  label: `Bottom panel: show ${label}`,
  run: (store) => store.getState().setBottomTab(id),
});

/** Every action of the studio, once: the palette lists them; the window and Monaco bind their chords. */
export const COMMANDS: Command[] = [
  { id: 'build', label: 'Build', chord: { code: 'KeyB', mod: true }, enabled: idle, run: (st) => st.getState().build() },
  { id: 'run.both', label: 'Run in both engines', chord: { code: 'F5' }, enabled: idle, run: (st) => st.getState().run(['node', 'browser']) },
  { id: 'run.node', label: 'Run in the Node engine', enabled: idle, run: (st) => st.getState().run(['node']) },
  { id: 'run.browser', label: 'Run in the browser engine', enabled: idle, run: (st) => st.getState().run(['browser']) },
  { id: 'stop', label: 'Stop', chord: { code: 'F5', shift: true }, enabled: selectAnyRunning, run: (st) => st.getState().stop() },
  {
    id: 'save',
    label: 'Save',
    chord: { code: 'KeyS', mod: true },
    run: (st) => {
      const path = st.getState().openPath;
      return path ? st.getState().saveFile(path) : undefined;
    },
  },
  { id: 'save.all', label: 'Save all', chord: { code: 'KeyS', mod: true, alt: true }, run: (st) => st.getState().saveAll() },
  { id: 'file.new', label: 'New file…', chord: { code: 'KeyN', alt: true }, enabled: (s) => s.project !== null, run: (st) => st.getState().setCreatingFile(true) },
  { id: 'project.openFolder', label: 'Open Folder…', chord: { code: 'KeyO', mod: true }, enabled: canSwitch, run: (st) => st.getState().openFolder() },
  { id: 'project.openRecent', label: 'Open Recent…', chord: { code: 'KeyR', mod: true }, enabled: canSwitch, run: (st) => st.getState().setPaletteOpen(true, 'recent') },
  { id: 'project.new', label: 'New Project…', chord: { code: 'KeyN', mod: true, alt: true }, enabled: canSwitch, run: (st) => st.getState().setDialog({ kind: 'new-project' }) },
  {
    id: 'trust.review',
    label: 'Project trust: review what this untrusted project asks for',
    enabled: (s) => (s.trust?.pending.length ?? 0) > 0,
    run: (st) => st.getState().setTrustPrompt(true),
  },
  { id: 'welcome.show', label: 'Welcome: recent projects and samples gallery', run: (st) => st.getState().showWelcome(true) },
  tab('problems', 'Problems'),
  tab('capabilities', 'Capabilities'),
  tab('trace', 'Trace'),
  tab('commands', 'Commands'),
  tab('calls', 'Calls'),
  { id: 'theme.toggle', label: 'Theme: toggle light / dark', run: (st) => st.getState().toggleTheme() },
  { id: 'theme.light', label: 'Theme: light', run: (st) => st.getState().setThemeSetting('light') },
  { id: 'theme.dark', label: 'Theme: dark', run: (st) => st.getState().setThemeSetting('dark') },
  { id: 'theme.system', label: 'Theme: follow the system', run: (st) => st.getState().setThemeSetting('system') },
  { id: 'palette', label: 'Show all commands', chord: { code: 'KeyP', mod: true, shift: true }, run: (st) => st.getState().setPaletteOpen(!st.getState().paletteOpen) },
];

export const commandById = (id: string): Command => COMMANDS.find((c) => c.id === id)!;

const KEY_NAMES: Record<string, string> = { Backquote: '`', Comma: ',', Period: '.', Slash: '/' };
const keyName = (code: string) => KEY_NAMES[code] ?? code.replace(/^Key|^Digit/, '');

/** The chord as people read it: "Ctrl+Shift+P", or "⇧⌘P" on macOS. */
export function chordLabel(c: Chord, mac = isMac): string {
  if (mac) return `${c.alt ? '⌥' : ''}${c.shift ? '⇧' : ''}${c.mod ? '⌘' : ''}${keyName(c.code)}`;
  return [c.mod && 'Ctrl', c.alt && 'Alt', c.shift && 'Shift', keyName(c.code)].filter(Boolean).join('+');
}

/** A button's title: what it does, and its shortcut. */
export function titleWithChord(text: string, id: string): string {
  const chord = commandById(id).chord;
  return chord ? `${text} (${chordLabel(chord)})` : text;
}

export function matches(c: Chord, e: Pick<KeyboardEvent, 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, mac = isMac): boolean {
  const mod = mac ? e.metaKey : e.ctrlKey;
  const other = mac ? e.ctrlKey : e.metaKey;
  return e.code === c.code && mod === Boolean(c.mod) && !other && e.shiftKey === Boolean(c.shift) && e.altKey === Boolean(c.alt);
}

/** Runs the command bound to this key event, if any; true when one was found (the event is then consumed). */
export function runChord(store: StudioStore, e: KeyboardEvent): boolean {
  const cmd = COMMANDS.find((c) => c.chord && matches(c.chord, e));
  if (!cmd) return false;
  if (!cmd.enabled || cmd.enabled(store.getState())) void cmd.run(store);
  return true;
}
