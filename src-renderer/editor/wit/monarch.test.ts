import { describe, expect, it } from 'vitest';
// Monaco's own Monarch compiler and lexer (DOM-free), to run the WIT definition as the editor does.
// @ts-expect-error -- internal Monaco module without type declarations
import { compile } from '../../../node_modules/monaco-editor/esm/vs/editor/standalone/common/monarch/monarchCompile.js';
// @ts-expect-error -- internal Monaco module without type declarations
import { MonarchTokenizer } from '../../../node_modules/monaco-editor/esm/vs/editor/standalone/common/monarch/monarchLexer.js';
import everything from '../../../src-shared/wit/fixtures/syntax-everything.wit?raw';
import { witMonarch } from './monarch';
import { WASI_WIT } from './wasi';

interface MonarchToken {
  offset: number;
  type: string;
}
interface LineResult {
  tokens: MonarchToken[];
  endState: unknown;
}
interface Tokenizer {
  getInitialState(): unknown;
  tokenize(line: string, hasEOL: boolean, state: unknown): LineResult;
}

const noop = { dispose() {} };
const tokenizer = (): Tokenizer =>
  new MonarchTokenizer(
    { isRegisteredLanguageId: () => false, requestBasicLanguageFeatures() {} },
    { onDidChangeColorTheme: () => noop },
    'wit',
    compile('wit', witMonarch),
    { getValue: () => undefined, onDidChangeConfiguration: () => noop },
  );

/** [text, token type without the `.wit` postfix] pairs per line, whitespace dropped. */
function highlight(src: string): [string, string][][] {
  const t = tokenizer();
  let state = t.getInitialState();
  return src.split('\n').map((line) => {
    const r = t.tokenize(line, true, state);
    state = r.endState;
    return r.tokens
      .map((tok, i): [string, string] => [line.slice(tok.offset, r.tokens[i + 1]?.offset ?? line.length), tok.type.replace(/\.wit$/, '')])
      .filter(([text, type]) => type !== 'white' && text.trim() !== '');
  });
}

describe('WIT Monarch tokenizer', () => {
  it('highlights packages, versions and nested package blocks', () => {
    expect(highlight('package wasi:io@0.2.12;')[0]).toEqual([
      ['package', 'keyword'], ['wasi:io', 'namespace'], ['@0.2.12', 'number.version'], [';', 'delimiter'],
    ]);
    expect(highlight('package local:a {')[0]).toEqual([['package', 'keyword'], ['local:a', 'namespace'], ['{', 'delimiter.curly']]);
  });

  it('highlights gates', () => {
    expect(highlight('@since(version = 0.2.0)')[0]).toEqual([
      ['@since', 'annotation'], ['(', 'delimiter.parenthesis'], ['version', 'attribute.name'], ['=', 'delimiter'],
      ['0.2.0', 'number.version'], [')', 'delimiter.parenthesis'],
    ]);
    expect(highlight('@unstable(feature = fancy-foo) @deprecated(version = 1.0.0-rc.1)')[0]).toEqual([
      ['@unstable', 'annotation'], ['(', 'delimiter.parenthesis'], ['feature', 'attribute.name'], ['=', 'delimiter'],
      ['fancy-foo', 'attribute.value'], [')', 'delimiter.parenthesis'], ['@deprecated', 'annotation'], ['(', 'delimiter.parenthesis'],
      ['version', 'attribute.name'], ['=', 'delimiter'], ['1.0.0-rc.1', 'number.version'], [')', 'delimiter.parenthesis'],
    ]);
  });

  it('highlights declarations, functions, types and use paths', () => {
    const [iface, use, fn, ctor, res] = highlight(
      [
        'interface streams {',
        '    use wasi:io/poll@0.2.0.{pollable as p};',
        '    read: static async func(len: u64) -> result<list<u8>, stream-error>;',
        '    constructor(init: borrow<blob>);',
        '    resource %type;',
      ].join('\n'),
    );
    expect(iface).toEqual([['interface', 'keyword'], ['streams', 'type.identifier'], ['{', 'delimiter.curly']]);
    expect(use).toEqual([
      ['use', 'keyword'], ['wasi:io', 'namespace'], ['/', 'delimiter'], ['poll', 'type.identifier'], ['@0.2.0', 'number.version'],
      ['.', 'delimiter'], ['{', 'delimiter.curly'], ['pollable', 'identifier'], ['as', 'keyword'], ['p', 'identifier'],
      ['}', 'delimiter.curly'], [';', 'delimiter'],
    ]);
    expect(fn).toEqual([
      ['read', 'identifier.function'], [':', 'delimiter'], ['static', 'keyword'], ['async', 'keyword'], ['func', 'keyword'],
      ['(', 'delimiter.parenthesis'], ['len', 'variable'], [':', 'delimiter'], ['u64', 'type'], [')', 'delimiter.parenthesis'],
      ['->', 'delimiter.arrow'], ['result', 'type'], ['<', 'delimiter.angle'], ['list', 'type'], ['<', 'delimiter.angle'], ['u8', 'type'],
      ['>', 'delimiter.angle'], [',', 'delimiter'], ['stream-error', 'identifier'], ['>', 'delimiter.angle'], [';', 'delimiter'],
    ]);
    expect(ctor.slice(0, 5)).toEqual([
      ['constructor', 'keyword'], ['(', 'delimiter.parenthesis'], ['init', 'variable'], [':', 'delimiter'], ['borrow', 'type'],
    ]);
    expect(res).toEqual([['resource', 'keyword'], ['%type', 'type.identifier'], [';', 'delimiter']]);
  });

  it('highlights comments: docs, nested block comments across lines', () => {
    const lines = highlight('/// doc\n// plain\n/** block\n doc */ x\n/* a /* b */\n still */ y');
    expect(lines[0]).toEqual([['/// doc', 'comment.doc']]);
    expect(lines[1]).toEqual([['// plain', 'comment']]);
    expect(lines[2]).toEqual([['/** block', 'comment.doc']]);
    expect(lines[3]).toEqual([[' doc */', 'comment.doc'], ['x', 'identifier']]);
    expect(lines[4]).toEqual([['/* a /* b */', 'comment']]);
    expect(lines[5]).toEqual([[' still */', 'comment'], ['y', 'identifier']]);
  });

  it('highlights include-with, result<_, E> and escaped identifiers', () => {
    expect(highlight('include host with { a as b }')[0]).toEqual([
      ['include', 'keyword'], ['host', 'identifier'], ['with', 'keyword'], ['{', 'delimiter.curly'], ['a', 'identifier'],
      ['as', 'keyword'], ['b', 'identifier'], ['}', 'delimiter.curly'],
    ]);
    expect(highlight('x: func() -> result<_, %record>;')[0].slice(-6, -1)).toEqual([
      ['<', 'delimiter.angle'], ['_', 'keyword'], [',', 'delimiter'], ['%record', 'identifier'], ['>', 'delimiter.angle'],
    ]);
  });

  it('produces no invalid tokens on the fixture and the WASI files', () => {
    for (const src of [everything, ...WASI_WIT.map((w) => w.text)]) {
      const invalid = highlight(src).flat().filter(([, type]) => type.startsWith('invalid'));
      expect(invalid).toEqual([]);
    }
  });
});
