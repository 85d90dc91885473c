import { Editor } from './editor/Editor';
import { BottomPanel } from './features/BottomPanel';
import { FileTree } from './features/files/FileTree';
import { RunPanel } from './features/run/RunPanel';
import { Toolbar } from './features/toolbar/Toolbar';
import { useStudio, useStudioStore } from './store/use-studio';

export function App({ transport }: { transport: 'electron' | 'browser' }) {
  const projectError = useStudio((s) => s.projectError);
  const notice = useStudio((s) => s.notice);
  const store = useStudioStore();
  return (
    <div className="app">
      <Toolbar transport={transport} />
      {notice && (
        <div className="notice" role="alert">
          {notice} <button onClick={() => store.getState().setNotice(null)}>Dismiss</button>
        </div>
      )}
      {projectError ? (
        <main className="no-project" role="alert" data-testid="no-project">
          <h1>No project is open</h1>
          <p>{projectError}</p>
          <p className="muted">Start the studio with a project folder, for example: npm start -- samples/hello-c</p>
        </main>
      ) : (
        <main className="workbench">
          <aside className="sidebar">
            <h2>Files</h2>
            <FileTree />
          </aside>
          <div className="center">
            <Editor />
            <BottomPanel />
          </div>
          <RunPanel />
        </main>
      )}
    </div>
  );
}
