import { useRef } from 'react';
import { Editor } from './editor/Editor';
import { BottomPanel } from './features/BottomPanel';
import { ConflictBar } from './features/files/ConflictBar';
import { MarkdownPreview } from './features/files/MarkdownPreview';
import { FileTree } from './features/files/FileTree';
import { useBackups } from './features/files/useBackups';
import { useModelSync } from './features/files/useModelSync';
import { Splitter } from './features/layout/Splitter';
import { useTheme } from './features/layout/useTheme';
import { CommandPalette } from './features/palette/CommandPalette';
import { useShortcuts } from './features/palette/useShortcuts';
import { RunPanel } from './features/run/RunPanel';
import { StatusBar } from './features/statusbar/StatusBar';
import { Toolbar } from './features/toolbar/Toolbar';
import { TrustBar, TrustPrompt } from './features/trust/TrustPrompt';
import { FolderPicker } from './features/welcome/FolderPicker';
import { NewProjectDialog } from './features/welcome/NewProjectDialog';
import { Welcome } from './features/welcome/Welcome';
import { useProjectWitModels } from './editor/useProjectWitModels';
import { useProjectDeclarations } from './editor/useProjectDeclarations';
import { useStudio, useStudioStore } from './store/use-studio';

const SPLIT = 5;
const clamp = (v: number, lo: number, hi: number) => Math.round(Math.max(lo, Math.min(Math.max(lo, hi), v)));

export function App({ transport }: { transport: 'electron' | 'browser' }) {
  const projectDir = useStudio((s) => s.project?.dir ?? null);
  const welcomeShown = useStudio((s) => s.welcomeShown);
  const dialog = useStudio((s) => s.dialog);
  const notice = useStudio((s) => s.notice);
  const trustPrompt = useStudio((s) => s.trustPromptOpen);
  const store = useStudioStore();
  useShortcuts(store);
  useTheme(store);
  useBackups(store);
  useModelSync(store);
  return (
    <div className="app">
      <Toolbar transport={transport} />
      {notice && (
        <div className="notice" role="alert" data-testid="notice">
          {notice} <button onClick={() => store.getState().setNotice(null)}>Dismiss</button>
        </div>
      )}
      {projectDir && <TrustBar />}
      <div className="stage">
        {/* Keyed by folder: a switch mounts a fresh editor (its models belong to the old project). */}
        {projectDir && <Workbench key={projectDir} />}
        {(!projectDir || welcomeShown) && <Welcome />}
      </div>
      <StatusBar />
      <CommandPalette />
      {dialog?.kind === 'folder' && <FolderPicker />}
      {projectDir && trustPrompt && !welcomeShown && <TrustPrompt />}
      {dialog?.kind === 'new-project' && <NewProjectDialog dir={dialog.dir} pick={transport === 'electron' ? () => store.getState().pickFolder() : null} />}
    </div>
  );
}

/** Sidebar | editor over the bottom panel | run panel, with the three splits resizable and remembered. */
function Workbench() {
  const store = useStudioStore();
  const layout = useStudio((s) => s.layout);
  useProjectWitModels(store);
  useProjectDeclarations(store);
  const main = useRef<HTMLElement>(null);
  const center = useRef<HTMLDivElement>(null);
  const box = () => main.current!.getBoundingClientRect();
  const sidebarPx = () => main.current!.querySelector('.sidebar')!.getBoundingClientRect().width;
  const rightPx = () => main.current!.querySelector('.run-panel')!.getBoundingClientRect().width;
  const setSidebar = (px: number) => store.getState().setLayout({ sidebar: clamp(px, 120, box().width - rightPx() - 300) });
  const setRight = (px: number) => store.getState().setLayout({ right: clamp(px, 240, box().width - sidebarPx() - 300) });
  const setBottom = (px: number) => store.getState().setLayout({ bottom: clamp(px, 80, center.current!.getBoundingClientRect().height - 120) });

  const columns = `${layout.sidebar ?? 190}px ${SPLIT}px minmax(0, 1fr) ${SPLIT}px ${layout.right !== null ? `${layout.right}px` : 'minmax(0, 0.9fr)'}`;
  const rows = `auto minmax(0, 1fr) ${SPLIT}px ${layout.bottom !== null ? `${layout.bottom}px` : 'minmax(160px, 40%)'}`;
  return (
    <main className="workbench resizable" ref={main} style={{ gridTemplateColumns: columns }}>
      <aside className="sidebar">
        <h2>Files</h2>
        <FileTree />
      </aside>
      <Splitter
        id="sidebar"
        orientation="vertical"
        label="Resize the file list"
        measure={(x) => x - box().left}
        onResize={setSidebar}
        onReset={() => store.getState().setLayout({ sidebar: null })}
      />
      <div className="center" ref={center} style={{ gridTemplateRows: rows }}>
        <ConflictBar />
        <div className="editor-area">
          <Editor />
          <MarkdownPreview />
        </div>
        <Splitter
          id="bottom"
          orientation="horizontal"
          label="Resize the bottom panel"
          measure={(_x, y) => center.current!.getBoundingClientRect().bottom - y}
          onResize={setBottom}
          onReset={() => store.getState().setLayout({ bottom: null })}
        />
        <BottomPanel />
      </div>
      <Splitter
        id="right"
        orientation="vertical"
        label="Resize the run panel"
        measure={(x) => box().right - x}
        onResize={setRight}
        onReset={() => store.getState().setLayout({ right: null })}
      />
      <RunPanel />
    </main>
  );
}
