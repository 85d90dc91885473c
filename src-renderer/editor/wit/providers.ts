// Monaco language services for WIT: diagnostics, completion, hover, go-to-definition, document
// symbols and formatting. The logic lives in pure modules (src-shared/wit's parser and resolver,
// analysis, format); this file only adapts offsets and results to Monaco.

import type * as Monaco from 'monaco-editor';
import { completionItems, definitionAt, fileProblems, hoverAt, witFile, type CompletionKind, type WitFile, type WitScope } from './analysis';
import { formatWit } from './format';
import { witLanguageConfiguration, witMonarch } from './monarch';
import { LineIndex } from '../../../src-shared/wit/lexer';
import type { WitDecl } from '../../../src-shared/wit/syntax';
import { WASI_WIT } from './wasi';
import { publishWitProblems } from '../../store/wit-problems-slice';

export const WIT_LANGUAGE_ID = 'wit';
/** Owner of the syntax markers (distinct from the build's 'build' markers). */
export const WIT_MARKER_OWNER = 'wit-syntax';
/** URI scheme of the read-only models holding the vendored WASI WIT files. */
export const WASI_SCHEME = 'wasi-wit';
const DIAGNOSTICS_DELAY_MS = 300;

type MonacoApi = typeof Monaco;
type Model = Monaco.editor.ITextModel;

let registration: Monaco.IDisposable | undefined;

/**
 * Registers the WIT language services for language id 'wit'. Idempotent: later calls return the
 * first registration. Dispose it to unregister everything.
 */
export function registerWitLanguage(monaco: MonacoApi): Monaco.IDisposable {
  if (registration) return registration;
  const disposables: Monaco.IDisposable[] = [];
  const { languages, editor, Uri } = monaco;

  if (!languages.getLanguages().some((l) => l.id === WIT_LANGUAGE_ID)) {
    languages.register({ id: WIT_LANGUAGE_ID, extensions: ['.wit'], aliases: ['WIT', 'wit'] });
    disposables.push(languages.setMonarchTokensProvider(WIT_LANGUAGE_ID, witMonarch));
    disposables.push(languages.setLanguageConfiguration(WIT_LANGUAGE_ID, witLanguageConfiguration));
  }

  // --- parsed files -------------------------------------------------------------------------

  const cache = new Map<string, { version: number; file: WitFile }>();
  const fileOf = (model: Model): WitFile => {
    const key = model.uri.toString();
    const hit = cache.get(key);
    if (hit && hit.version === model.getVersionId()) return hit.file;
    const file = witFile(key, model.getValue());
    cache.set(key, { version: model.getVersionId(), file });
    return file;
  };
  const wasiUri = (path: string) => Uri.from({ scheme: WASI_SCHEME, path: '/' + path });
  let wasiFiles: WitFile[] | undefined;
  const wasi = () => (wasiFiles ??= WASI_WIT.map((w) => witFile(wasiUri(w.path).toString(), w.text)));
  const isWitModel = (m: Model) => !m.isDisposed() && (m.getLanguageId() === WIT_LANGUAGE_ID || m.uri.path.endsWith('.wit'));

  /** The other open `.wit` models plus the vendored WASI packages. */
  const scopeFor = (model: Model): WitScope => {
    const files: WitFile[] = [];
    const seen = new Set([model.uri.toString()]);
    for (const m of editor.getModels()) {
      if (!isWitModel(m) || seen.has(m.uri.toString()) || m.uri.scheme === WASI_SCHEME) continue;
      seen.add(m.uri.toString());
      files.push(fileOf(m));
    }
    for (const f of wasi()) if (!seen.has(f.uri)) files.push(f);
    return { files };
  };

  const range = (model: Model, start: number, end: number): Monaco.IRange => {
    const s = model.getPositionAt(start);
    const e = model.getPositionAt(end);
    return { startLineNumber: s.lineNumber, startColumn: s.column, endLineNumber: e.lineNumber, endColumn: e.column };
  };

  // --- diagnostics --------------------------------------------------------------------------

  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The Problems panel lists the syntax problems of project files (not of the WASI models). */
  const projectPath = (model: Model) => (model.uri.scheme === 'project' ? model.uri.path.slice(1) : undefined);
  const publish = (model: Model, markers: Monaco.editor.IMarkerData[]) => {
    const path = projectPath(model);
    if (!path) return;
    publishWitProblems(
      path,
      markers.map((m) => ({
        file: path,
        line: m.startLineNumber,
        column: m.startColumn,
        severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
        message: m.message,
        source: 'wit',
      })),
    );
  };
  const validate = (model: Model) => {
    timers.delete(model.uri.toString());
    if (model.isDisposed()) return;
    if (!isWitModel(model)) {
      editor.setModelMarkers(model, WIT_MARKER_OWNER, []);
      publish(model, []);
      return;
    }
    const markers = fileProblems(fileOf(model), scopeFor(model)).map((e) => {
      const r = range(model, e.start, Math.max(e.end, e.start + 1));
      return {
        ...r,
        severity: e.severity === 'error' ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
        message: e.message,
        source: 'wit',
      };
    });
    editor.setModelMarkers(model, WIT_MARKER_OWNER, markers);
    publish(model, markers);
  };
  const schedule = (model: Model, delay = DIAGNOSTICS_DELAY_MS) => {
    const key = model.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => validate(model), delay));
  };
  const scheduleAll = () => {
    for (const m of editor.getModels()) if (isWitModel(m) && m.uri.scheme !== WASI_SCHEME) schedule(m);
  };
  const watched = new Map<string, Monaco.IDisposable>();
  const watch = (model: Model) => {
    const key = model.uri.toString();
    if (watched.has(key)) return;
    // Package references resolve across files: an edit in one may settle or break another's.
    watched.set(key, model.onDidChangeContent(() => isWitModel(model) && scheduleAll()));
    if (isWitModel(model)) schedule(model, 0);
  };
  for (const m of editor.getModels()) watch(m);
  disposables.push(
    editor.onDidCreateModel(watch),
    editor.onDidChangeModelLanguage(({ model }) => schedule(model, 0)),
    editor.onWillDisposeModel((model) => {
      const key = model.uri.toString();
      clearTimeout(timers.get(key));
      timers.delete(key);
      watched.get(key)?.dispose();
      watched.delete(key);
      cache.delete(key);
      editor.setModelMarkers(model, WIT_MARKER_OWNER, []);
      publish(model, []);
    }),
  );

  // --- completion ---------------------------------------------------------------------------

  const K = languages.CompletionItemKind;
  const kinds: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    keyword: K.Keyword, builtin: K.TypeParameter, type: K.Struct, interface: K.Interface, world: K.Module, gate: K.Event,
  };
  disposables.push(
    languages.registerCompletionItemProvider(WIT_LANGUAGE_ID, {
      triggerCharacters: ['.', '{', '@', '<', ':', ','],
      provideCompletionItems(model, position) {
        const offset = model.getOffsetAt(position);
        const { items, replace } = completionItems(model.getValue(), offset, scopeFor(model), model.uri.toString());
        const r = range(model, replace.start, Math.max(replace.end, offset));
        return {
          suggestions: items.map((c) => ({
            label: c.label,
            kind: kinds[c.kind],
            detail: c.detail,
            documentation: c.documentation ? { value: c.documentation } : undefined,
            insertText: c.insertText ?? c.label,
            insertTextRules: c.snippet ? languages.CompletionItemInsertTextRule.InsertAsSnippet : undefined,
            sortText: c.sortText,
            range: r,
            additionalTextEdits: c.additionalEdits?.map((e) => ({ range: range(model, e.start, e.end), text: e.text })),
          })),
        };
      },
    }),
  );

  // --- hover --------------------------------------------------------------------------------

  disposables.push(
    languages.registerHoverProvider(WIT_LANGUAGE_ID, {
      provideHover(model, position) {
        const h = hoverAt(fileOf(model), model.getOffsetAt(position), scopeFor(model));
        if (!h) return null;
        return { range: range(model, h.range.start, h.range.end), contents: [{ value: h.contents }] };
      },
    }),
  );

  // --- go to definition ---------------------------------------------------------------------

  disposables.push(
    languages.registerDefinitionProvider(WIT_LANGUAGE_ID, {
      provideDefinition(model, position) {
        const target = definitionAt(fileOf(model), model.getOffsetAt(position), scopeFor(model));
        if (!target) return null;
        const uri = Uri.parse(target.uri);
        let targetModel = editor.getModel(uri);
        if (!targetModel && uri.scheme === WASI_SCHEME) {
          // The vendored WASI files become models on demand so the definition can be shown.
          targetModel = editor.createModel(target.text, WIT_LANGUAGE_ID, uri);
        }
        if (targetModel) return { uri, range: range(targetModel, target.range.start, target.range.end) };
        const lines = new LineIndex(target.text);
        const s = lines.position(target.range.start);
        const e = lines.position(target.range.end);
        return { uri, range: { startLineNumber: s.line, startColumn: s.column, endLineNumber: e.line, endColumn: e.column } };
      },
    }),
  );

  // The standalone editor cannot switch to another model on its own, and the WASI files are not
  // project files the app could open in a tab: "Go to Definition" into them shows them in a peek.
  if (typeof editor.registerEditorOpener === 'function') {
    disposables.push(
      editor.registerEditorOpener({
        openCodeEditor(source, resource) {
          if (resource.scheme !== WASI_SCHEME) return false;
          const peek = source.getAction('editor.action.peekDefinition');
          if (!peek) return false;
          void peek.run();
          return true;
        },
      }),
    );
  }

  // --- outline ------------------------------------------------------------------------------

  const S = languages.SymbolKind;
  const symbolKind = (d: WitDecl): Monaco.languages.SymbolKind =>
    ({
      interface: S.Interface, world: S.Module, record: S.Struct, variant: S.Enum, enum: S.Enum, flags: S.Enum,
      resource: S.Class, type: S.TypeParameter, func: d.resource ? (d.funcKind === 'constructor' ? S.Constructor : S.Method) : S.Function,
      import: S.Namespace, export: S.Namespace,
    })[d.kind];
  disposables.push(
    languages.registerDocumentSymbolProvider(WIT_LANGUAGE_ID, {
      provideDocumentSymbols(model) {
        const { doc } = fileOf(model);
        const sym = (d: WitDecl): Monaco.languages.DocumentSymbol => ({
          name: d.name, detail: d.kind, kind: symbolKind(d), tags: [],
          range: range(model, d.range.start, d.range.end), selectionRange: range(model, d.nameRange.start, d.nameRange.end),
          children: [],
        });
        const top: Monaco.languages.DocumentSymbol[] = [];
        const containers = new Map<string, Monaco.languages.DocumentSymbol>();
        const resources = new Map<string, Monaco.languages.DocumentSymbol>();
        for (const d of doc.items) {
          const s = sym(d);
          const key = `${d.package}|${d.container}`;
          if (d.resource && resources.has(`${key}|${d.resource}`)) resources.get(`${key}|${d.resource}`)!.children!.push(s);
          else if (d.container !== undefined && containers.has(key)) containers.get(key)!.children!.push(s);
          else top.push(s);
          if (d.bodyStart !== undefined) containers.set(`${d.package}|${d.name}`, s);
          if (d.kind === 'resource') resources.set(`${key}|${d.name}`, s);
        }
        return top;
      },
    }),
  );

  // --- formatting ---------------------------------------------------------------------------

  disposables.push(
    languages.registerDocumentFormattingEditProvider(WIT_LANGUAGE_ID, {
      displayName: 'WIT',
      provideDocumentFormattingEdits(model) {
        const text = model.getValue();
        const formatted = formatWit(text);
        if (formatted === text.replace(/\r\n/g, '\n')) return [];
        return [{ range: model.getFullModelRange(), text: formatted }];
      },
    }),
  );

  registration = {
    dispose() {
      for (const d of disposables) d.dispose();
      for (const w of watched.values()) w.dispose();
      for (const t of timers.values()) clearTimeout(t);
      watched.clear();
      timers.clear();
      cache.clear();
      registration = undefined;
    },
  };
  return registration;
}
