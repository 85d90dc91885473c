import { useEffect, useRef, useState } from 'react';
import type { FolderListing } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { Modal } from './Modal';
import { commonPrefix, joinPath, splitTyped } from './folder-paths';

/**
 * Browser mode's Open folder: the server lists sub-folders (never files) of the folder shown; a
 * path can be typed, with Tab completing folder names. A folder without studio.json is offered
 * as the place for a new project.
 */
export function FolderPicker() {
  const store = useStudioStore();
  const list = (path?: string): Promise<FolderListing> => store.getState().listFolder(path);
  const openError = useStudio((s) => s.openError);
  const switching = useStudio((s) => s.switching);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const close = () => store.getState().setDialog(null);

  const go = async (path?: string) => {
    try {
      const l = await list(path);
      setListing(l);
      setTyped(l.path);
      setError(null);
      store.setState({ openError: null });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  useEffect(() => {
    // Where projects usually are (the copies folder), else home.
    void list(store.getState().copiesDir || undefined)
      .catch(() => list())
      .then((l) => {
        setListing(l);
        setTyped((t) => t || l.path); // never over what the user typed meanwhile
        input.current?.focus();
      })
      .catch((err) => setError((err as Error).message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Completion: the folders of the typed path's parent that start with what was typed.
  useEffect(() => {
    const { parent, prefix } = splitTyped(typed);
    if (!parent || (listing && typed === listing.path)) return setSuggestions([]);
    let live = true;
    const t = setTimeout(() => {
      list(parent)
        .then((l) => live && setSuggestions(l.folders.filter((f) => f.name.startsWith(prefix)).map((f) => joinPath(l.path, f.name))))
        .catch(() => live && setSuggestions([]));
    }, 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed, listing]);

  const complete = () => {
    if (!suggestions.length) return false;
    const { parent } = splitTyped(suggestions[0]!);
    const names = suggestions.map((s) => splitTyped(s).prefix);
    const common = parent + commonPrefix(names);
    if (common.length <= typed.length) return false;
    setTyped(suggestions.length === 1 ? joinPath(common, '') : common);
    return true;
  };

  const target = typed.trim() || listing?.path || '';
  return (
    <Modal title="Open folder" testId="folder-picker" onClose={close}>
      <div className="picker-path">
        <button onClick={() => listing?.parent && void go(listing.parent)} disabled={!listing?.parent} title="Parent folder" aria-label="Parent folder">
          ↑
        </button>
        <input
          ref={input}
          value={typed}
          list="folder-suggestions"
          spellCheck={false}
          aria-label="Folder path"
          data-testid="folder-picker-path"
          onChange={(e) => setTyped(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Tab' && complete()) e.preventDefault();
            else if (e.key === 'Enter') {
              e.preventDefault();
              void go(typed);
            }
          }}
        />
        <datalist id="folder-suggestions">
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button onClick={() => void go(listing?.home)} title="Home folder">
          ⌂ Home
        </button>
      </div>
      {error && (
        <p className="picker-error" role="alert" data-testid="folder-picker-error">
          {error}
        </p>
      )}
      <ul className="picker-list" aria-label="Folders">
        {listing?.folders.map((f) => (
          <li key={f.name}>
            <button
              className="link"
              data-testid="folder-entry"
              data-name={f.name}
              onClick={() => void go(joinPath(listing.path, f.name))}
              onDoubleClick={() => f.project && void store.getState().openProject(joinPath(listing.path, f.name))}
            >
              <FolderIcon project={f.project} /> {f.name}
            </button>
            {f.project && <span className="badge">project</span>}
          </li>
        ))}
        {listing && listing.folders.length === 0 && <li className="muted">No sub-folders.</li>}
        {listing?.truncated && <li className="muted">More folders than shown: type a path.</li>}
      </ul>
      {openError && (
        <div className="picker-error" role="alert" data-testid="folder-picker-error">
          {openError.message}
          {openError.code === 'not-a-project' && (
            // An empty folder can take a new project as it is; any other gets a new sub-folder, so nothing in it is touched.
            <button
              data-testid="create-here"
              onClick={() => {
                const empty = listing?.path === openError.dir && listing.empty;
                store.getState().setDialog({ kind: 'new-project', dir: empty ? openError.dir : joinPath(openError.dir, 'my-component') });
              }}
            >
              {listing?.path === openError.dir && listing.empty ? 'New project here…' : 'New project in a folder here…'}
            </button>
          )}
        </div>
      )}
      <footer className="modal-actions">
        <span className="muted">{listing?.project ? 'This folder is a project.' : 'Choose a folder with a studio.json.'}</span>
        <button onClick={close}>Cancel</button>
        <button className="primary" data-testid="folder-picker-open" disabled={!target || switching} onClick={() => void store.getState().openProject(target)}>
          Open
        </button>
      </footer>
    </Modal>
  );
}

export function FolderIcon({ project = false }: { project?: boolean }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M1.5 3.5h4.5l1.5 1.5h7v8h-13z" fill={project ? 'currentColor' : 'none'} fillOpacity={project ? 0.25 : 0} stroke="currentColor" strokeWidth="1.2" strokeLinejoin="round" />
    </svg>
  );
}
