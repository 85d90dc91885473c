import { useStudio, useStudioStore } from '../../store/use-studio';

/** A file with unsaved edits changed on disk: keep the edits or load the file as it is now. */
export function ConflictBar() {
  const store = useStudioStore();
  const conflicts = useStudio((s) => s.conflicts);
  const openPath = useStudio((s) => s.openPath);
  const c = conflicts.find((x) => x.path === openPath) ?? conflicts[0];
  return (
    <div className="conflict-slot">
      {c && (
        <div className="conflict-bar" role="alert" data-testid="conflict-bar">
          <span>
            <b>{c.path}</b> {c.deleted ? 'was deleted on disk' : 'changed on disk'} while you had unsaved changes.
            {conflicts.length > 1 && <span className="muted"> ({conflicts.length - 1} more)</span>}
          </span>
          <button data-testid="keep-mine" onClick={() => void store.getState().resolveConflict(c.path, 'mine')} title="Keep your unsaved text; saving replaces the file on disk">
            Keep mine
          </button>
          <button data-testid="load-theirs" onClick={() => void store.getState().resolveConflict(c.path, 'theirs')} title={c.deleted ? 'Close the file and drop your changes' : 'Drop your changes and load the file from disk'}>
            {c.deleted ? 'Close it' : 'Load theirs'}
          </button>
          {c.path !== openPath && (
            <button onClick={() => void store.getState().openFile(c.path)} title="Open the file">
              Show
            </button>
          )}
        </div>
      )}
    </div>
  );
}
