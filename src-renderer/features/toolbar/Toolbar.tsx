import { selectAnyRunning } from '../../store/selectors';
import { useStudio, useStudioStore } from '../../store/use-studio';

export function Toolbar({ transport }: { transport: 'electron' | 'browser' }) {
  const store = useStudioStore();
  const name = useStudio((s) => s.project?.config.name ?? 'no project');
  const building = useStudio((s) => s.building);
  const running = useStudio(selectAnyRunning);
  const progress = useStudio((s) => s.buildProgress);
  const connected = useStudio((s) => s.connected);
  const busy = building || running || !connected;
  const { build, run, stop } = store.getState();
  return (
    <header className="toolbar">
      <span className="brand">Component Studio</span>
      <span className="project" title="Open project">{name}</span>
      <button data-testid="build-button" disabled={busy} onClick={() => void build()} title="Build the component">
        {building ? 'Building…' : 'Build'}
      </button>
      <button data-testid="run-both-button" className="primary" disabled={busy} onClick={() => void run(['node', 'browser'])}>
        ▶ Run both
      </button>
      <button data-testid="run-node-button" disabled={busy} onClick={() => void run(['node'])}>
        Run Node
      </button>
      <button data-testid="run-browser-button" disabled={busy} onClick={() => void run(['browser'])}>
        Run browser
      </button>
      <button data-testid="stop-button" disabled={!running} onClick={() => void stop()}>
        ■ Stop
      </button>
      <span className="status" role="status">
        {!connected ? 'Disconnected from the studio server' : progress ? <Progress {...progress} /> : building ? 'Building…' : running ? 'Running…' : 'Ready'}
      </span>
      <span className="transport">{transport === 'electron' ? 'desktop' : 'browser mode'}</span>
    </header>
  );
}

function Progress({ message, fraction }: { message: string; fraction: number | null }) {
  return (
    <>
      {message}
      {fraction !== null && <progress max={1} value={fraction} />}
    </>
  );
}
