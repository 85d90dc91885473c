import type * as Monaco from 'monaco-editor';
import { witLanguageConfiguration, witMonarch } from './wit/monarch';

/** Editor language of a project file, by its extension: the language registry decides. */
export { editorLanguageOf as languageOf } from '../../src-shared/languages/registry';

const watTokens: Monaco.languages.IMonarchLanguage = {
  keywords: [
    'module', 'component', 'func', 'param', 'result', 'local', 'global', 'memory', 'table', 'type', 'import',
    'export', 'data', 'elem', 'start', 'mut', 'offset', 'core', 'instance', 'canon', 'lift', 'lower', 'alias',
  ],
  tokenizer: {
    root: [
      [/;;.*$/, 'comment'],
      [/\(;/, 'comment', '@comment'],
      [/"([^"\\]|\\.)*"/, 'string'],
      [/\$[\w.$/'-]+/, 'variable'],
      [/\b(i32|i64|f32|f64|v128|funcref|externref)\b/, 'type'],
      [/[a-z_][\w.]*/, { cases: { '@keywords': 'keyword', '@default': 'identifier' } }],
      [/-?(0x[0-9a-fA-F_]+|\d[\d_]*(\.\d+)?([eE][+-]?\d+)?)/, 'number'],
      [/[()]/, '@brackets'],
    ],
    comment: [
      [/[^(;]+/, 'comment'],
      [/;\)/, 'comment', '@pop'],
      [/[(;]/, 'comment'],
    ],
  },
};

export function registerLanguages(monaco: typeof Monaco): void {
  monaco.languages.register({ id: 'wit', extensions: ['.wit'], aliases: ['WIT'] });
  // WIT highlighting (the full grammar) lives in ./wit/monarch; its language services in ./wit/providers.
  monaco.languages.setMonarchTokensProvider('wit', witMonarch);
  monaco.languages.setLanguageConfiguration('wit', witLanguageConfiguration);
  monaco.languages.register({ id: 'wat', extensions: ['.wat', '.wast'], aliases: ['WebAssembly Text'] });
  monaco.languages.setMonarchTokensProvider('wat', watTokens);
  monaco.languages.setLanguageConfiguration('wat', {
    comments: { lineComment: ';;', blockComment: ['(;', ';)'] },
    brackets: [['(', ')']],
    autoClosingPairs: [{ open: '(', close: ')' }, { open: '"', close: '"' }],
  });
}
