import { useEffect, useRef, useState } from 'react';
import { freeName } from '../../../src-shared/protocol/free-name';
import { TEMPLATE_NAMES, type TemplateName } from '../../../src-shared/protocol/types';
import { useStudio, useStudioStore } from '../../store/use-studio';
import { Modal } from './Modal';
import { joinPath } from './folder-paths';
import { templateLabel } from '../../../src-shared/languages/registry';

/** New project: a hello world in the chosen language, written into a new or empty folder, then opened. */
export function NewProjectDialog({ dir: suggested, pick }: { dir?: string; pick: (() => Promise<string | null>) | null }) {
  const store = useStudioStore();
  const copiesDir = useStudio((s) => s.copiesDir);
  const openError = useStudio((s) => s.openError);
  const switching = useStudio((s) => s.switching);
  const [language, setLanguage] = useState<TemplateName>('c');
  const [dir, setDir] = useState(suggested ?? '');
  const [edited, setEdited] = useState(Boolean(suggested));
  // Read when a listing arrives: a folder typed while it was on its way is never replaced by the
  // default (state alone is not enough: the listing can resolve between the keystroke and the render).
  const typed = useRef(Boolean(suggested));
  const choose = (d: string) => {
    typed.current = true;
    setDir(d);
    setEdited(true);
  };
  const folder = useRef<HTMLInputElement>(null);
  const close = () => store.getState().setDialog(null);

  // Until the user types a folder, it follows the language: <copies>/hello-<language>, or -2, -3…
  // when a sample's copy or an older project has that name, so the first Create succeeds.
  useEffect(() => {
    if (edited || !copiesDir) return;
    let current = true;
    const base = `hello-${language}`;
    void store
      .getState()
      .listFolder(copiesDir)
      .then(
        (l) => new Set(l.folders.map((f) => f.name)),
        () => new Set<string>(), // no projects folder yet: every name is free
      )
      .then((taken) => current && !typed.current && setDir(joinPath(copiesDir, freeName(base, (n) => taken.has(n)))));
    return () => {
      current = false;
    };
  }, [language, copiesDir, edited, store]);
  useEffect(() => folder.current?.focus(), []);

  const create = () => dir.trim() && void store.getState().newProject(language, dir.trim());
  return (
    <Modal title="New project" testId="new-project-dialog" onClose={close}>
      <label className="field">
        <span>Language</span>
        <select value={language} onChange={(e) => setLanguage(e.target.value as TemplateName)} data-testid="new-project-language">
          {TEMPLATE_NAMES.map((l) => (
            <option key={l} value={l}>
              {templateLabel(l)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Folder</span>
        <input
          ref={folder}
          value={dir}
          spellCheck={false}
          data-testid="new-project-folder"
          onChange={(e) => choose(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && create()}
        />
        {pick && (
          <button
            onClick={async () => {
              const picked = await pick();
              if (picked) choose(picked);
            }}
          >
            Browse…
          </button>
        )}
      </label>
      <p className="muted">
        The folder is created if it does not exist; an existing folder must be empty, so nothing is overwritten. <code>~</code> is your home
        folder; a relative path goes into <code>{copiesDir || 'the projects folder'}</code>. C, C++ and WAT start as commands
        (Run prints a greeting); JavaScript and TypeScript implement a WIT world with one export, <code>greet</code> (try it under Calls). Rust
        projects need your own cargo with the wasm32-wasip2 target: make one with <code>cargo new</code>, add a studio.json and open its folder.
      </p>
      {openError && (
        <p className="picker-error" role="alert" data-testid="new-project-error">
          {openError.message}
        </p>
      )}
      <footer className="modal-actions">
        <span />
        <button onClick={close}>Cancel</button>
        <button className="primary" data-testid="new-project-create" disabled={!dir.trim() || switching} onClick={create}>
          {switching ? 'Creating…' : 'Create and open'}
        </button>
      </footer>
    </Modal>
  );
}
