import { useEffect, useRef } from 'react';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { COMMANDS, type Chord } from '../features/palette/commands';
import { selectDiagnostics } from '../store/selectors';
import { selectTheme } from '../store/ui-slice';
import { useStudio, useStudioStore } from '../store/use-studio';
import { languageOf } from './languages';
import { isGeneratedFile } from '../../src-shared/languages/generated';
import { monaco } from './monaco';
import { pathOf, PROJECT_SCHEME, uriOf } from './project-uri';

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, note: monaco.MarkerSeverity.Info };

/** One Monaco editor; a model per open file, so undo history and cursor survive switching files. */
export function Editor() {
  const host = useRef<HTMLDivElement>(null);
  const editorRef = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const store = useStudioStore();
  const openPath = useStudio((s) => s.openPath);
  const diagnostics = useStudio(selectDiagnostics);
  const theme = useStudio(selectTheme);
  const reveal = useStudio((s) => s.reveal);

  useEffect(() => {
    const editor = monaco.editor.create(host.current!, {
      automaticLayout: true,
      theme: selectTheme(store.getState()) === 'dark' ? 'vs-dark' : 'vs',
      fontSize: 13,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      tabSize: 4,
      renderWhitespace: 'selection',
    });
    editorRef.current = editor;
    // Monaco handles keys before the page does: the studio's shortcuts are editor actions too.
    const actions = COMMANDS.filter((c) => c.chord).map((c) =>
      editor.addAction({
        id: `studio.${c.id}`,
        label: `Studio: ${c.label}`,
        keybindings: [monacoChord(c.chord!)],
        run: () => {
          if (!c.enabled || c.enabled(store.getState())) void c.run(store);
        },
      }),
    );
    // Go to Definition into another project file (a .wit file not open, say): open it in the
    // studio's editor, as the standalone editor cannot switch models by itself.
    const opener = monaco.editor.registerEditorOpener({
      openCodeEditor(_source, resource, selectionOrPosition) {
        if (resource.scheme !== PROJECT_SCHEME) return false;
        const at = selectionOrPosition;
        const place = !at
          ? undefined
          : 'startLineNumber' in at
            ? { line: at.startLineNumber, column: at.startColumn, endLine: at.endLineNumber, endColumn: at.endColumn }
            : { line: at.lineNumber, column: at.column };
        void store.getState().openFile(pathOf(resource), place);
        return true;
      },
    });
    const sub = editor.onDidChangeModelContent(() => {
      const model = editor.getModel();
      if (model) store.getState().editFile(model.uri.path.slice(1), model.getValue());
    });
    return () => {
      for (const a of actions) a.dispose();
      opener.dispose();
      sub.dispose();
      editor.dispose();
      for (const m of monaco.editor.getModels()) m.dispose();
    };
  }, [store]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !openPath) return;
    const buffer = store.getState().buffers[openPath];
    if (!buffer) return;
    const uri = uriOf(openPath);
    const existing = monaco.editor.getModel(uri);
    // A background model (a .wit file kept for the language services) may predate the buffer.
    if (existing && existing.getValue() !== buffer.text) existing.setValue(buffer.text);
    const model = existing ?? monaco.editor.createModel(buffer.text, languageOf(openPath), uri);
    if (editor.getModel() !== model) editor.setModel(model);
    // What the build writes is read-only here: an edit would be overwritten by the next build.
    editor.updateOptions({ readOnly: isGeneratedFile(store.getState().project?.config, openPath) });
    editor.focus();
  }, [openPath, store]);

  // Declared after the model effect, so on a file switch the new model is in place when this runs.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || !reveal || reveal.path !== openPath || pathOf(model.uri) !== openPath) return;
    const line = Math.min(Math.max(1, reveal.line), model.getLineCount());
    const column = Math.max(1, reveal.column);
    const range = { startLineNumber: line, startColumn: column, endLineNumber: reveal.endLine ?? line, endColumn: reveal.endColumn ?? column };
    editor.setSelection(range);
    editor.revealRangeInCenterIfOutsideViewport(range);
    editor.focus();
  }, [reveal, openPath]);

  useEffect(() => setMarkers(diagnostics), [diagnostics]);

  // Follows the system or the palette's choice live.
  useEffect(() => monaco.editor.setTheme(theme === 'dark' ? 'vs-dark' : 'vs'), [theme]);

  return <div className="editor-host" data-testid="editor" ref={host} />;
}

function setMarkers(diagnostics: Diagnostic[]) {
  for (const model of monaco.editor.getModels()) {
    const path = model.uri.path.slice(1);
    const mine = diagnostics.filter((d) => d.file === path && d.line > 0);
    monaco.editor.setModelMarkers(
      model,
      'build',
      mine.map((d) => ({
        severity: SEVERITY[d.severity],
        message: d.message,
        source: d.source,
        startLineNumber: d.line,
        startColumn: Math.max(1, d.column),
        endLineNumber: d.line,
        endColumn: model.getLineMaxColumn(Math.min(d.line, model.getLineCount())),
      })),
    );
  }
}

function monacoChord(c: Chord): number {
  const key = monaco.KeyCode[c.code as keyof typeof monaco.KeyCode];
  return (c.mod ? monaco.KeyMod.CtrlCmd : 0) | (c.shift ? monaco.KeyMod.Shift : 0) | (c.alt ? monaco.KeyMod.Alt : 0) | key;
}
