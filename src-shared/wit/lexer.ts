// The WIT lexer: tokens with source ranges, positions, and the cursor the parser reads them through.
// Grammar: component-model design/mvp/WIT.md ("Lexical structure").

// ---------------------------------------------------------------------------------------------
// Positions
// ---------------------------------------------------------------------------------------------

/** Half-open range of UTF-16 offsets into the source text. */
export interface Range {
  start: number;
  end: number;
}

/** 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

/** Maps offsets to 1-based line/column. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
  }
  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }
  offset(pos: Position): number {
    const start = this.starts[Math.min(Math.max(pos.line, 1), this.starts.length) - 1]!;
    return start + pos.column - 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------------------------

export type TokenKind =
  | 'ident' // a label, possibly %-escaped (value holds the name without '%')
  | 'keyword'
  | 'integer'
  | 'version' // a semver such as 0.2.0 or 1.0.0-rc.1+build
  | 'string'
  | 'op' // = , : ; ( ) { } < > * -> / . @ _
  | 'comment'
  | 'doc' // `///` line or `/** */` block documentation
  | 'ws'
  | 'error'; // a character that is not part of WIT

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** For identifiers: the name without a leading '%'; for doc comments: the doc text; else `text`. */
  value: string;
  start: number;
  end: number;
}

export interface WitError {
  message: string;
  start: number;
  end: number;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  severity: 'error' | 'warning';
}

/** Reserved words of WIT.md "Keywords" (plus `error-context`, which wit-parser lexes as a keyword). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'error-context', 'export', 'f32', 'f64',
  'flags', 'from', 'func', 'future', 'import', 'include', 'interface', 'list', 'map', 'option', 'own',
  'package', 'record', 'resource', 'result', 's16', 's32', 's64', 's8', 'static', 'stream', 'string',
  'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use', 'variant', 'with', 'world',
]);

/** Primitive types: complete types on their own. */
export const PRIMITIVE_TYPES: readonly string[] = [
  'bool', 's8', 's16', 's32', 's64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'char', 'string', 'error-context',
];

/** Type constructors taking `<...>` parameters (`result`, `future`, `stream` may also stand alone). */
export const TYPE_CONSTRUCTORS: readonly string[] = [
  'list', 'option', 'result', 'tuple', 'borrow', 'own', 'future', 'stream', 'map',
];

/** Names accepted after `@` as gates or annotations. */
export const GATE_NAMES: readonly string[] = ['since', 'unstable', 'deprecated', 'external-id'];

const SEMVER = /\d+\.\d+\.\d+(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?/y;
const IDENT = /%?[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:-(?!>))?/y;
const WORD = /^(?:[a-z][a-z0-9]*|[A-Z][A-Z0-9]*)$/;
const WORD_CONT = /^(?:[a-z0-9]+|[A-Z0-9]+)$/;

export interface LexResult {
  /** Every token including whitespace and comments; concatenating their text yields the input. */
  tokens: Token[];
  errors: WitError[];
}

/** Splits WIT source into tokens. Never throws; problems are reported as errors. */
export function lex(text: string, lines: LineIndex = new LineIndex(text)): LexResult {
  const tokens: Token[] = [];
  const errors: WitError[] = [];
  const err = (message: string, start: number, end: number) =>
    errors.push({ message, start, end, ...lines.position(start), severity: 'error' });
  const push = (kind: TokenKind, start: number, end: number, value?: string) => {
    const t = text.slice(start, end);
    tokens.push({ kind, text: t, value: value ?? t, start, end });
  };
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    const start = i;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      while (i < n && /[ \t\r\n]/.test(text[i]!)) i++;
      push('ws', start, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      let end = i;
      if (text[end - 1] === '\r') end--;
      const body = text.slice(start, end);
      if (body.startsWith('///') && !body.startsWith('////')) push('doc', start, end, stripLineDoc(body));
      else push('comment', start, end);
      if (end !== i) push('ws', end, i);
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      if (depth > 0) err('unterminated block comment', start, start + 2);
      const body = text.slice(start, i);
      if (body.startsWith('/**') && !body.startsWith('/***') && body !== '/**/' && depth === 0) {
        push('doc', start, i, stripBlockDoc(body));
      } else push('comment', start, i);
      continue;
    }
    if (c === '-' && text[i + 1] === '>') {
      i += 2;
      push('op', start, i);
      continue;
    }
    if ('=,:;(){}<>*/.@_'.includes(c)) {
      i++;
      push('op', start, i);
      continue;
    }
    if (c >= '0' && c <= '9') {
      SEMVER.lastIndex = i;
      const m = SEMVER.exec(text);
      if (m) {
        i += m[0].length;
        push('version', start, i);
      } else {
        while (i < n && text[i]! >= '0' && text[i]! <= '9') i++;
        push('integer', start, i);
      }
      continue;
    }
    if (c === '%' || /[A-Za-z]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      if (!m) {
        i++;
        err("expected an identifier after '%'", start, i);
        push('error', start, i);
        continue;
      }
      i += m[0].length;
      const raw = m[0];
      const escaped = raw.startsWith('%');
      const name = escaped ? raw.slice(1) : raw;
      const problem = validateId(name);
      if (problem) err(`invalid identifier \`${raw}\`: ${problem}`, start, i);
      if (!escaped && KEYWORDS.has(name)) push('keyword', start, i, name);
      else push('ident', start, i, name);
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      if (text[i] === '"') i++;
      else err('unterminated string literal', start, i);
      push('string', start, i);
      continue;
    }
    // Anything else: one code point of garbage.
    i += c.codePointAt(0)! > 0xffff ? 2 : 1;
    err(`unexpected character \`${text.slice(start, i)}\``, start, i);
    push('error', start, i);
  }
  return { tokens, errors };
}

/** Why `name` is not a valid kebab-case WIT label, or undefined when it is. */
export function validateId(name: string): string | undefined {
  if (name.endsWith('-')) return 'identifiers must not end with `-`';
  const words = name.split('-');
  if (!WORD.test(words[0]!)) return 'each word must be all lowercase or all uppercase';
  for (const w of words.slice(1)) if (!WORD_CONT.test(w)) return 'each word must be all lowercase or all uppercase';
  return undefined;
}

function stripLineDoc(body: string): string {
  const s = body.slice(3);
  return s.startsWith(' ') ? s.slice(1) : s;
}

function stripBlockDoc(body: string): string {
  return body
    .slice(3, -2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').replace(/^\s+/, ''))
    .join('\n')
    .trim();
}

export const isOpToken = (t: Token | undefined, op: string): boolean => !!t && t.kind === 'op' && t.text === op;
export const isKeywordToken = (t: Token | undefined, kw: string): boolean => !!t && t.kind === 'keyword' && t.value === kw;

/** The kind of the synthetic token past the last one. */
export const EOF_KIND = 'eof' as TokenKind;

/** The significant tokens of a text and a position in them: what the WIT parser reads through. */
export class TokenCursor {
  protected i = 0;
  protected readonly eof: Token;

  constructor(
    protected readonly toks: Token[],
    textLength: number,
  ) {
    this.eof = { kind: EOF_KIND, text: '', value: '', start: textLength, end: textLength };
  }

  protected peek(k = 0): Token {
    return this.toks[this.i + k] ?? this.eof;
  }
  protected atEnd(): boolean {
    return this.i >= this.toks.length;
  }
  protected isOp(op: string, k = 0): boolean {
    return isOpToken(this.peek(k), op);
  }
  protected isKw(kw: string, k = 0): boolean {
    return isKeywordToken(this.peek(k), kw);
  }
  protected next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length) this.i++;
    return t;
  }
}

/** The significant token (not whitespace/comment) containing or ending at `offset`, preferring identifiers. */
export function tokenAt(doc: { tokens: readonly Token[] }, offset: number): Token | undefined {
  let best: Token | undefined;
  for (const t of doc.tokens) {
    if (t.start > offset) break;
    if (t.kind === 'ws' || t.kind === 'comment' || t.kind === 'doc') continue;
    if (offset >= t.start && offset < t.end) return t;
    if (offset === t.end && (t.kind === 'ident' || t.kind === 'keyword')) best = t;
  }
  return best;
}
