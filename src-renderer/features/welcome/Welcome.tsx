import { useEffect } from 'react';
import type { RecentProject, SampleInfo } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { titleWithChord } from '../palette/commands';
import { FolderIcon } from './FolderPicker';
import { LANGUAGE_REGISTRY } from '../../../src-shared/languages/registry';

/**
 * The start of the studio: open a folder, start a new project, reopen a recent one, or open a
 * copy of a sample. Shown when no project is open, and over the workbench on request.
 */
export function Welcome() {
  const store = useStudioStore();
  const project = useStudio((s) => s.project);
  const projectError = useStudio((s) => s.projectError);
  const switching = useStudio((s) => s.switching);
  const openError = useStudio((s) => s.openError);
  const dialog = useStudio((s) => s.dialog);
  const { openFolder, setDialog, showWelcome } = store.getState();

  useEffect(() => {
    if (!project) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !store.getState().dialog && !store.getState().paletteOpen) showWelcome(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [project, store, showWelcome]);

  return (
    <main className={`welcome ${project ? 'over-project' : ''}`} data-testid="welcome" aria-busy={switching}>
      <header className="welcome-head">
        <div>
          <h1>Component Studio</h1>
          <p className="muted">Write WIT and source, build a WebAssembly component, and run the same bytes in the browser and in Node.</p>
        </div>
        {project && (
          <button onClick={() => showWelcome(false)} data-testid="back-to-project" title="Back to the open project (Escape)">
            ← Back to {project.config.name}
          </button>
        )}
      </header>
      {projectError && !project && (
        <div className="no-project" role="alert" data-testid="no-project">
          <strong>The folder given at start could not be opened.</strong> {projectError}
        </div>
      )}
      {openError && !dialog && (
        <div className="no-project" role="alert" data-testid="open-error">
          {openError.message}
        </div>
      )}
      <div className="welcome-columns">
        <div className="welcome-side">
          <section className="start">
            <h2>Start</h2>
            <button className="start-action" data-testid="open-folder" disabled={switching} onClick={() => void openFolder()} title={titleWithChord('Open a project folder', 'project.openFolder')}>
              <span className="icon">
                <FolderIcon />
              </span>
              <span>
                <strong>Open folder…</strong>
                <span className="muted">A folder with a studio.json</span>
              </span>
            </button>
            <button className="start-action" data-testid="new-project" disabled={switching} onClick={() => setDialog({ kind: 'new-project' })} title={titleWithChord('Start a new project from a template', 'project.new')}>
              <span className="icon">+</span>
              <span>
                <strong>New project…</strong>
                <span className="muted">Hello world in C, C++, WAT, JavaScript or TypeScript</span>
              </span>
            </button>
          </section>
          <RecentList />
        </div>
        <SamplesGallery />
      </div>
    </main>
  );
}

function RecentList() {
  const store = useStudioStore();
  const recent = useStudio((s) => s.recent);
  const current = useStudio((s) => s.project?.dir);
  const switching = useStudio((s) => s.switching);
  return (
    <section className="recent" data-testid="recent-projects" aria-label="Recent projects">
      <h2>Recent</h2>
      {recent.length === 0 && <p className="muted">Projects you open are listed here.</p>}
      <ul>
        {recent.map((p: RecentProject) => (
          <li key={p.dir} className={p.missing ? 'missing' : ''} data-testid="recent-project" data-dir={p.dir} data-missing={p.missing}>
            <button
              className="link"
              disabled={p.missing || switching || p.dir === current}
              onClick={() => void store.getState().openProject(p.dir)}
              title={p.missing ? `${p.dir} is gone (or has no studio.json)` : p.dir === current ? 'Open now' : `Open ${p.dir}`}
            >
              <span className="name">{p.name}</span>
              <span className="dir">{p.dir}</span>
            </button>
            {p.missing && <span className="badge bad">missing</span>}
            {p.dir === current && <span className="badge">open</span>}
            <button className="remove" aria-label={`Remove ${p.name} from the recent projects`} title="Remove from this list (the folder is not touched)" onClick={() => void store.getState().removeRecent(p.dir)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SamplesGallery() {
  const store = useStudioStore();
  const samples = useStudio((s) => s.samples);
  const copiesDir = useStudio((s) => s.copiesDir);
  const switching = useStudio((s) => s.switching);
  return (
    <section className="gallery" data-testid="samples-gallery" aria-label="Samples">
      <h2>Samples</h2>
      <p className="muted">
        Open makes a copy in <code>{copiesDir || '…'}</code> and opens the copy: the samples that ship with the studio are never changed.
      </p>
      <ul className="cards">
        {samples.map((s: SampleInfo) => (
          <li key={s.name} className="card" data-testid="sample-card" data-sample={s.name}>
            <div className="card-head">
              <strong>{s.name}</strong>
              <span className="langs">
                {(s.languages ?? [s.language]).map((l, i) => (
                  <span key={i} className={`lang lang-${l}`}>
                    {l === 'wasm' ? '.wasm' : (LANGUAGE_REGISTRY[l]?.label ?? l)}
                  </span>
                ))}
              </span>
            </div>
            <p>{s.description}</p>
            <button className="primary" disabled={switching} onClick={() => void store.getState().openSample(s.name)} aria-label={`Open a copy of ${s.name}`}>
              Open
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
