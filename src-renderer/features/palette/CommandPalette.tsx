import { useEffect, useMemo, useRef, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { chordLabel, COMMANDS, type Command } from './commands';

/** An entry of the palette: a command, or a recent project (Open Recent). */
interface Item {
  id: string;
  label: string;
  detail?: string;
  chord?: Command['chord'];
  disabled: boolean;
  run(): void;
}

/** Ctrl/Cmd+Shift+P: every action of the studio, filtered as you type, with its shortcut; Ctrl+R: recent projects. */
export function CommandPalette() {
  const store = useStudioStore();
  const open = useStudio((s) => s.paletteOpen);
  const mode = useStudio((s) => s.paletteMode);
  if (!open) return null;
  // Keyed by mode: "Open Recent…" chosen in the commands starts the recent list with an empty query.
  return <PaletteBox key={mode} close={() => store.getState().setPaletteOpen(false)} />;
}

function PaletteBox({ close }: { close: () => void }) {
  const store = useStudioStore();
  const state = useStudio((s) => s);
  const mode = useStudio((s) => s.paletteMode);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const items: Item[] = useMemo(
    () =>
      mode === 'recent'
        ? state.recent.map((p) => ({
            id: p.dir,
            label: p.name,
            detail: p.missing ? `${p.dir} (missing)` : p.dir,
            disabled: p.missing || p.dir === state.project?.dir,
            run: () => void store.getState().openProject(p.dir),
          }))
        : COMMANDS.filter((c) => c.id !== 'palette').map((c) => ({
            id: c.id,
            label: c.label,
            chord: c.chord,
            disabled: c.enabled ? !c.enabled(state) : false,
            run: () => void c.run(store),
          })),
    [mode, state, store],
  );
  const list = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return items.filter((c) => words.every((w) => `${c.label} ${c.detail ?? ''}`.toLowerCase().includes(w)));
  }, [query, items]);
  const selected = Math.min(index, Math.max(0, list.length - 1));

  useEffect(() => input.current?.focus(), []);

  const choose = (c: Item | undefined) => {
    if (!c || c.disabled) return;
    close();
    c.run();
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={query}
          placeholder={mode === 'recent' ? 'Open a recent project' : 'Type a command'}
          aria-label={mode === 'recent' ? 'Recent project' : 'Command'}
          onChange={(e) => {
            setQuery(e.target.value);
            setIndex(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setIndex((selected + 1) % Math.max(1, list.length));
            else if (e.key === 'ArrowUp') setIndex((selected - 1 + list.length) % Math.max(1, list.length));
            else if (e.key === 'Enter') choose(list[selected]);
            else if (e.key === 'Escape') close();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
        />
        <ul role="listbox">
          {list.map((c, i) => {
            const disabled = c.disabled;
            return (
              <li
                key={c.id}
                role="option"
                aria-selected={i === selected}
                aria-disabled={disabled}
                className={`${i === selected ? 'selected' : ''} ${disabled ? 'disabled' : ''}`}
                data-command={c.id}
                onMouseEnter={() => setIndex(i)}
                onClick={() => choose(c)}
              >
                <span>{c.label}</span>
                {c.detail && <span className="detail">{c.detail}</span>}
                {c.chord && <kbd>{chordLabel(c.chord)}</kbd>}
              </li>
            );
          })}
          {list.length === 0 && <li className="empty">{mode === 'recent' ? (items.length ? 'No recent project matches' : 'No recent projects yet') : 'No command matches'}</li>}
        </ul>
      </div>
    </div>
  );
}
