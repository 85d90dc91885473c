// The parts of the WIT parser below the items: the token helpers, error recovery, gates, use-paths
// and type expressions (parser.ts parses files, packages, interfaces and worlds on top of them).

import { EOF_KIND, GATE_NAMES, LineIndex, PRIMITIVE_TYPES, TokenCursor, type Range, type Token, type WitError } from './lexer';
import type { UsePath, WitDecl, WitGate, WitRef, WitTypeNode } from './syntax';

export class ParseError extends Error {
  constructor(
    message: string,
    readonly token: Token,
  ) {
    super(message);
  }
}

const ITEM_START = new Set([
  'interface', 'world', 'package', 'use', 'import', 'export', 'include', 'record', 'variant', 'enum', 'flags',
  'resource', 'type',
]);

export interface Ctx {
  owner?: WitDecl;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  version?: string;
}

/** The context of the items inside `decl` (an interface, world, or inline interface). */
export function inside(decl: WitDecl, kind: 'interface' | 'world', ctx: Ctx): Ctx {
  return { owner: decl, container: decl.name, containerKind: kind, package: ctx.package, version: ctx.version };
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

export class ParserBase extends TokenCursor {
  /** Doc comment text immediately preceding each significant token. */
  protected readonly docs: (string | undefined)[];
  /** Whether whitespace or a comment precedes each significant token. */
  protected readonly spaced: boolean[];
  readonly refs: WitRef[] = [];

  constructor(
    protected readonly text: string,
    all: Token[],
    protected readonly lines: LineIndex,
    readonly errors: WitError[],
  ) {
    const { toks, docs, spaced } = significant(all);
    super(toks, text.length);
    this.docs = docs;
    this.spaced = spaced;
  }

  // --- token helpers ------------------------------------------------------------------------

  protected prevEnd(): number {
    return this.i > 0 ? this.toks[this.i - 1]!.end : 0;
  }
  protected describe(t: Token): string {
    if (t.kind === EOF_KIND) return 'end of file';
    if (t.kind === 'keyword') return `keyword \`${t.text}\``;
    if (t.kind === 'ident') return `identifier \`${t.text}\``;
    return `\`${t.text}\``;
  }
  protected fail(expected: string, t: Token = this.peek()): never {
    throw new ParseError(`expected ${expected}, found ${this.describe(t)}`, t);
  }
  protected expectOp(op: string): Token {
    if (!this.isOp(op)) this.fail(`\`${op}\``);
    return this.next();
  }
  protected expectKw(kw: string): Token {
    if (!this.isKw(kw)) this.fail(`\`${kw}\``);
    return this.next();
  }
  protected expectId(what = 'an identifier'): Token {
    const t = this.peek();
    if (t.kind !== 'ident') {
      if (t.kind === 'keyword') this.fail(`${what} (\`${t.text}\` is a keyword; write \`%${t.text}\`)`);
      this.fail(what);
    }
    return this.next();
  }
  /** True when the tokens at k and k+1 touch (no whitespace between). */
  protected tight(k: number): boolean {
    return !this.spaced[this.i + k];
  }

  protected error(message: string, start: number, end: number, severity: 'error' | 'warning' = 'error') {
    this.errors.push({ message, start, end, ...this.lines.position(start), severity });
  }

  /**
   * Error recovery: report, then skip to the end of the current item — a `;` or a `}` that closes a
   * block opened by the item — without consuming a `}` that belongs to an enclosing block.
   */
  protected recover(e: unknown, itemStart: number) {
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

  protected startsLine(t: Token): boolean {
    for (let k = t.start - 1; k >= 0; k--) {
      const c = this.text[k];
      if (c === '\n') return true;
      if (c !== ' ' && c !== '\t' && c !== '\r') return false;
    }
    return true;
  }

  protected parseVersion(): string {
    const t = this.peek();
    if (t.kind !== 'version') this.fail('a semver version such as `1.0.0`');
    this.next();
    return t.text;
  }

  /** Consumes the `}` closing a block, reporting a missing one at the opener. */
  protected closeBlock(opener: Token) {
    if (this.isOp('}')) {
      this.next();
      return;
    }
    this.error(`unclosed block: expected \`}\``, opener.start, opener.end);
  }

  // --- gates --------------------------------------------------------------------------------

  protected parseGates(): WitGate[] {
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

  protected parseUsePath(): UsePath {
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

  /** The path spelled by all the remaining tokens, or undefined. */
  wholePath(): UsePath | undefined {
    try {
      const path = this.parseUsePath();
      return this.atEnd() ? path : undefined;
    } catch (e) {
      if (e instanceof ParseError) return undefined;
      throw e;
    }
  }

  protected pathRef(kind: 'interface' | 'world', path: UsePath, ctx: Ctx) {
    this.refs.push({ kind, name: path.name, range: path.range, path, ...ctxFields(ctx) });
  }

  /** The items of a block up to its closing `}`; an error skips one item, not the block. */
  protected blockItems(item: (doc: string | undefined, gates: WitGate[]) => void) {
    while (!this.isOp('}') && this.peek().kind !== EOF_KIND) {
      const start = this.i;
      try {
        const doc = this.docs[this.i];
        item(doc, this.parseGates());
      } catch (e) {
        this.recover(e, start);
      }
    }
  }

  // --- types --------------------------------------------------------------------------------

  /** A type expression; names in it are recorded as references. */
  protected parseType(ctx: Ctx): WitTypeNode {
    const t = this.peek();
    const from = t.start;
    const range = (): Range => ({ start: from, end: this.prevEnd() });
    if (t.kind === 'ident') {
      this.next();
      this.refs.push({ kind: 'type', name: t.value, range: { start: t.start, end: t.end }, ...ctxFields(ctx) });
      return { t: 'ref', name: t.value, range: range() };
    }
    if (t.kind !== 'keyword') this.fail('a type');
    const kw = t.value;
    if (PRIMITIVE_TYPES.includes(kw)) {
      this.next();
      return { t: 'prim', name: kw, range: range() };
    }
    switch (kw) {
      case 'list': {
        this.next();
        this.expectOp('<');
        const element = this.parseType(ctx);
        let length: number | undefined;
        if (this.isOp(',')) {
          this.next();
          const n = this.peek();
          if (n.kind !== 'integer') this.fail('a fixed list length');
          this.next();
          length = Number(n.text);
        }
        this.expectOp('>');
        return length === undefined ? { t: 'list', element, range: range() } : { t: 'list', element, length, range: range() };
      }
      case 'option': {
        this.next();
        this.expectOp('<');
        const some = this.parseType(ctx);
        this.expectOp('>');
        return { t: 'option', some, range: range() };
      }
      case 'result': {
        this.next();
        if (!this.isOp('<')) return { t: 'result', ok: null, err: null, range: range() };
        this.next();
        let ok: WitTypeNode | null = null;
        let err: WitTypeNode | null = null;
        if (this.isOp('_')) {
          this.next();
          this.expectOp(',');
          err = this.parseType(ctx);
        } else {
          ok = this.parseType(ctx);
          if (this.isOp(',')) {
            this.next();
            err = this.parseType(ctx);
          }
        }
        this.expectOp('>');
        return { t: 'result', ok, err, range: range() };
      }
      case 'tuple': {
        this.next();
        this.expectOp('<');
        const elements: WitTypeNode[] = [];
        do {
          if (this.isOp('>')) break;
          elements.push(this.parseType(ctx));
        } while (this.isOp(',') && this.next());
        this.expectOp('>');
        return { t: 'tuple', elements, range: range() };
      }
      case 'map': {
        this.next();
        this.expectOp('<');
        const key = this.parseType(ctx);
        this.expectOp(',');
        const value = this.parseType(ctx);
        this.expectOp('>');
        return { t: 'map', key, value, range: range() };
      }
      case 'borrow':
      case 'own': {
        this.next();
        this.expectOp('<');
        const id = this.expectId('a resource name');
        const nameRange = { start: id.start, end: id.end };
        this.refs.push({ kind: 'type', name: id.value, range: nameRange, ...ctxFields(ctx) });
        this.expectOp('>');
        return { t: 'handle', what: kw, name: id.value, nameRange, range: range() };
      }
      case 'future':
      case 'stream': {
        this.next();
        let element: WitTypeNode | null = null;
        if (this.isOp('<')) {
          this.next();
          element = this.parseType(ctx);
          this.expectOp('>');
        }
        return { t: kw, element, range: range() };
      }
      default:
        this.fail('a type');
    }
  }
}

export function ctxFields(ctx: Ctx): Pick<WitDecl, 'owner' | 'container' | 'containerKind' | 'package' | 'version'> {
  const out: Pick<WitDecl, 'owner' | 'container' | 'containerKind' | 'package' | 'version'> = {};
  if (ctx.owner !== undefined) out.owner = ctx.owner;
  if (ctx.version !== undefined) out.version = ctx.version;
  if (ctx.container !== undefined) out.container = ctx.container;
  if (ctx.containerKind !== undefined) out.containerKind = ctx.containerKind;
  if (ctx.package !== undefined) out.package = ctx.package;
  return out;
}
