import { useEffect, useRef, useState } from 'react';
import { selectFiles, selectIsDirty } from '../../store/selectors';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { titleWithChord } from '../palette/commands';
import { isGeneratedFile } from '../../../src-shared/languages/generated';

type Editing = { kind: 'rename'; path: string } | { kind: 'delete'; path: string } | null;

/** The project's files, folders shown as indented headings; a dot marks unsaved changes. New, rename and delete act on disk. */
export function FileTree() {
  const store = useStudioStore();
  const files = useStudio(selectFiles);
  const openPath = useStudio((s) => s.openPath);
  const creating = useStudio((s) => s.creatingFile);
  const dirty = useStudio((s) => files.filter((f) => selectIsDirty(s, f)).join('\n'));
  const [editing, setEditing] = useState<Editing>(null);
  /** A folder is kept by its files: New folder asks for its name, then for its first file in it. */
  const [naming, setNaming] = useState<'folder' | null>(null);
  const [prefix, setPrefix] = useState<string | null>(null);
  const dirtySet = new Set(dirty.split('\n'));
  const config = useStudio((s) => s.project?.config);
  const seen = new Set<string>();
  const rows: { key: string; label: string; depth: number; path?: string }[] = [];
  for (const file of files) {
    const parts = file.split('/');
    for (let i = 0; i < parts.length - 1; i++) {
      const dir = parts.slice(0, i + 1).join('/');
      if (!seen.has(dir)) {
        seen.add(dir);
        rows.push({ key: 'd:' + dir, label: parts[i]! + '/', depth: i });
      }
    }
    rows.push({ key: file, label: parts.at(-1)!, depth: parts.length - 1, path: file });
  }
  const folder = prefix ?? (openPath?.includes('/') ? openPath.slice(0, openPath.lastIndexOf('/') + 1) : 'src/');
  return (
    <nav className="file-tree" data-testid="file-tree" aria-label="Project files">
      <div className="file-actions">
        <button className="icon" data-testid="new-file-button" title={titleWithChord('New file', 'file.new')} onClick={() => store.getState().setCreatingFile(true)}>
          + New file
        </button>
        <button className="icon" data-testid="new-folder-button" title="New folder (then its first file)" onClick={() => setNaming('folder')}>
          + New folder
        </button>
      </div>
      {naming === 'folder' && (
        <NameBox
          initial={openPath?.includes('/') ? openPath.slice(0, openPath.lastIndexOf('/') + 1) : ''}
          label="New folder path"
          testId="new-folder-input"
          onDone={async (name) => {
            setNaming(null);
            const clean = name?.replace(/^\/+|\/+$/g, '');
            if (!clean) return;
            setPrefix(`${clean}/`);
            store.getState().setCreatingFile(true);
          }}
        />
      )}
      {creating && (
        <NameBox
          initial={folder}
          label="New file path"
          testId="new-file-input"
          onDone={async (name) => {
            if (name !== null) await store.getState().createFile(name);
            store.getState().setCreatingFile(false);
            setPrefix(null);
          }}
        />
      )}
      <ul>
        {rows.map((r) => (
          <li key={r.key} style={{ paddingLeft: 8 + r.depth * 14 }} className={r.path ? 'file-row' : undefined} data-path={r.path}>
            {!r.path ? (
              <span className="folder">{r.label}</span>
            ) : editing?.kind === 'rename' && editing.path === r.path ? (
              <NameBox
                initial={r.path}
                label={`New name for ${r.path}`}
                testId="rename-input"
                onDone={async (name) => {
                  if (name !== null && name !== r.path) await store.getState().renameFile(r.path!, name);
                  setEditing(null);
                }}
              />
            ) : editing?.kind === 'delete' && editing.path === r.path ? (
              <div className="confirm-delete" role="alertdialog" aria-label={`Delete ${r.path}?`} data-testid="confirm-delete">
                <span>
                  Delete <b>{r.label}</b>
                  {dirtySet.has(r.path) ? ' and its unsaved changes' : ''}?
                </span>
                <button
                  className="danger"
                  data-testid="confirm-delete-button"
                  onClick={async () => {
                    await store.getState().deleteFile(r.path!);
                    setEditing(null);
                  }}
                >
                  Delete
                </button>
                <button onClick={() => setEditing(null)}>Cancel</button>
              </div>
            ) : (
              <>
                <button
                  className={r.path === openPath ? 'file active' : 'file'}
                  onClick={() => void store.getState().openFile(r.path!)}
                  onKeyDown={(e) => {
                    if (e.key === 'F2') setEditing({ kind: 'rename', path: r.path! });
                    else if (e.key === 'Delete') setEditing({ kind: 'delete', path: r.path! });
                  }}
                  onContextMenu={(e) => {
                    e.preventDefault();
                    e.currentTarget.parentElement?.classList.toggle('show-actions');
                  }}
                  title={r.path}
                >
                  {r.label}
                  {dirtySet.has(r.path) && <span className="dirty" aria-label="unsaved changes"> ●</span>}
                  {isGeneratedFile(config, r.path!) && (
                    <span className="generated" data-testid="generated-file" title="Generated by the build from the WIT world: read-only, rewritten when the WIT changes">
                      {' '}
                      generated
                    </span>
                  )}
                </button>
                {r.path !== 'studio.json' && !isGeneratedFile(config, r.path!) && (
                  <span className="row-actions">
                    <button className="icon" title={`Rename ${r.path} (F2)`} aria-label={`Rename ${r.path}`} data-testid="rename-file" onClick={() => setEditing({ kind: 'rename', path: r.path! })}>
                      ✎
                    </button>
                    <button className="icon" title={`Delete ${r.path} (Delete)`} aria-label={`Delete ${r.path}`} data-testid="delete-file" onClick={() => setEditing({ kind: 'delete', path: r.path! })}>
                      ✕
                    </button>
                  </span>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** A one-line name box: Enter accepts, Escape (or leaving it empty) cancels. */
function NameBox({ initial, label, testId, onDone }: { initial: string; label: string; testId: string; onDone: (name: string | null) => void | Promise<void> }) {
  const [value, setValue] = useState(initial);
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const finish = (name: string | null) => {
    if (done.current) return;
    done.current = true;
    void onDone(name && name.trim() ? name.trim() : null);
  };
  useEffect(() => {
    const input = ref.current!;
    input.focus();
    // Select the name, not the folder or the extension, as editors do.
    const start = initial.lastIndexOf('/') + 1;
    const dot = initial.lastIndexOf('.');
    input.setSelectionRange(start, dot > start ? dot : initial.length);
  }, [initial]);
  return (
    <input
      ref={ref}
      className="name-box"
      aria-label={label}
      data-testid={testId}
      value={value}
      spellCheck={false}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') finish(value);
        else if (e.key === 'Escape') finish(null);
        else return;
        e.preventDefault();
        e.stopPropagation();
      }}
      onBlur={() => finish(null)}
    />
  );
}
