// A pure WIT lexer and tolerant recursive-descent parser (no DOM, no Monaco).
// Grammar: component-model design/mvp/WIT.md ("Lexical structure" and the item productions).

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

// ---------------------------------------------------------------------------------------------
// Outline
// ---------------------------------------------------------------------------------------------

export type TypeKind = 'record' | 'variant' | 'enum' | 'flags' | 'resource' | 'type';
export type DeclKind = 'interface' | 'world' | TypeKind | 'func' | 'import' | 'export';

export const TYPE_KINDS: ReadonlySet<string> = new Set(['record', 'variant', 'enum', 'flags', 'resource', 'type']);

export interface WitGate {
  /** `since`, `unstable`, `deprecated` or `external-id`. */
  name: string;
  /** The version, feature name or external id. */
  value: string;
  range: Range;
}

/** A field of a record, case of a variant/enum/flags, or a method/constructor of a resource. */
export interface WitMember {
  name: string;
  nameRange: Range;
  range: Range;
  doc?: string;
}

export interface WitDecl {
  kind: DeclKind;
  name: string;
  /** From the declaring keyword or name to the end of the item (gates and docs excluded). */
  range: Range;
  nameRange: Range;
  /** Enclosing interface or world (for inline `import x: interface {}`: `x`). */
  container?: string;
  containerKind?: 'interface' | 'world';
  /** For resource methods, static functions and constructors: the resource. */
  resource?: string;
  funcKind?: 'freestanding' | 'method' | 'static' | 'constructor';
  async?: boolean;
  /** Package this item belongs to, e.g. `wasi:io` (without version); undefined if the file has none. */
  package?: string;
  doc?: string;
  gates: WitGate[];
  members?: WitMember[];
  /** For `import a:b/c;` / `export iface;`: the imported or exported interface path. */
  path?: UsePath;
  /** For interfaces and worlds: the offset just after `{`. */
  bodyStart?: number;
  /** For interfaces and worlds: the offset of the closing `}` (or end of text). */
  bodyEnd?: number;
}

/** A parsed `use-path`: `iface`, `ns:pkg/iface@1.2.3`, or nested `a:b:c/d/e`. */
export interface UsePath {
  /** Canonical text, e.g. `wasi:io/streams@0.2.12`. */
  text: string;
  range: Range;
  /** `ns:pkg` when qualified. */
  package?: string;
  version?: string;
  /** Last segment: the interface or world name. */
  name: string;
  nameRange: Range;
}

export interface WitUseName {
  name: string;
  nameRange: Range;
  alias?: string;
  aliasRange?: Range;
}

export interface WitUse {
  path: UsePath;
  /** Imported type names (empty for a top-level `use path as x;`). */
  names: WitUseName[];
  /** Top-level `use path as alias;`. */
  alias?: string;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  range: Range;
}

export interface WitRef {
  /** `type`: a type name in a type position; `interface`/`world`: a use-path; `use-name`: a name in `use p.{..}`. */
  kind: 'type' | 'interface' | 'world' | 'use-name';
  name: string;
  range: Range;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  /** For `interface`, `world` and `use-name` references: the path. */
  path?: UsePath;
}

export interface WitPackage {
  name: string;
  version?: string;
  range: Range;
  /** True for `package a:b { ... }` blocks. */
  nested: boolean;
}

export interface WitDocument {
  text: string;
  lines: LineIndex;
  tokens: Token[];
  /** Root package declaration (`package ns:name@ver;`), if any. */
  package?: WitPackage;
  packages: WitPackage[];
  items: WitDecl[];
  uses: WitUse[];
  refs: WitRef[];
  errors: WitError[];
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

class ParseError extends Error {
  constructor(
    message: string,
    readonly token: Token,
  ) {
    super(message);
  }
}

const EOF_KIND = 'eof' as TokenKind;
const ITEM_START = new Set([
  'interface', 'world', 'package', 'use', 'import', 'export', 'include', 'record', 'variant', 'enum', 'flags',
  'resource', 'type',
]);

interface Ctx {
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
}

/** The significant tokens of a text and a position in them: what both WIT parsers read through. */
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
    const t = this.peek(k);
    return t.kind === 'op' && t.text === op;
  }
  protected isKw(kw: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'keyword' && t.value === kw;
  }
  protected next(): Token {
    const t = this.peek();
    if (this.i < this.toks.length) this.i++;
    return t;
  }
}

/** Splits lexed tokens into the significant ones, with the doc comment and spacing before each. */
function significant(all: Token[]): { toks: Token[]; docs: (string | undefined)[]; spaced: boolean[] } {
  const toks: Token[] = [];
  const docs: (string | undefined)[] = [];
  const spacedBefore: boolean[] = [];
  let doc: string[] = [];
  let spaced = false;
  for (const t of all) {
    if (t.kind === 'ws' || t.kind === 'comment') {
      spaced = true;
      continue;
    }
    if (t.kind === 'doc') {
      doc.push(t.value);
      spaced = true;
      continue;
    }
    toks.push(t);
    docs.push(doc.length ? doc.join('\n') : undefined);
    spacedBefore.push(spaced);
    doc = [];
    spaced = false;
  }
  return { toks, docs, spaced: spacedBefore };
}

class Parser extends TokenCursor {
  /** Doc comment text immediately preceding each significant token. */
  private readonly docs: (string | undefined)[];
  /** Whether whitespace or a comment precedes each significant token. */
  private readonly spaced: boolean[];
  readonly items: WitDecl[] = [];
  readonly uses: WitUse[] = [];
  readonly refs: WitRef[] = [];
  readonly packages: WitPackage[] = [];
  rootPackage?: WitPackage;

  constructor(
    private readonly text: string,
    all: Token[],
    private readonly lines: LineIndex,
    readonly errors: WitError[],
  ) {
    const { toks, docs, spaced } = significant(all);
    super(toks, text.length);
    this.docs = docs;
    this.spaced = spaced;
  }

  // --- token helpers ------------------------------------------------------------------------

  private prevEnd(): number {
    return this.i > 0 ? this.toks[this.i - 1]!.end : 0;
  }
  private describe(t: Token): string {
    if (t.kind === EOF_KIND) return 'end of file';
    if (t.kind === 'keyword') return `keyword \`${t.text}\``;
    if (t.kind === 'ident') return `identifier \`${t.text}\``;
    return `\`${t.text}\``;
  }
  private fail(expected: string, t: Token = this.peek()): never {
    throw new ParseError(`expected ${expected}, found ${this.describe(t)}`, t);
  }
  private expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail(`\`${op}\``);
    return this.next();
  }
  private expectKw(kw: string): Token {
    if (!this.isKw(kw)) this.fail(`\`${kw}\``);
    return this.next();
  }
  private expectId(what = 'an identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') {
      if (t.kind === 'keyword') this.fail(`${what} (\`${t.text}\` is a keyword; write \`%${t.text}\`)`);
      this.fail(what);
    }
    return this.next();
  }
  /** True when the tokens at k and k+1 touch (no whitespace between). */
  private tight(k: number): boolean {
    return !this.spaced[this.i + k];
  }

  private error(message: string, start: number, end: number, severity: 'error' | 'warning' = 'error') {
    this.errors.push({ message, start, end, ...this.lines.position(start), severity });
  }

  /**
   * Error recovery: report, then skip to the end of the current item — a `;` or a `}` that closes a
   * block opened by the item — without consuming a `}` that belongs to an enclosing block.
   */
  private recover(e: unknown, itemStart: number) {
    if (!(e instanceof ParseError)) throw e;
    const t = e.token;
    this.error(e.message, t.start, Math.max(t.end, t.start + 1));
    let depth = 0;
    for (let k = itemStart; k < this.i; k++) {
      const tk = this.toks[k]!;
      if (tk.kind === 'op' && tk.text === '{') depth++;
      else if (tk.kind === 'op' && tk.text === '}') depth--;
    }
    depth = Math.max(depth, 0);
    const errLine = this.lines.position(t.start).line;
    if (this.i === itemStart) this.next(); // always make progress
    while (this.peek().kind !== EOF_KIND) {
      const tk = this.peek();
      if (tk.kind === 'op' && tk.text === '{') depth++;
      else if (tk.kind === 'op' && tk.text === '}') {
        if (depth === 0) return;
        depth--;
        this.next();
        if (depth === 0) {
          if (this.isOp(';')) this.next();
          return;
        }
        continue;
      } else if (tk.kind === 'op' && tk.text === ';' && depth === 0) {
        this.next();
        return;
      } else if (
        depth === 0 &&
        ((tk.kind === 'keyword' && ITEM_START.has(tk.value)) || (tk.kind === 'op' && tk.text === '@')) &&
        this.lines.position(tk.start).line > errLine &&
        this.startsLine(tk)
      ) {
        return;
      }
      this.next();
    }
  }

  private startsLine(t: Token): boolean {
    for (let k = t.start - 1; k >= 0; k--) {
      const c = this.text[k];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t' && c !== '\r') return false;
    }
    return true;
  }

  // --- file ---------------------------------------------------------------------------------

  parseFile() {
    // Root `package a:b;` (the first item, if present and followed by `;`).
    const save = this.i;
    this.skipGatesForLookahead();
    if (this.isKw('package')) {
      this.i = save;
      const start = this.i;
      try {
        this.parseGates();
        const kw = this.next();
        const { name, version } = this.parsePackageName();
        if (this.isOp(';')) {
          this.next();
          this.rootPackage = { name, version, range: { start: kw.start, end: this.prevEnd() }, nested: false };
          this.packages.push(this.rootPackage);
        } else {
          this.i = start;
        }
      } catch (e) {
        this.recover(e, start);
      }
    } else this.i = save;
    const ctx: Ctx = { package: this.rootPackage?.name };
    while (this.peek().kind !== EOF_KIND) {
      if (this.isOp('}')) {
        const t = this.next();
        this.error('unmatched `}`', t.start, t.end);
        continue;
      }
      this.parseTopItem(ctx);
    }
  }

  private skipGatesForLookahead() {
    while (this.isOp('@')) {
      this.next();
      if (this.peek().kind === 'ident') this.next();
      if (this.isOp('(')) {
        while (this.peek().kind !== EOF_KIND && !this.isOp(')')) this.next();
        this.next();
      }
    }
  }

  private parseTopItem(ctx: Ctx) {
    const start = this.i;
    try {
      const doc = this.docs[this.i];
      const gates = this.parseGates();
      const t = this.peek();
      if (this.isKw('interface')) this.parseInterface(ctx, doc, gates);
      else if (this.isKw('world')) this.parseWorld(ctx, doc, gates);
      else if (this.isKw('use')) this.parseTopUse(ctx);
      else if (this.isKw('package')) this.parseNestedPackage();
      else this.fail('`interface`, `world`, `use` or `package`', t);
    } catch (e) {
      this.recover(e, start);
    }
  }

  private parsePackageName(): { name: string; version?: string; range: Range } {
    const first = this.expectId('a package namespace');
    const parts = [first.value];
    this.expectOp(':');
    parts.push(this.expectId('a package name').value);
    while (this.isOp(':')) {
      this.next();
      parts.push(this.expectId('a package name').value);
    }
    let name = parts.join(':');
    while (this.isOp('/')) {
      this.next();
      name += '/' + this.expectId('a package name').value;
    }
    let version: string | undefined;
    if (this.isOp('@')) {
      this.next();
      version = this.parseVersion();
    }
    return { name, version, range: { start: first.start, end: this.prevEnd() } };
  }

  private parseVersion(): string {
    const t = this.peek();
    if (t.kind !== 'version') this.fail('a semver version such as `1.0.0`');
    this.next();
    return t.text;
  }

  private parseNestedPackage() {
    const kw = this.expectKw('package');
    const { name, version } = this.parsePackageName();
    if (this.isOp(';')) {
      const t = this.next();
      this.error('a `package ...;` declaration must come first in the file; use `package ... { }` for nested packages', kw.start, t.end);
      return;
    }
    const open = this.expectOp('{');
    const pkg: WitPackage = { name, version, range: { start: kw.start, end: kw.end }, nested: true };
    this.packages.push(pkg);
    const ctx: Ctx = { package: name };
    while (!this.isOp('}') && this.peek().kind !== EOF_KIND) {
      const itemStart = this.i;
      try {
        const doc = this.docs[this.i];
        const gates = this.parseGates();
        if (this.isKw('interface')) this.parseInterface(ctx, doc, gates);
        else if (this.isKw('world')) this.parseWorld(ctx, doc, gates);
        else if (this.isKw('use')) this.parseTopUse(ctx);
        else this.fail('`interface`, `world` or `use`');
      } catch (e) {
        this.recover(e, itemStart);
      }
    }
    this.closeBlock(open);
    pkg.range.end = this.prevEnd();
  }

  /** Consumes the `}` closing a block, reporting a missing one at the opener. */
  private closeBlock(opener: Token) {
    if (this.isOp('}')) {
      this.next();
      return;
    }
    this.error(`unclosed block: expected \`}\``, opener.start, opener.end);
  }

  // --- gates --------------------------------------------------------------------------------

  private parseGates(): WitGate[] {
    const gates: WitGate[] = [];
    while (this.isOp('@')) {
      const at = this.next();
      const nameTok = this.peek();
      if (nameTok.kind !== 'ident' || !GATE_NAMES.includes(nameTok.value)) {
        // Report, skip `name(...)`, and go on with the gated item.
        this.error(`expected \`@since\`, \`@unstable\`, \`@deprecated\` or \`@external-id\`, found ${this.describe(nameTok)}`, nameTok.start, Math.max(nameTok.end, nameTok.start + 1));
        if (nameTok.kind === 'ident' || nameTok.kind === 'keyword') this.next();
        if (this.isOp('(')) {
          while (!this.isOp(')') && !this.isOp(';') && !this.isOp('{') && !this.isOp('}') && this.peek().kind !== EOF_KIND) this.next();
          if (this.isOp(')')) this.next();
        }
        continue;
      }
      if (!this.tight(0)) this.fail('a gate name directly after `@`');
      this.next();
      this.expectOp('(');
      let value: string;
      if (nameTok.value === 'external-id') {
        const s = this.peek();
        if (s.kind !== 'string') this.fail('a string literal');
        this.next();
        value = s.text;
      } else {
        const field = nameTok.value === 'unstable' ? 'feature' : 'version';
        const f = this.peek();
        if (f.kind !== 'ident' || f.value !== field) this.fail(`\`${field}\``);
        this.next();
        this.expectOp('=');
        value = field === 'feature' ? this.expectId('a feature name').value : this.parseVersion();
      }
      this.expectOp(')');
      gates.push({ name: nameTok.value, value, range: { start: at.start, end: this.prevEnd() } });
    }
    return gates;
  }

  // --- use ----------------------------------------------------------------------------------

  private parseUsePath(): UsePath {
    const first = this.expectId('an interface name');
    if (!this.isOp(':')) {
      return { text: first.value, range: { start: first.start, end: first.end }, name: first.value, nameRange: { start: first.start, end: first.end } };
    }
    const pkg = [first.value];
    while (this.isOp(':')) {
      this.next();
      pkg.push(this.expectId('a package name').value);
    }
    const segs: Token[] = [];
    this.expectOp('/');
    segs.push(this.expectId('an interface name'));
    while (this.isOp('/')) {
      this.next();
      segs.push(this.expectId('an interface name'));
    }
    let version: string | undefined;
    if (this.isOp('@')) {
      this.next();
      version = this.parseVersion();
    }
    const last = segs[segs.length - 1]!;
    const pkgName = [pkg.join(':'), ...segs.slice(0, -1).map((s) => s.value)].join('/');
    const text = `${pkgName}/${last.value}${version ? '@' + version : ''}`;
    return {
      text,
      range: { start: first.start, end: this.prevEnd() },
      package: pkgName,
      version,
      name: last.value,
      nameRange: { start: last.start, end: last.end },
    };
  }

  private pathRef(kind: 'interface' | 'world', path: UsePath, ctx: Ctx) {
    this.refs.push({ kind, name: path.name, range: path.range, path, ...ctxFields(ctx) });
  }

  private parseTopUse(ctx: Ctx) {
    const kw = this.expectKw('use');
    const path = this.parseUsePath();
    this.pathRef('interface', path, ctx);
    let alias: string | undefined;
    if (this.isKw('as')) {
      this.next();
      alias = this.expectId('an alias').value;
    } else if (this.isOp('.')) {
      this.fail('`;` or `as` (a top-level `use` imports an interface; `use iface.{...}` belongs inside an interface or world)');
    }
    this.expectOp(';');
    this.uses.push({ path, names: [], alias, package: ctx.package, range: { start: kw.start, end: this.prevEnd() } });
  }

  private parseUseItem(ctx: Ctx) {
    const kw = this.expectKw('use');
    const path = this.parseUsePath();
    this.pathRef('interface', path, ctx);
    this.expectOp('.');
    this.expectOp('{');
    const names: WitUseName[] = [];
    const use: WitUse = { path, names, ...ctxFields(ctx), range: { start: kw.start, end: kw.end } };
    this.uses.push(use);
    do {
      if (this.isOp('}')) break;
      const n = this.expectId('a type name');
      const item: WitUseName = { name: n.value, nameRange: { start: n.start, end: n.end } };
      names.push(item);
      this.refs.push({ kind: 'use-name', name: n.value, range: item.nameRange, path, ...ctxFields(ctx) });
      if (this.isKw('as')) {
        this.next();
        const a = this.expectId('an alias');
        item.alias = a.value;
        item.aliasRange = { start: a.start, end: a.end };
      }
    } while (this.isOp(',') && this.next());
    if (names.length === 0) this.fail('at least one name in `use ...{}`');
    this.expectOp('}');
    this.expectOp(';');
    use.range.end = this.prevEnd();
  }

  // --- interfaces and worlds ----------------------------------------------------------------

  private parseInterface(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const kw = this.expectKw('interface');
    const name = this.expectId('an interface name');
    const decl: WitDecl = {
      kind: 'interface', name: name.value, range: { start: kw.start, end: name.end },
      nameRange: { start: name.start, end: name.end }, package: ctx.package, doc, gates,
    };
    this.items.push(decl);
    const open = this.expectOp('{');
    decl.bodyStart = open.end;
    this.parseInterfaceItems({ container: name.value, containerKind: 'interface', package: ctx.package });
    decl.bodyEnd = this.peek().start;
    this.closeBlock(open);
    decl.range.end = this.prevEnd();
  }

  private parseInterfaceItems(ctx: Ctx) {
    while (!this.isOp('}') && this.peek().kind !== EOF_KIND) {
      const start = this.i;
      try {
        const doc = this.docs[this.i];
        const gates = this.parseGates();
        if (this.isKw('use')) this.parseUseItem(ctx);
        else if (this.atTypedef()) this.parseTypedef(ctx, doc, gates);
        else if (this.peek().kind === 'ident' || this.peek().kind === 'keyword') this.parseFuncItem(ctx, doc, gates);
        else this.fail('a type, function or `use` item');
      } catch (e) {
        this.recover(e, start);
      }
    }
  }

  private parseWorld(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const kw = this.expectKw('world');
    const name = this.expectId('a world name');
    const decl: WitDecl = {
      kind: 'world', name: name.value, range: { start: kw.start, end: name.end },
      nameRange: { start: name.start, end: name.end }, package: ctx.package, doc, gates,
    };
    this.items.push(decl);
    const open = this.expectOp('{');
    decl.bodyStart = open.end;
    const inner: Ctx = { container: name.value, containerKind: 'world', package: ctx.package };
    while (!this.isOp('}') && this.peek().kind !== EOF_KIND) {
      const start = this.i;
      try {
        const idoc = this.docs[this.i];
        const igates = this.parseGates();
        if (this.isKw('use')) this.parseUseItem(inner);
        else if (this.isKw('import') || this.isKw('export')) this.parseImportExport(inner, idoc, igates);
        else if (this.isKw('include')) this.parseInclude(inner);
        else if (this.atTypedef()) this.parseTypedef(inner, idoc, igates);
        else this.fail('`import`, `export`, `include`, `use` or a type definition');
      } catch (e) {
        this.recover(e, start);
      }
    }
    decl.bodyEnd = this.peek().start;
    this.closeBlock(open);
    decl.range.end = this.prevEnd();
  }

  private parseImportExport(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const kw = this.next();
    const kind = kw.value as 'import' | 'export';
    const first = this.peek();
    // `import a:b/c;` (a path: the `:` touches both names) versus `import name: extern-type`.
    const isPlain = first.kind === 'ident' && this.isOp(':', 1) && !(this.tight(1) && this.tight(2) && this.peek(2).kind === 'ident');
    if (!isPlain) {
      const path = this.parseUsePath();
      this.pathRef('interface', path, ctx);
      this.expectOp(';');
      this.items.push({
        kind, name: path.text, range: { start: kw.start, end: this.prevEnd() }, nameRange: path.range, path,
        ...ctxFields(ctx), doc, gates,
      });
      return;
    }
    const name = this.expectId(`an ${kind} name`);
    this.expectOp(':');
    const decl: WitDecl = {
      kind, name: name.value, range: { start: kw.start, end: name.end }, nameRange: { start: name.start, end: name.end },
      ...ctxFields(ctx), doc, gates,
    };
    this.items.push(decl);
    if (this.isKw('interface')) {
      this.next();
      const open = this.expectOp('{');
      decl.bodyStart = open.end;
      this.parseInterfaceItems({ container: name.value, containerKind: 'interface', package: ctx.package });
      decl.bodyEnd = this.peek().start;
      this.closeBlock(open);
      if (this.isOp(';')) this.next();
    } else if (this.isKw('func') || this.isKw('async')) {
      decl.async = this.parseFuncType(ctx);
      this.expectOp(';');
    } else if (this.peek().kind === 'ident') {
      const path = this.parseUsePath();
      this.pathRef('interface', path, ctx);
      this.expectOp(';');
    } else {
      this.fail('`func`, `async func`, `interface` or an interface path');
    }
    decl.range.end = this.prevEnd();
  }

  private parseInclude(ctx: Ctx) {
    this.expectKw('include');
    const path = this.parseUsePath();
    this.pathRef('world', path, ctx);
    if (this.isKw('with')) {
      this.next();
      this.expectOp('{');
      do {
        if (this.isOp('}')) break;
        this.expectId('a name to rename');
        this.expectKw('as');
        this.expectId('the new name');
      } while (this.isOp(',') && this.next());
      this.expectOp('}');
      if (this.isOp(';')) this.next();
    } else {
      this.expectOp(';');
    }
  }

  // --- items inside interfaces --------------------------------------------------------------

  private atTypedef(): boolean {
    const t = this.peek();
    if (t.kind !== 'keyword' || !TYPE_KINDS.has(t.value)) return false;
    // `type: func()` would be a function named like a keyword (an error reported later), not a typedef.
    return !this.isOp(':', 1);
  }

  private parseFuncItem(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const name = this.expectId('a function name');
    this.expectOp(':');
    const decl: WitDecl = {
      kind: 'func', name: name.value, range: { start: name.start, end: name.end },
      nameRange: { start: name.start, end: name.end }, ...ctxFields(ctx), funcKind: 'freestanding', doc, gates,
    };
    this.items.push(decl);
    decl.async = this.parseFuncType(ctx);
    this.expectOp(';');
    decl.range.end = this.prevEnd();
  }

  /** `async? func (params) (-> ty)?`; returns whether it is async. */
  private parseFuncType(ctx: Ctx): boolean {
    let isAsync = false;
    if (this.isKw('async')) {
      this.next();
      isAsync = true;
    }
    this.expectKw('func');
    this.parseParams(ctx);
    if (this.isOp('->')) {
      this.next();
      this.parseType(ctx);
    }
    return isAsync;
  }

  private parseParams(ctx: Ctx) {
    this.expectOp('(');
    while (!this.isOp(')')) {
      this.expectId('a parameter name');
      this.expectOp(':');
      this.parseType(ctx);
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp(')');
  }

  private parseTypedef(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const kw = this.next();
    const kind = kw.value as TypeKind;
    const name = this.expectId(`a ${kind} name`);
    const decl: WitDecl = {
      kind, name: name.value, range: { start: kw.start, end: name.end }, nameRange: { start: name.start, end: name.end },
      ...ctxFields(ctx), doc, gates,
    };
    this.items.push(decl);
    try {
      switch (kind) {
        case 'type':
          this.expectOp('=');
          this.parseType(ctx);
          this.expectOp(';');
          break;
        case 'resource':
          this.parseResourceBody(ctx, decl);
          break;
        case 'record':
          decl.members = this.parseCases(ctx, 'field');
          break;
        case 'variant':
          decl.members = this.parseCases(ctx, 'case');
          break;
        case 'enum':
        case 'flags':
          decl.members = this.parseCases(ctx, 'name');
          break;
      }
    } finally {
      decl.range.end = this.prevEnd();
    }
  }

  /** Braced, comma-separated record fields, variant cases, or enum/flags names. */
  private parseCases(ctx: Ctx, form: 'field' | 'case' | 'name'): WitMember[] {
    const members: WitMember[] = [];
    this.expectOp('{');
    while (!this.isOp('}')) {
      const doc = this.docs[this.i];
      this.parseGates();
      const n = this.expectId(form === 'field' ? 'a field name' : 'a case name');
      if (form === 'field') {
        this.expectOp(':');
        this.parseType(ctx);
      } else if (form === 'case' && this.isOp('(')) {
        this.next();
        this.parseType(ctx);
        this.expectOp(')');
      }
      members.push({ name: n.value, nameRange: { start: n.start, end: n.end }, range: { start: n.start, end: this.prevEnd() }, doc });
      if (!this.isOp(',')) break;
      this.next();
    }
    this.expectOp('}');
    if (members.length === 0) {
      const t = this.toks[this.i - 1]!;
      this.error(`a ${form === 'field' ? 'record needs at least one field' : 'type needs at least one case'}`, t.start, t.end, 'warning');
    }
    return members;
  }

  private parseResourceBody(ctx: Ctx, res: WitDecl) {
    if (this.isOp(';')) {
      this.next();
      return;
    }
    const open = this.expectOp('{');
    res.members = [];
    while (!this.isOp('}') && this.peek().kind !== EOF_KIND) {
      const start = this.i;
      try {
        const doc = this.docs[this.i];
        const gates = this.parseGates();
        if (this.isKw('constructor')) {
          const kw = this.next();
          const decl: WitDecl = {
            kind: 'func', name: 'constructor', range: { start: kw.start, end: kw.end }, nameRange: { start: kw.start, end: kw.end },
            ...ctxFields(ctx), resource: res.name, funcKind: 'constructor', doc, gates,
          };
          this.items.push(decl);
          this.parseParams(ctx);
          if (this.isOp('->')) {
            this.next();
            this.parseType(ctx);
          }
          this.expectOp(';');
          decl.range.end = this.prevEnd();
          res.members.push({ name: 'constructor', nameRange: decl.nameRange, range: decl.range, doc });
        } else {
          const name = this.expectId('a method name or `constructor`');
          this.expectOp(':');
          const decl: WitDecl = {
            kind: 'func', name: name.value, range: { start: name.start, end: name.end }, nameRange: { start: name.start, end: name.end },
            ...ctxFields(ctx), resource: res.name, funcKind: 'method', doc, gates,
          };
          this.items.push(decl);
          if (this.isKw('static')) {
            this.next();
            decl.funcKind = 'static';
          }
          decl.async = this.parseFuncType(ctx);
          this.expectOp(';');
          decl.range.end = this.prevEnd();
          res.members.push({ name: name.value, nameRange: decl.nameRange, range: decl.range, doc });
        }
      } catch (e) {
        this.recover(e, start);
      }
    }
    this.closeBlock(open);
    if (this.isOp(';')) this.next();
  }

  // --- types --------------------------------------------------------------------------------

  private parseType(ctx: Ctx) {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.next();
      this.refs.push({ kind: 'type', name: t.value, range: { start: t.start, end: t.end }, ...ctxFields(ctx) });
      return;
    }
    if (t.kind !== 'keyword') this.fail('a type');
    const kw = t.value;
    if (PRIMITIVE_TYPES.includes(kw)) {
      this.next();
      return;
    }
    switch (kw) {
      case 'list':
        this.next();
        this.expectOp('<');
        this.parseType(ctx);
        if (this.isOp(',')) {
          this.next();
          const n = this.peek();
          if (n.kind !== 'integer') this.fail('a fixed list length');
          this.next();
        }
        this.expectOp('>');
        return;
      case 'option':
        this.next();
        this.expectOp('<');
        this.parseType(ctx);
        this.expectOp('>');
        return;
      case 'result':
        this.next();
        if (!this.isOp('<')) return;
        this.next();
        if (this.isOp('_')) {
          this.next();
          this.expectOp(',');
          this.parseType(ctx);
        } else {
          this.parseType(ctx);
          if (this.isOp(',')) {
            this.next();
            this.parseType(ctx);
          }
        }
        this.expectOp('>');
        return;
      case 'tuple':
        this.next();
        this.expectOp('<');
        do {
          if (this.isOp('>')) break;
          this.parseType(ctx);
        } while (this.isOp(',') && this.next());
        this.expectOp('>');
        return;
      case 'map':
        this.next();
        this.expectOp('<');
        this.parseType(ctx);
        this.expectOp(',');
        this.parseType(ctx);
        this.expectOp('>');
        return;
      case 'borrow':
      case 'own': {
        this.next();
        this.expectOp('<');
        const id = this.expectId('a resource name');
        this.refs.push({ kind: 'type', name: id.value, range: { start: id.start, end: id.end }, ...ctxFields(ctx) });
        this.expectOp('>');
        return;
      }
      case 'future':
      case 'stream':
        this.next();
        if (this.isOp('<')) {
          this.next();
          this.parseType(ctx);
          this.expectOp('>');
        }
        return;
      default:
        this.fail('a type');
    }
  }
}

function ctxFields(ctx: Ctx): Pick<WitDecl, 'container' | 'containerKind' | 'package'> {
  const out: Pick<WitDecl, 'container' | 'containerKind' | 'package'> = {};
  if (ctx.container !== undefined) out.container = ctx.container;
  if (ctx.containerKind !== undefined) out.containerKind = ctx.containerKind;
  if (ctx.package !== undefined) out.package = ctx.package;
  return out;
}

/** Tokenizes and parses a WIT file into an outline with syntax errors. Never throws. */
export function parseWit(text: string): WitDocument {
  const lines = new LineIndex(text);
  const { tokens, errors } = lex(text, lines);
  const parser = new Parser(text, tokens, lines, errors);
  parser.parseFile();
  errors.sort((a, b) => a.start - b.start);
  return {
    text,
    lines,
    tokens,
    package: parser.rootPackage,
    packages: parser.packages,
    items: parser.items,
    uses: parser.uses,
    refs: parser.refs,
    errors,
  };
}

/** The significant token (not whitespace/comment) containing or ending at `offset`, preferring identifiers. */
export function tokenAt(doc: Pick<WitDocument, 'tokens'>, offset: number): Token | undefined {
  let best: Token | undefined;
  for (const t of doc.tokens) {
    if (t.start > offset) break;
    if (t.kind === 'ws' || t.kind === 'comment' || t.kind === 'doc') continue;
    if (offset >= t.start && offset < t.end) return t;
    if (offset === t.end && (t.kind === 'ident' || t.kind === 'keyword')) best = t;
  }
  return best;
}
