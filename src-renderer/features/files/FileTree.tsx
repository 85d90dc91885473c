import { selectFiles, selectIsDirty } from '../../store/selectors';
import { useStudio, useStudioStore } from '../../store/use-studio';

/** The project's files, folders shown as indented headings; a dot marks unsaved changes. */
export function FileTree() {
  const store = useStudioStore();
  const files = useStudio(selectFiles);
  const openPath = useStudio((s) => s.openPath);
  const dirty = useStudio((s) => files.filter((f) => selectIsDirty(s, f)).join('\n'));
  const dirtySet = new Set(dirty.split('\n'));
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
  return (
    <nav className="file-tree" data-testid="file-tree" aria-label="Project files">
      <ul>
        {rows.map((r) => (
          <li key={r.key} style={{ paddingLeft: 8 + r.depth * 14 }}>
            {r.path ? (
              <button
                className={r.path === openPath ? 'file active' : 'file'}
                onClick={() => void store.getState().openFile(r.path!)}
                title={r.path}
              >
                {r.label}
                {dirtySet.has(r.path) && <span className="dirty" aria-label="unsaved changes"> ●</span>}
              </button>
            ) : (
              <span className="folder">{r.label}</span>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
