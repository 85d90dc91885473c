import { useState } from 'react';
import type { FileChange } from '../../../src-shared/engine/snapshot-diff';
import { lineDiff } from '../../../src-shared/engine/line-diff';
import { RemoteError } from '../../bridge/unwrap';
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
 * shown (text as a line diff) and can be written back to the host folder by the user, who is asked
 * first when the host file changed meanwhile (the Node engine of the same Run both writes the real folder).
 */
export function SnapshotChanges({ changes }: { changes: FileChange[] }) {
  const store = useStudioStore();
  const [outcome, setOutcome] = useState<Record<string, { text: string; conflict?: boolean }>>({});
  const writeBack = async (c: FileChange, overwrite = false) => {
    const key = `${c.guest}/${c.path}`;
    try {
      const r = await store.getState().writeBack(c, overwrite);
      setOutcome((o) => ({ ...o, [key]: { text: `written to ${r}` } }));
    } catch (err) {
      const conflict = err instanceof RemoteError && err.code === 'conflict';
      setOutcome((o) => ({ ...o, [key]: { text: (err as Error).message, conflict } }));
    }
  };
  return (
    <div className="snapshot-changes" data-testid="snapshot-changes">
      <h4>Changed in the browser engine's snapshot (not on disk)</h4>
      {changes.map((c) => {
        const key = `${c.guest}/${c.path}`;
        const before = asText(c.before);
        const after = asText(c.after);
        const done = outcome[key];
        return (
          <details key={key} open={changes.length <= 3}>
            <summary>
              <span className={`kind ${c.kind}`}>{c.kind}</span> {key}{' '}
              {!done ? (
                <button type="button" onClick={() => void writeBack(c)}>
                  Write back to the host folder
                </button>
              ) : (
                <span className={done.conflict ? 'conflict' : 'muted'} role={done.conflict ? 'alert' : undefined} data-testid={done.conflict ? 'write-back-conflict' : undefined}>
                  {done.text}{' '}
                  {done.conflict && (
                    <button type="button" onClick={() => void writeBack(c, true)}>
                      Overwrite anyway
                    </button>
                  )}
                </span>
              )}
            </summary>
            {before === null || after === null ? (
              <p className="muted">
                binary: {c.before?.length ?? 0} → {c.after?.length ?? 0} bytes
              </p>
            ) : (
              <pre className="diff">
                {lineDiff(before, after).map((l, i) =>
                  l.kind === 'skip' ? (
                    <span key={i} className="skip">
                      {`  … ${l.count} unchanged line${l.count > 1 ? 's' : ''}\n`}
                    </span>
                  ) : (
                    <span key={i} className={l.kind}>
                      {`${l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' '} ${l.text}\n`}
                    </span>
                  ),
                )}
              </pre>
            )}
          </details>
        );
      })}
    </div>
  );
}
