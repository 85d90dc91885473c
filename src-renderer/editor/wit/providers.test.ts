import type * as Monaco from 'monaco-editor';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LineIndex } from '../../../src-shared/wit/lexer';
import { WASI_SCHEME, WIT_MARKER_OWNER, registerWitLanguage } from './providers';

// A minimal stand-in for the parts of the Monaco API the providers use (no DOM needed).

type Listener<T> = (e: T) => void;
class Emitter<T> {
  private readonly listeners = new Set<Listener<T>>();
  event = (l: Listener<T>) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e: T) {
    for (const l of [...this.listeners]) l(e);
  }
}

const makeUri = (scheme: string, path: string) => ({ scheme, path, toString: () => `${scheme}:${path}` });
type FakeUri = ReturnType<typeof makeUri>;
const parseUri = (s: string) => {
  const i = s.indexOf(':');
  return makeUri(s.slice(0, i), s.slice(i + 1));
};

class FakeModel {
  private version = 1;
  private disposed = false;
  readonly changed = new Emitter<void>();
  constructor(
    public text: string,
    public lang: string,
    readonly uri: FakeUri,
  ) {}
  getValue = () => this.text;
  getVersionId = () => this.version;
  getLanguageId = () => this.lang;
  isDisposed = () => this.disposed;
  onDidChangeContent = this.changed.event;
  setValue(text: string) {
    this.text = text;
    this.version++;
    this.changed.fire();
  }
  getOffsetAt = (p: { lineNumber: number; column: number }) => new LineIndex(this.text).offset({ line: p.lineNumber, column: p.column });
  getPositionAt = (o: number) => {
    const p = new LineIndex(this.text).position(o);
    return { lineNumber: p.line, column: p.column };
  };
  getFullModelRange = () => ({ startLineNumber: 1, startColumn: 1, endLineNumber: 99, endColumn: 1 });
  dispose() {
    this.disposed = true;
  }
}

function fakeMonaco() {
  const models: FakeModel[] = [];
  const created = new Emitter<FakeModel>();
  const willDispose = new Emitter<FakeModel>();
  const markers = new Map<string, unknown[]>();
  const providers: Record<string, { provider: Record<string, (...a: unknown[]) => unknown> }> = {};
  const reg = (kind: string) => (_id: string, provider: Record<string, (...a: unknown[]) => unknown>) => {
    providers[kind] = { provider };
    return { dispose: () => delete providers[kind] };
  };
  const api = {
    Uri: { from: ({ scheme, path }: { scheme: string; path: string }) => makeUri(scheme, path), parse: parseUri },
    MarkerSeverity: { Error: 8, Warning: 4 },
    languages: {
      getLanguages: () => [{ id: 'wit' }],
      register: vi.fn(),
      setMonarchTokensProvider: vi.fn(),
      setLanguageConfiguration: vi.fn(),
      registerCompletionItemProvider: reg('completion'),
      registerHoverProvider: reg('hover'),
      registerDefinitionProvider: reg('definition'),
      registerDocumentSymbolProvider: reg('symbols'),
      registerDocumentFormattingEditProvider: reg('format'),
      CompletionItemKind: { Keyword: 17, TypeParameter: 24, Struct: 22, Interface: 7, Module: 8, Event: 10 },
      CompletionItemInsertTextRule: { InsertAsSnippet: 4 },
      SymbolKind: { Interface: 10, Module: 1, Struct: 22, Enum: 9, Class: 4, TypeParameter: 25, Constructor: 8, Method: 5, Function: 11, Namespace: 2 },
    },
    editor: {
      getModels: () => models.filter((m) => !m.isDisposed()),
      getModel: (u: { toString(): string }) => models.find((m) => !m.isDisposed() && m.uri.toString() === u.toString()) ?? null,
      createModel: (text: string, lang: string, u: FakeUri) => {
        const m = new FakeModel(text, lang, u);
        models.push(m);
        created.fire(m);
        return m;
      },
      onDidCreateModel: created.event,
      onDidChangeModelLanguage: new Emitter<{ model: FakeModel }>().event,
      onWillDisposeModel: willDispose.event,
      setModelMarkers: (m: FakeModel, owner: string, list: unknown[]) => markers.set(`${m.uri.toString()}|${owner}`, list),
    },
  };
  const disposeModel = (m: FakeModel) => {
    willDispose.fire(m);
    m.dispose();
  };
  return { api, models, markers, providers, disposeModel, monaco: api as unknown as typeof Monaco };
}

describe('registerWitLanguage', () => {
  let fake: ReturnType<typeof fakeMonaco>;
  let registration: Monaco.IDisposable;
  const open = (path: string, text: string) => fake.api.editor.createModel(text, 'wit', makeUri('project', path));
  const markersOf = (m: FakeModel) => fake.markers.get(`${m.uri.toString()}|${WIT_MARKER_OWNER}`) as { message: string; startLineNumber: number; startColumn: number }[] | undefined;
  const call = (kind: string, method: string, ...args: unknown[]) => fake.providers[kind]!.provider[method]!(...args) as never;

  beforeEach(() => {
    vi.useFakeTimers();
    fake = fakeMonaco();
    registration = registerWitLanguage(fake.monaco);
  });
  afterEach(() => {
    registration.dispose();
    vi.useRealTimers();
  });

  it('is idempotent and registers every provider', () => {
    expect(registerWitLanguage(fake.monaco)).toBe(registration);
    expect(Object.keys(fake.providers).sort()).toEqual(['completion', 'definition', 'format', 'hover', 'symbols']);
  });

  it('sets syntax markers on open and 300 ms after the last edit', () => {
    const m = open('/wit/a.wit', 'interface i {\n    f: func(;\n}\n');
    vi.advanceTimersByTime(0);
    expect(markersOf(m)).toMatchObject([{ startLineNumber: 2, startColumn: 13, message: 'expected a parameter name, found `;`' }]);
    m.setValue('interface i {\n    f: func();\n}\n');
    vi.advanceTimersByTime(200);
    m.setValue('interface i {\n    f: func();\n    g: ;\n}\n');
    vi.advanceTimersByTime(299);
    expect(markersOf(m)).toHaveLength(1); // still the old marker: debounced
    vi.advanceTimersByTime(1);
    expect(markersOf(m)).toMatchObject([{ startLineNumber: 3, message: 'expected `func`, found `;`' }]);
    m.setValue('interface i {}\n');
    vi.advanceTimersByTime(300);
    expect(markersOf(m)).toEqual([]);
    fake.disposeModel(m);
    expect(markersOf(m)).toEqual([]);
  });

  it('marks a package reference the version rule rejects: two versions open and none named', () => {
    open('/wit/deps/v1.wit', 'package x:y@1.0.0;\ninterface i {}\n');
    const v2 = open('/wit/deps/v2.wit', 'package x:y@2.0.0;\ninterface i {}\n');
    const m = open('/wit/app.wit', 'package a:b;\nworld w {\n    import x:y/i;\n    import x:y/i@2.0.0;\n    import wasi:io/streams@0.2.3;\n}\n');
    vi.advanceTimersByTime(0);
    expect(markersOf(m)).toMatchObject([
      { startLineNumber: 3, startColumn: 12, message: 'package `x:y` is present in several versions (1.0.0, 2.0.0): say which one, e.g. `x:y@1.0.0`' },
    ]);
    // Another file's edit settles it: with one version left, the reference is no longer ambiguous.
    v2.setValue('package x:z@2.0.0;\ninterface i {}\n');
    vi.advanceTimersByTime(300);
    expect(markersOf(m)).toMatchObject([{ startLineNumber: 4, severity: 4, message: 'package `x:y@2.0.0` is not available (present: 1.0.0)' }]);
  });

  it('completes types from other open models and WASI, with a use edit', () => {
    open('/wit/shared.wit', 'package a:b;\ninterface shared {\n    record point { x: s32 }\n}\n');
    const m = open('/wit/api.wit', 'package a:b;\ninterface api {\n    f: func(p: );\n}\n');
    const { suggestions } = call('completion', 'provideCompletionItems', m, { lineNumber: 3, column: 16 }) as { suggestions: Monaco.languages.CompletionItem[] };
    const point = suggestions.find((s) => s.label === 'point')!;
    expect(point).toMatchObject({ kind: 22, detail: 'record · a:b/shared', range: { startLineNumber: 3, startColumn: 16, endColumn: 16 } });
    expect(point.additionalTextEdits).toEqual([{ range: { startLineNumber: 2, startColumn: 16, endLineNumber: 2, endColumn: 16 }, text: '\n    use shared.{point};' }]);
    expect(suggestions.find((s) => s.label === 'input-stream')!.detail).toBe('resource · wasi:io/streams@0.2.12');
    expect(suggestions.find((s) => s.label === 'list')).toMatchObject({ insertText: 'list<$1>', insertTextRules: 4 });
  });

  it('hovers and goes to definitions in WASI models, created on demand', () => {
    const m = open('/wit/app.wit', 'package a:b;\ninterface app {\n    use wasi:io/streams@0.2.12.{input-stream};\n    f: func(s: input-stream);\n}\n');
    const hover = call('hover', 'provideHover', m, { lineNumber: 4, column: 20 }) as { contents: { value: string }[] };
    expect(hover.contents[0]!.value).toContain('resource input-stream {');
    const def = call('definition', 'provideDefinition', m, { lineNumber: 4, column: 20 }) as { uri: { toString(): string }; range: Monaco.IRange };
    expect(def.uri.toString()).toBe(`${WASI_SCHEME}:/wasi/io/package.wit`);
    const target = fake.api.editor.getModel(def.uri)!;
    expect(target.getLanguageId()).toBe('wit');
    const lines = target.getValue().split('\n');
    expect(lines[def.range.startLineNumber - 1]!.slice(def.range.startColumn - 1, def.range.endColumn - 1)).toBe('input-stream');
  });

  it('formats documents and outlines symbols', () => {
    const m = open('/wit/f.wit', 'interface i{\nf:func();\n  resource r { m: func(); }\n}');
    expect(call('format', 'provideDocumentFormattingEdits', m)).toEqual([
      { range: m.getFullModelRange(), text: 'interface i {\n    f: func();\n    resource r { m: func(); }\n}\n' },
    ]);
    m.setValue('interface i {}\n');
    expect(call('format', 'provideDocumentFormattingEdits', m)).toEqual([]);
    m.setValue('interface i {\n    f: func();\n    resource r { m: func(); }\n}\n');
    const symbols = call('symbols', 'provideDocumentSymbols', m) as Monaco.languages.DocumentSymbol[];
    expect(symbols.map((s) => [s.name, s.children!.map((c) => [c.name, c.children!.map((g) => g.name)])])).toEqual([
      ['i', [['f', []], ['r', ['m']]]],
    ]);
  });
});
