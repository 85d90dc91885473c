import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import { ENGINES } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';

/** The requests sent from the composer in this project, newest first; Replay sends one again. */
export function RequestHistory({ disabled }: { disabled: boolean }) {
  const store = useStudioStore();
  const history = useStudio((s) => s.httpHistory);
  if (!history.length) return null;
  return (
    <div className="request-history" data-testid="request-history">
      <h4>Sent</h4>
      <table>
        <tbody>
          {history.map((h) => (
            <tr key={h.id} data-testid="request-history-row">
              <td className="muted">{new Date(h.at).toLocaleTimeString()}</td>
              <td>
                <b>{h.draft.method}</b> {h.draft.path || '/'}
              </td>
              {ENGINES.map((e) => {
                const a = h.answers[e];
                const shown = !h.engines.includes(e) ? '' : !a ? '…' : a.status !== null ? String(a.status) : 'no response';
                return (
                  <td key={e} title={a?.error ?? undefined} className={a?.status ? `status s${String(a.status)[0]}` : a ? 'run-error' : 'muted'}>
                    {shown && `${ENGINE_INFO[e].letter} ${shown}`}
                  </td>
                );
              })}
              <td>
                <button type="button" disabled={disabled} onClick={() => void store.getState().replayRequest(h.id)} data-testid="request-replay">
                  Replay
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
