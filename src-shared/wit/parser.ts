// The one WIT parser: a tolerant recursive-descent parser from tokens to the syntax tree of
// syntax.ts, with error recovery so that one mistake does not hide the rest of the file.
// Grammar: component-model design/mvp/WIT.md (the item productions).

import { EOF_KIND, LineIndex, lex, type Range, type Token } from './lexer';
import { ParserBase, ctxFields, inside, type Ctx } from './parser-base';
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
  type WitTypeNode,
  type WitUse,
  type WitUseName,
} from './syntax';

class Parser extends ParserBase {
  readonly items: WitDecl[] = [];
  readonly uses: WitUse[] = [];
  readonly packages: WitPackage[] = [];
  rootPackage?: WitPackage;

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
