import { titleWithChord } from '../palette/commands';
import { selectAnyRunning } from '../../store/selectors';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { OpenWasm } from './OpenWasm';

export function Toolbar({ transport }: { transport: 'electron' | 'browser' }) {
  const store = useStudioStore();
  const name = useStudio((s) => s.project?.config.name ?? null);
  const dir = useStudio((s) => s.project?.dir ?? '');
  const building = useStudio((s) => s.building);
  const running = useStudio(selectAnyRunning);
  const progress = useStudio((s) => s.buildProgress);
  const connected = useStudio((s) => s.connected);
  const busy = building || running || !connected || name === null;
  const { build, run, stop } = store.getState();
  return (
    <header className="toolbar">
      <span className="brand">Component Studio</span>
      <button className="project" data-testid="show-welcome" onClick={() => store.getState().showWelcome(true)} title={name ? `${dir}: click for recent projects, samples, Open folder and New project` : 'Recent projects, samples, Open folder and New project'}>
        {name ?? 'no project'} ▾
      </button>
      <button data-testid="build-button" disabled={busy} onClick={() => void build()} title={titleWithChord('Build the component', 'build')}>
        {building ? 'Building…' : 'Build'}
      </button>
      <button data-testid="run-both-button" className="primary" disabled={busy} onClick={() => void run(['node', 'browser'])} title={titleWithChord('Build if needed and run in both engines', 'run.both')}>
        ▶ Run both
      </button>
      <button data-testid="run-node-button" disabled={busy} onClick={() => void run(['node'])} title="Build if needed and run in the Node engine">
        Run Node
      </button>
      <button data-testid="run-browser-button" disabled={busy} onClick={() => void run(['browser'])} title="Build if needed and run in the browser engine">
        Run browser
      </button>
      <button data-testid="stop-button" disabled={!running} onClick={() => void stop()} title={titleWithChord('Stop the running engines', 'stop')}>
        ■ Stop
      </button>
      <OpenWasm />
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
