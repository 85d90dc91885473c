import { useStudio, useStudioStore } from '../../store/use-studio';
import { Modal } from '../welcome/Modal';

/**
 * Asked once per new grant, as VS Code's Workspace Trust asks: what the project's studio.json
 * wants beyond its folder, in plain words, then Trust or Don't trust. Closing it without an
 * answer leaves the project untrusted (the bar below the toolbar offers it again).
 */
export function TrustPrompt() {
  const store = useStudioStore();
  const trust = useStudio((s) => s.trust);
  const name = useStudio((s) => s.project?.config.name ?? '');
  const dir = useStudio((s) => s.project?.dir ?? '');
  if (!trust || trust.pending.length === 0) return null;
  const already = trust.grants.length - trust.pending.length;
  const { decideTrust, setTrustPrompt } = store.getState();
  return (
    <Modal title="Do you trust this project?" testId="trust-prompt" onClose={() => setTrustPrompt(false)}>
      <p>
        <b>{name}</b> <span className="muted">({dir})</span> asks for more than its own folder. Its <code>studio.json</code> asks to:
      </p>
      <ul className="trust-grants" data-testid="trust-grants">
        {trust.pending.map((g) => (
          <li key={g.id} data-kind={g.kind}>
            {g.text}
          </li>
        ))}
      </ul>
      {already > 0 && <p className="muted">You trusted {already === 1 ? 'one other grant' : `${already} other grants`} of this project before.</p>}
      <p className="muted">
        Until you trust it, Build, Run and Call are off; you can still read and edit its files. Trust it only if you know where it
        comes from. The answer is kept in your settings, not in the project.
      </p>
      <div className="modal-actions">
        <button data-testid="trust-refuse" onClick={() => void decideTrust(false)}>
          Don't trust
        </button>
        <button data-testid="trust-accept" className="primary" onClick={() => void decideTrust(true)}>
          Trust
        </button>
      </div>
    </Modal>
  );
}

/** Shown while the open project is not trusted: why builds and runs are off, and a way to be asked again. */
export function TrustBar() {
  const store = useStudioStore();
  const trust = useStudio((s) => s.trust);
  if (!trust || trust.state === 'trusted') return null;
  return (
    <div className="trust-bar" role="status" data-testid="trust-bar">
      <span>
        <b>Restricted:</b> {trust.state === 'refused' ? 'you did not trust this project' : 'this project is not trusted yet'}, so Build, Run and Call are
        off. It asks for {trust.pending.length === 1 ? 'one thing' : `${trust.pending.length} things`} beyond its folder.
      </span>
      <button data-testid="trust-review" onClick={() => store.getState().setTrustPrompt(true)}>
        Review trust…
      </button>
    </div>
  );
}
