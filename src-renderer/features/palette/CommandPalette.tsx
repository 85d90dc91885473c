import { useEffect, useMemo, useRef, useState } from 'react';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { chordLabel, COMMANDS, type Command } from './commands';

/** Ctrl/Cmd+Shift+P: every action of the studio, filtered as you type, with its shortcut. */
export function CommandPalette() {
  const store = useStudioStore();
  const open = useStudio((s) => s.paletteOpen);
  if (!open) return null;
  return <PaletteBox close={() => store.getState().setPaletteOpen(false)} />;
}

function PaletteBox({ close }: { close: () => void }) {
  const store = useStudioStore();
  const state = useStudio((s) => s);
  const [query, setQuery] = useState('');
  const [index, setIndex] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const list = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return COMMANDS.filter((c) => c.id !== 'palette' && words.every((w) => c.label.toLowerCase().includes(w)));
  }, [query]);
  const selected = Math.min(index, Math.max(0, list.length - 1));

  useEffect(() => input.current?.focus(), []);

  const choose = (c: Command | undefined) => {
    if (!c || (c.enabled && !c.enabled(store.getState()))) return;
    close();
    void c.run(store);
  };

  return (
    <div className="palette-backdrop" onMouseDown={close}>
      <div className="palette" role="dialog" aria-label="Command palette" data-testid="command-palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          value={query}
          placeholder="Type a command"
          aria-label="Command"
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
            const disabled = c.enabled ? !c.enabled(state) : false;
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
                {c.chord && <kbd>{chordLabel(c.chord)}</kbd>}
              </li>
            );
          })}
          {list.length === 0 && <li className="empty">No command matches</li>}
        </ul>
      </div>
    </div>
  );
}
