import { ENGINE_INFO } from '../../../src-shared/engine/engine';
import type { EngineName } from '../../../src-shared/protocol/types';
import { selectTheme } from '../../store/ui-slice';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { chordLabel, commandById } from '../palette/commands';


/** One line at the bottom: toolchain, engines, last build, unsaved files and their backup, theme. */
export function StatusBar() {
  const store = useStudioStore();
  const connected = useStudio((s) => s.connected);
  const toolchain = useStudio((s) => s.toolchain);
  const built = useStudio((s) => s.buildResult !== null);
  const building = useStudio((s) => s.building);
  const unsaved = useStudio((s) => Object.values(s.buffers).filter((b) => b.text !== b.saved).length);
  const lastBackupAt = useStudio((s) => s.lastBackupAt);
  const theme = useStudio(selectTheme);
  const themeSetting = useStudio((s) => s.themeSetting);
  const palette = chordLabel(commandById('palette').chord!);
  return (
    <footer className="status-bar" data-testid="status-bar" aria-label="Status">
      <span className={`item ${connected ? '' : 'bad'}`}>{connected ? '● Connected' : '○ Disconnected'}</span>
      <span className="item" data-testid="status-toolchain">
        {toolchain.state === 'loading' ? (
          <>
            Toolchain loading{toolchain.fraction !== null && ` ${Math.round(toolchain.fraction * 100)}%`}
            {toolchain.fraction !== null && <progress max={1} value={toolchain.fraction} />}
          </>
        ) : toolchain.state === 'ready' || built ? (
          'Toolchain ready'
        ) : (
          'Toolchain idle'
        )}
      </span>
      <EngineState engine="node" />
      <EngineState engine="browser" />
      <span className="item" data-testid="status-build">
        {building ? 'Building…' : <LastBuild />}
      </span>
      <span className="spacer" />
      {unsaved > 0 && (
        <span className="item" data-testid="status-unsaved" title="Unsaved changes are backed up a second after you stop typing and survive a crash or quit">
          {unsaved} unsaved{lastBackupAt ? ` · backed up ${new Date(lastBackupAt).toLocaleTimeString()}` : ''}
        </span>
      )}
      <button className="item link" onClick={() => store.getState().toggleTheme()} title={`Theme: ${themeSetting === 'system' ? `following the system (${theme})` : theme}. Click to switch.`} data-testid="status-theme">
        {theme === 'dark' ? '☾ Dark' : '☀ Light'}
        {themeSetting === 'system' ? ' (system)' : ''}
      </button>
      <button className="item link" onClick={() => store.getState().setPaletteOpen(true)} title={`Show all commands (${palette})`}>
        Commands {palette}
      </button>
    </footer>
  );
}

function EngineState({ engine }: { engine: EngineName }) {
  const status = useStudio((s) => s.runs[engine].status);
  const running = status === 'running';
  return (
    <span className={`item engine ${running ? 'running' : ''}`} data-testid={`status-engine-${engine}`}>
      {ENGINE_INFO[engine].title}: {running ? 'running' : 'idle'}
    </span>
  );
}

function LastBuild() {
  const r = useStudio((s) => s.buildResult);
  const error = useStudio((s) => s.buildError);
  if (error) return <span className="bad">Build error</span>;
  if (!r) return <span className="muted">Not built yet</span>;
  const ms = Math.round(r.steps.reduce((a, s) => a + s.ms, 0));
  if (r.ok) return <span className="ok">✓ Built in {ms} ms</span>;
  const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
  return <span className="bad">✗ Build failed{errors ? `: ${errors} error${errors === 1 ? '' : 's'}` : ''}</span>;
}
