import { useState } from 'react';
import type { FileChange } from '../../../src-shared/engine/snapshot-diff';
import { useStudioStore } from '../../store/use-studio';

const decoder = new TextDecoder('utf-8', { fatal: true });
const asText = (b: Uint8Array | null): string | null => {
  if (!b) return '';
  try {
    return decoder.decode(b);
  } catch {
    return null;
  }
};

/**
 * The browser engine's mounts are snapshots: what the guest wrote stays in the run. Each change is
 * shown (text as before/after) and can be written back to the host folder by the user.
 */
export function SnapshotChanges({ changes }: { changes: FileChange[] }) {
  const store = useStudioStore();
  const [written, setWritten] = useState<Record<string, string>>({});
  const writeBack = async (c: FileChange) => {
    const key = `${c.guest}/${c.path}`;
    try {
      const r = await store.getState().writeBack(c);
      setWritten((w) => ({ ...w, [key]: `written to ${r}` }));
    } catch (err) {
      setWritten((w) => ({ ...w, [key]: (err as Error).message }));
    }
  };
  return (
    <div className="snapshot-changes" data-testid="snapshot-changes">
      <h4>Changed in the browser engine's snapshot (not on disk)</h4>
      {changes.map((c) => {
        const key = `${c.guest}/${c.path}`;
        const before = asText(c.before);
        const after = asText(c.after);
        return (
          <details key={key} open={changes.length <= 3}>
            <summary>
              <span className={`kind ${c.kind}`}>{c.kind}</span> {key}{' '}
              {written[key] ? (
                <span className="muted">{written[key]}</span>
              ) : (
                <button type="button" onClick={() => void writeBack(c)}>
                  Write back to the host folder
                </button>
              )}
            </summary>
            {before === null || after === null ? (
              <p className="muted">
                binary: {c.before?.length ?? 0} → {c.after?.length ?? 0} bytes
              </p>
            ) : (
              <pre className="diff">
                {before.split('\n').filter(Boolean).map((l, i) => <span key={`b${i}`} className="del">- {l}{'\n'}</span>)}
                {after.split('\n').filter(Boolean).map((l, i) => <span key={`a${i}`} className="add">+ {l}{'\n'}</span>)}
              </pre>
            )}
          </details>
        );
      })}
    </div>
  );
}
