// WIT document formatting: re-emits the token stream with normalized whitespace, keeping every
// comment (including `///` docs) and the author's line breaks. Pure and idempotent.

import { lex, type Token } from '../../../src-shared/wit/lexer';

export interface FormatOptions {
  /** One indentation level; default four spaces. */
  indent?: string;
}

const CLOSERS = new Set(['}', ')']);
const PATH_KEYWORDS = new Set(['package', 'use', 'import', 'export', 'include']);

interface Item {
  tok: Token;
  /** Newlines in the whitespace before this token. */
  newlines: number;
  /** Whitespace directly before this token. */
  spaced: boolean;
}

const opText = (t: Token | undefined) => (t && t.kind === 'op' ? t.text : '');
const isComment = (t: Token | undefined) => !!t && (t.kind === 'comment' || t.kind === 'doc');
const isWord = (t: Token | undefined) => !!t && (t.kind === 'ident' || t.kind === 'keyword' || opText(t) === '_');

function commentText(t: Token): string {
  return t.text.replace(/\r\n/g, '\n').replace(/[ \t]+\n/g, '\n').trimEnd();
}

/**
 * Formats WIT source: block contents indented one level per open `{` or `(`, one space around `->`
 * and `=`, one space after `:` and `,`, none inside `<>`, `()` and `.{a, b}` lists, at most one blank
 * line in a row (none just inside a block), no trailing whitespace, and a final newline. Package
 * paths such as `wasi:io/streams@0.2.0` stay tight. Comments and doc comments are kept; block comments
 * keep their inner layout (minus trailing whitespace). Line breaks are the author's.
 */
export function formatWit(text: string, options: FormatOptions = {}): string {
  const unit = options.indent ?? '    ';
  const { tokens } = lex(text);
  const items: Item[] = [];
  let newlines = 0;
  let spaced = false;
  for (const t of tokens) {
    if (t.kind === 'ws') {
      newlines += (t.text.match(/\n/g) ?? []).length;
      spaced = true;
      continue;
    }
    items.push({ tok: t, newlines, spaced });
    newlines = 0;
    spaced = false;
  }

  const lines: string[] = [];
  let line = '';
  let depth = 0;
  let parens = 0;
  /** For each open `{`: whether it opens a tight `.{a, b}` use list. */
  const braces: boolean[] = [];
  let stmtHasPath = false;

  for (let k = 0; k < items.length; k++) {
    const { tok: t, newlines: nl, spaced: sp } = items[k]!;
    const prev = items[k - 1]?.tok;
    const startsLine = k === 0 || nl > 0;
    if (startsLine) {
      if (k > 0) {
        lines.push(line.trimEnd());
        const last = lines[lines.length - 1]!;
        const afterOpen = !isComment(prev) && (opText(prev) === '{' || opText(prev) === '(');
        const beforeClose = CLOSERS.has(opText(t));
        if (nl > 1 && !afterOpen && !beforeClose && last !== '') lines.push('');
      }
      let closers = 0;
      for (let j = k; j < items.length && CLOSERS.has(opText(items[j]!.tok)); j++) {
        if (j > k && items[j]!.newlines > 0) break;
        closers++;
      }
      line = unit.repeat(Math.max(0, depth - closers));
    } else if (needSpace(prev!, t, sp, k - 1)) {
      line += ' ';
    }
    line += isComment(t) ? commentText(t) : t.text;

    switch (opText(t)) {
      case '{':
        braces.push(opText(prev) === '.');
        depth++;
        stmtHasPath = false;
        break;
      case '(':
        parens++;
        depth++;
        break;
      case '}':
        braces.pop();
        depth = Math.max(0, depth - 1);
        stmtHasPath = false;
        break;
      case ')':
        parens = Math.max(0, parens - 1);
        depth = Math.max(0, depth - 1);
        break;
      case ';':
        stmtHasPath = false;
        break;
    }
    if (t.kind === 'keyword' && PATH_KEYWORDS.has(t.value)) stmtHasPath = true;
  }
  if (items.length) lines.push(line.trimEnd());
  return lines.length ? lines.join('\n') + '\n' : '';

  function needSpace(p: Token, cur: Token, hadSpace: boolean, colon: number): boolean {
    if (isComment(p) || isComment(cur)) return true;
    if (p.kind === 'error' || cur.kind === 'error') return hadSpace;
    const c = opText(cur);
    const q = opText(p);
    if (c === ',' || c === ';' || c === ')' || c === '>' || c === '.' || c === ':') return false;
    if (q === '(' || q === '<' || q === '.' || q === '@' || q === '/' || c === '/' || c === '<') return false;
    if (c === '(') return !(isWord(p) || p.kind === 'ident');
    if (c === '@') return p.kind !== 'ident';
    if (q === ':') {
      // `ns:pkg` in package/use/import/export/include paths stays tight, as written.
      const pathColon =
        stmtHasPath && parens === 0 && !hadSpace && !items[colon]!.spaced && cur.kind === 'ident' && items[colon - 1]?.tok.kind === 'ident';
      return !pathColon;
    }
    if (c === '{') return q !== '.';
    if (q === '{') return c !== '}' && !braces[braces.length - 1];
    if (c === '}') return !braces[braces.length - 1];
    return true;
  }
}
