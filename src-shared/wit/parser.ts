// The one WIT parser: a tolerant recursive-descent parser from tokens to the syntax tree of
// syntax.ts, with error recovery so that one mistake does not hide the rest of the file.
// Grammar: component-model design/mvp/WIT.md (the item productions).

import {
  EOF_KIND,
  GATE_NAMES,
  LineIndex,
  PRIMITIVE_TYPES,
  TokenCursor,
  lex,
  type Range,
  type Token,
  type WitError,
} from './lexer';
import {
  TYPE_KINDS,
  type TypeKind,
  type UsePath,
  type WitDecl,
  type WitDocument,
  type WitGate,
  type WitMember,
  type WitPackage,
  type WitParamNode,
  type WitRef,
  type WitTypeNode,
  type WitUse,
  type WitUseName,
} from './syntax';

class ParseError extends Error {
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

interface Ctx {
  owner?: WitDecl;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  version?: string;
}

/** The context of the items inside `decl` (an interface, world, or inline interface). */
function inside(decl: WitDecl, kind: 'interface' | 'world', ctx: Ctx): Ctx {
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
    const ctx: Ctx = { package: this.rootPackage?.name, version: this.rootPackage?.version };
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
    const ctx: Ctx = { package: name, version };
    this.blockItems((doc, gates) => {
      if (this.isKw('interface')) this.parseInterface(ctx, doc, gates);
      else if (this.isKw('world')) this.parseWorld(ctx, doc, gates);
      else if (this.isKw('use')) this.parseTopUse(ctx);
      else this.fail('`interface`, `world` or `use`');
    });
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
    this.uses.push({ path, names: [], alias, ...ctxFields(ctx), range: { start: kw.start, end: this.prevEnd() } });
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
      nameRange: { start: name.start, end: name.end }, ...ctxFields(ctx), doc, gates,
    };
    this.items.push(decl);
    const open = this.expectOp('{');
    decl.bodyStart = open.end;
    this.parseInterfaceItems(inside(decl, 'interface', ctx));
    decl.bodyEnd = this.peek().start;
    this.closeBlock(open);
    decl.range.end = this.prevEnd();
  }

  /** The items of a block up to its closing `}`; an error skips one item, not the block. */
  private blockItems(item: (doc: string | undefined, gates: WitGate[]) => void) {
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

  private parseInterfaceItems(ctx: Ctx) {
    this.blockItems((doc, gates) => {
      if (this.isKw('use')) this.parseUseItem(ctx);
      else if (this.atTypedef()) this.parseTypedef(ctx, doc, gates);
      else if (this.peek().kind === 'ident' || this.peek().kind === 'keyword') this.parseFuncItem(ctx, doc, gates);
      else this.fail('a type, function or `use` item');
    });
  }

  private parseWorld(ctx: Ctx, doc: string | undefined, gates: WitGate[]) {
    const kw = this.expectKw('world');
    const name = this.expectId('a world name');
    const decl: WitDecl = {
      kind: 'world', name: name.value, range: { start: kw.start, end: name.end },
      nameRange: { start: name.start, end: name.end }, ...ctxFields(ctx), doc, gates, includes: [],
    };
    this.items.push(decl);
    const open = this.expectOp('{');
    decl.bodyStart = open.end;
    const inner = inside(decl, 'world', ctx);
    this.blockItems((idoc, igates) => {
      if (this.isKw('use')) this.parseUseItem(inner);
      else if (this.isKw('import') || this.isKw('export')) this.parseImportExport(inner, idoc, igates);
      else if (this.isKw('include')) decl.includes!.push(this.parseInclude(inner));
      else if (this.atTypedef()) this.parseTypedef(inner, idoc, igates);
      else this.fail('`import`, `export`, `include`, `use` or a type definition');
    });
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
        kind, name: path.text, range: { start: kw.start, end: this.prevEnd() }, nameRange: path.range, path, extern: 'path',
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
      decl.extern = 'interface';
      const open = this.expectOp('{');
      decl.bodyStart = open.end;
      this.parseInterfaceItems(inside(decl, 'interface', ctx));
      decl.bodyEnd = this.peek().start;
      this.closeBlock(open);
      if (this.isOp(';')) this.next();
    } else if (this.isKw('func') || this.isKw('async')) {
      decl.extern = 'func';
      this.parseFuncType(ctx, decl);
      this.expectOp(';');
    } else if (this.peek().kind === 'ident') {
      decl.extern = 'path';
      decl.target = this.parseUsePath();
      this.pathRef('interface', decl.target, ctx);
      this.expectOp(';');
    } else {
      this.fail('`func`, `async func`, `interface` or an interface path');
    }
    decl.range.end = this.prevEnd();
  }

  private parseInclude(ctx: Ctx): UsePath {
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
    return path;
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
    this.parseFuncType(ctx, decl);
    this.expectOp(';');
    decl.range.end = this.prevEnd();
  }

  /** `async? func (params) (-> ty)?`, recorded on `decl` as far as it parses. */
  private parseFuncType(ctx: Ctx, decl: WitDecl) {
    if (this.isKw('async')) {
      this.next();
      decl.async = true;
    }
    this.expectKw('func');
    this.parseParams(ctx, decl);
    if (this.isOp('->')) {
      this.next();
      decl.result = this.parseType(ctx);
    }
  }

  private parseParams(ctx: Ctx, decl: WitDecl) {
    const params: WitParamNode[] = (decl.params = []);
    this.expectOp('(');
    while (!this.isOp(')')) {
      const name = this.expectId('a parameter name');
      this.expectOp(':');
      params.push({ name: name.value, nameRange: { start: name.start, end: name.end }, type: this.parseType(ctx) });
      if (!this.isOp(',')) {
        if (!this.isOp(')')) this.fail('`,` or `)`');
        break;
      }
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
          decl.type = this.parseType(ctx);
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
      let type: WitTypeNode | undefined;
      if (form === 'field') {
        this.expectOp(':');
        type = this.parseType(ctx);
      } else if (form === 'case' && this.isOp('(')) {
        this.next();
        type = this.parseType(ctx);
        this.expectOp(')');
      }
      const member: WitMember = { name: n.value, nameRange: { start: n.start, end: n.end }, range: { start: n.start, end: this.prevEnd() }, doc };
      if (type) member.type = type;
      members.push(member);
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
    const members: WitMember[] = (res.members = []);
    this.blockItems((doc, gates) => {
      if (this.isKw('constructor')) {
        const kw = this.next();
        const decl: WitDecl = {
          kind: 'func', name: 'constructor', range: { start: kw.start, end: kw.end }, nameRange: { start: kw.start, end: kw.end },
          ...ctxFields(ctx), resource: res.name, funcKind: 'constructor', doc, gates,
        };
        this.items.push(decl);
        this.parseParams(ctx, decl);
        if (this.isOp('->')) {
          this.next();
          decl.result = this.parseType(ctx);
        }
        this.expectOp(';');
        decl.range.end = this.prevEnd();
        members.push({ name: 'constructor', nameRange: decl.nameRange, range: decl.range, doc });
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
        this.parseFuncType(ctx, decl);
        this.expectOp(';');
        decl.range.end = this.prevEnd();
        members.push({ name: name.value, nameRange: decl.nameRange, range: decl.range, doc });
      }
    });
    this.closeBlock(open);
    if (this.isOp(';')) this.next();
  }

  // --- types --------------------------------------------------------------------------------

  /** A type expression; names in it are recorded as references. */
  private parseType(ctx: Ctx): WitTypeNode {
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

function ctxFields(ctx: Ctx): Pick<WitDecl, 'owner' | 'container' | 'containerKind' | 'package' | 'version'> {
  const out: Pick<WitDecl, 'owner' | 'container' | 'containerKind' | 'package' | 'version'> = {};
  if (ctx.owner !== undefined) out.owner = ctx.owner;
  if (ctx.version !== undefined) out.version = ctx.version;
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

/** The use-path spelled by exactly these significant tokens of `text`, or undefined (completion reads unfinished text). */
export function usePathOf(text: string, toks: Token[]): UsePath | undefined {
  return new Parser(text, toks, new LineIndex(text), []).wholePath();
}

/** A use-path given as text, as studio.json names a world (`ns:pkg/name@1.0.0`, `name`); undefined when it is not one. */
export function parsePath(text: string): UsePath | undefined {
  const { tokens, errors } = lex(text);
  if (errors.length) return undefined;
  return usePathOf(text, tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment' && t.kind !== 'doc'));
}
