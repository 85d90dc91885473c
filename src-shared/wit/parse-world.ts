// Exported functions of a world, with every type resolved, from WIT text: the text jco's
// `componentWit(bytes)` prints for a component, or WIT sources. Lexing reuses the editor's
// tokenizer; this file adds a small structural parser that keeps type expressions, which the
// editor's outline parser does not.
//
// jco's `componentWit` prints only the component's root package: an exported interface of a
// named package (`export wasi:cli/run@0.2.3;`, `export my:pkg/api;`) appears by name only. Its
// functions resolve when that package's WIT is passed in `deps` (the project's wit/ folder, the
// vendored WASI WIT); otherwise the interface is reported with `unresolved` set.

import { LineIndex, lex, TokenCursor, type Token } from './tokenizer';
import {
  RESOURCE_REASON,
  camelCase,
  unsupportedReason,
  type PrimitiveKind,
  type WitFunction,
  type WitInterfaceExport,
  type WitType,
  type WitUnsupported,
  type WitWorldExports,
} from './types';

const ASYNC_VALUE_REASON = 'future and stream types cannot be passed from the studio yet';

export interface ParseWorldOptions {
  /** Which world to read when the text has several (default: the only world of `text`). */
  world?: string;
  /** Further WIT texts (packages) in which `use`d and exported interfaces of other packages are looked up. */
  deps?: readonly string[];
}

export class WitSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    /** 0 for `text`, 1.. for `deps[i - 1]`. */
    readonly source: number,
  ) {
    super(`${message} (line ${line}, column ${column}${source ? ` of dependency ${source}` : ''})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Syntax tree
// ---------------------------------------------------------------------------------------------

type TypeExpr =
  | { t: 'prim'; kind: PrimitiveKind }
  | { t: 'list'; element: TypeExpr }
  | { t: 'option'; some: TypeExpr }
  | { t: 'result'; ok: TypeExpr | null; err: TypeExpr | null }
  | { t: 'tuple'; elements: TypeExpr[] }
  | { t: 'handle'; what: 'own' | 'borrow'; name: string }
  | { t: 'unsupported'; what: 'future' | 'stream' | 'error-context' | 'map' }
  | { t: 'ref'; name: string };

type TypeDef =
  | { t: 'alias'; name: string; type: TypeExpr }
  | { t: 'record'; name: string; fields: { name: string; type: TypeExpr }[] }
  | { t: 'variant'; name: string; cases: { name: string; type: TypeExpr | null }[] }
  | { t: 'enum'; name: string; cases: string[] }
  | { t: 'flags'; name: string; flags: string[] }
  | { t: 'resource'; name: string };

interface PathRef {
  /** `ns:pkg` when qualified. */
  pkg?: string;
  version?: string;
  name: string;
  text: string;
}

interface FuncDecl {
  name: string;
  async: boolean;
  params: { name: string; type: TypeExpr }[];
  result: TypeExpr | null;
}

interface Scope {
  kind: 'interface' | 'world';
  name: string;
  pkg: string;
  version?: string;
  types: Map<string, TypeDef>;
  uses: Map<string, { path: PathRef; name: string }>;
  funcs: FuncDecl[];
  exports: WorldExport[];
  includes: PathRef[];
  source: number;
}

type WorldExport =
  | { t: 'func'; func: FuncDecl }
  | { t: 'inline'; name: string; scope: Scope }
  | { t: 'path'; path: PathRef };

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

const PRIMS = new Set<string>(['bool', 's8', 's16', 's32', 's64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'char', 'string']);
class Parser extends TokenCursor {
  readonly interfaces: Scope[] = [];
  readonly worlds: Scope[] = [];
  private readonly lines: LineIndex;

  constructor(
    private readonly text: string,
    private readonly source: number,
  ) {
    const lines = new LineIndex(text);
    const { tokens, errors } = lex(text, lines);
    super(
      tokens.filter((t) => t.kind !== 'ws' && t.kind !== 'comment' && t.kind !== 'doc'),
      text.length,
    );
    this.lines = lines;
    if (errors.length) this.failAt(errors[0]!.message, errors[0]!.start);
  }

  // --- helpers ------------------------------------------------------------------------------

  private failAt(message: string, offset: number): never {
    const { line, column } = this.lines.position(offset);
    throw new WitSyntaxError(message, offset, line, column, this.source);
  }
  private fail(expected: string): never {
    const t = this.peek();
    const found = this.atEnd() ? 'end of text' : `\`${t.text}\``;
    this.failAt(`expected ${expected}, found ${found}`, t.start);
  }
  private op(op: string): void {
    if (!this.isOp(op)) this.fail(`\`${op}\``);
    this.i++;
  }
  private kw(kw: string): void {
    if (!this.isKw(kw)) this.fail(`\`${kw}\``);
    this.i++;
  }
  private id(what = 'a name'): string {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(what);
    this.i++;
    return t.value;
  }
  /** Skips `@since(...)`, `@unstable(...)`, `@deprecated(...)` gates. */
  private gates(): void {
    while (this.isOp('@')) {
      this.i++;
      this.id('a gate name');
      if (this.isOp('(')) this.skipBalanced('(', ')');
    }
  }
  private skipBalanced(open: string, close: string): void {
    this.op(open);
    let depth = 1;
    while (depth > 0) {
      if (this.atEnd()) this.fail(`\`${close}\``);
      const t = this.next();
      if (t.kind === 'op' && t.text === open) depth++;
      else if (t.kind === 'op' && t.text === close) depth--;
    }
  }
  /** Comma-separated items up to `close` (trailing comma allowed). */
  private commaList(close: string, item: () => void): void {
    while (!this.isOp(close)) {
      item();
      if (!this.isOp(',')) {
        if (!this.isOp(close)) this.fail(`\`,\` or \`${close}\``);
        break;
      }
      this.i++;
    }
    this.op(close);
  }

  // --- files and packages ---------------------------------------------------------------------

  parseFile(): void {
    let pkg = '';
    let version: string | undefined;
    this.gates();
    if (this.isKw('package')) {
      const save = this.i;
      this.i++;
      const p = this.packageName();
      if (this.isOp(';')) {
        this.i++;
        pkg = p.pkg;
        version = p.version;
      } else this.i = save;
    }
    while (!this.atEnd()) this.topItem(pkg, version);
  }

  private packageName(): { pkg: string; version?: string } {
    const parts = [this.id('a package namespace')];
    this.op(':');
    parts.push(this.id('a package name'));
    while (this.isOp(':')) {
      this.i++;
      parts.push(this.id('a package name'));
    }
    let version: string | undefined;
    if (this.isOp('@')) {
      this.i++;
      version = this.version();
    }
    return { pkg: parts.join(':'), version };
  }

  private version(): string {
    const t = this.peek();
    if (t.kind !== 'version') this.fail('a version');
    this.i++;
    return t.text;
  }

  private topItem(pkg: string, version: string | undefined): void {
    this.gates();
    if (this.isKw('package')) {
      this.i++;
      const p = this.packageName();
      this.op('{');
      while (!this.isOp('}')) {
        if (this.atEnd()) this.fail('`}`');
        this.topItem(p.pkg, p.version);
      }
      this.op('}');
    } else if (this.isKw('interface')) {
      this.i++;
      const scope = this.newScope('interface', this.id('an interface name'), pkg, version);
      this.op('{');
      this.interfaceItems(scope);
      this.interfaces.push(scope);
    } else if (this.isKw('world')) {
      this.i++;
      const scope = this.newScope('world', this.id('a world name'), pkg, version);
      this.op('{');
      this.worldItems(scope);
      this.worlds.push(scope);
    } else if (this.isKw('use')) {
      // Top-level `use a:b/c as d;`: an alias of a whole interface, not needed for exports.
      while (!this.isOp(';')) {
        if (this.atEnd()) this.fail('`;`');
        this.i++;
      }
      this.i++;
    } else this.fail('`package`, `interface`, `world` or `use`');
  }

  private newScope(kind: 'interface' | 'world', name: string, pkg: string, version: string | undefined): Scope {
    return { kind, name, pkg, version, types: new Map(), uses: new Map(), funcs: [], exports: [], includes: [], source: this.source };
  }

  // --- interfaces and worlds ------------------------------------------------------------------

  /** Items up to and including the closing `}`. */
  private interfaceItems(scope: Scope): void {
    for (;;) {
      this.gates();
      if (this.isOp('}')) {
        this.i++;
        return;
      }
      if (this.atEnd()) this.fail('`}`');
      if (this.isKw('use')) this.useItem(scope);
      else if (this.typedef(scope)) continue;
      else {
        const name = this.id('a function, type or `use`');
        this.op(':');
        scope.funcs.push(this.funcType(name));
        this.op(';');
      }
    }
  }

  private worldItems(scope: Scope): void {
    for (;;) {
      this.gates();
      if (this.isOp('}')) {
        this.i++;
        return;
      }
      if (this.atEnd()) this.fail('`}`');
      if (this.isKw('use')) this.useItem(scope);
      else if (this.isKw('include')) {
        this.i++;
        scope.includes.push(this.usePath());
        if (this.isKw('with')) {
          this.i++;
          this.skipBalanced('{', '}');
        }
        this.op(';');
      } else if (this.isKw('import') || this.isKw('export')) {
        const exporting = this.next().value === 'export';
        this.externItem(scope, exporting);
      } else if (!this.typedef(scope)) this.fail('`import`, `export`, `include`, `use` or a type definition');
    }
  }

  private externItem(world: Scope, exporting: boolean): void {
    // `name: func(...)`, `name: interface {...}`, or a path (`iface`, `ns:pkg/iface@1.0.0`).
    // A path also starts `ns:`; a named item has `func`, `async` or `interface` after the colon.
    const named = this.peek().kind === 'ident' && this.isOp(':', 1) && (this.isKw('func', 2) || this.isKw('async', 2) || this.isKw('interface', 2));
    if (named) {
      const name = this.id();
      this.op(':');
      if (this.isKw('interface')) {
        this.i++;
        const inner = this.newScope('interface', name, world.pkg, world.version);
        this.op('{');
        this.interfaceItems(inner);
        if (exporting) world.exports.push({ t: 'inline', name, scope: inner });
        return;
      }
      const func = this.funcType(name);
      this.op(';');
      if (exporting) world.exports.push({ t: 'func', func });
      return;
    }
    const path = this.usePath();
    this.op(';');
    if (exporting) world.exports.push({ t: 'path', path });
  }

  /** `iface` or `ns:pkg/iface@1.2.3` (also nested `ns:pkg:sub/a/b`). */
  private usePath(): PathRef {
    const start = this.peek().start;
    const first = this.id('an interface name');
    if (!this.isOp(':')) return { name: first, text: first };
    const parts = [first];
    while (this.isOp(':')) {
      this.i++;
      parts.push(this.id('a package name'));
    }
    this.op('/');
    let name = this.id('an interface name');
    while (this.isOp('/')) {
      this.i++;
      name = this.id('an interface name');
    }
    let version: string | undefined;
    if (this.isOp('@')) {
      this.i++;
      version = this.version();
    }
    return { pkg: parts.join(':'), version, name, text: this.text.slice(start, this.peek(-1).end) };
  }

  private useItem(scope: Scope): void {
    this.kw('use');
    const path = this.usePath();
    this.op('.');
    this.op('{');
    this.commaList('}', () => {
      const name = this.id('a type name');
      let local = name;
      if (this.isKw('as')) {
        this.i++;
        local = this.id('a type name');
      }
      scope.uses.set(local, { path, name });
    });
    this.op(';');
  }

  private funcType(name: string): FuncDecl {
    let isAsync = false;
    if (this.isKw('async')) {
      this.i++;
      isAsync = true;
    }
    this.kw('func');
    this.op('(');
    const params: FuncDecl['params'] = [];
    this.commaList(')', () => {
      const p = this.id('a parameter name');
      this.op(':');
      params.push({ name: p, type: this.type() });
    });
    let result: TypeExpr | null = null;
    if (this.isOp('->')) {
      this.i++;
      result = this.type();
    }
    return { name, async: isAsync, params, result };
  }

  /** A type definition, if one starts here. */
  private typedef(scope: Scope): boolean {
    const t = this.peek();
    if (t.kind !== 'keyword') return false;
    switch (t.value) {
      case 'type': {
        this.i++;
        const name = this.id('a type name');
        this.op('=');
        scope.types.set(name, { t: 'alias', name, type: this.type() });
        this.op(';');
        return true;
      }
      case 'record': {
        this.i++;
        const name = this.id('a record name');
        const fields: { name: string; type: TypeExpr }[] = [];
        this.op('{');
        this.commaList('}', () => {
          const f = this.id('a record field name');
          this.op(':');
          fields.push({ name: f, type: this.type() });
        });
        scope.types.set(name, { t: 'record', name, fields });
        return true;
      }
      case 'variant': {
        this.i++;
        const name = this.id('a variant name');
        const cases: { name: string; type: TypeExpr | null }[] = [];
        this.op('{');
        this.commaList('}', () => {
          const c = this.id('a variant case name');
          let type: TypeExpr | null = null;
          if (this.isOp('(')) {
            this.i++;
            type = this.type();
            this.op(')');
          }
          cases.push({ name: c, type });
        });
        scope.types.set(name, { t: 'variant', name, cases });
        return true;
      }
      case 'enum':
      case 'flags': {
        this.i++;
        const name = this.id(`${t.value === 'enum' ? 'an enum' : 'a flags'} name`);
        const cases: string[] = [];
        this.op('{');
        this.commaList('}', () => {
          cases.push(this.id(t.value === 'enum' ? 'an enum case name' : 'a flag name'));
        });
        scope.types.set(name, t.value === 'enum' ? { t: 'enum', name, cases } : { t: 'flags', name, flags: cases });
        return true;
      }
      case 'resource': {
        this.i++;
        const name = this.id('a resource name');
        if (this.isOp('{')) this.skipBalanced('{', '}');
        else this.op(';');
        scope.types.set(name, { t: 'resource', name });
        return true;
      }
      default:
        return false;
    }
  }

  private type(): TypeExpr {
    const t = this.peek();
    if (t.kind === 'ident') {
      this.i++;
      return { t: 'ref', name: t.value };
    }
    if (t.kind !== 'keyword') this.fail('a type');
    this.i++;
    const kw = t.value;
    if (PRIMS.has(kw)) return { t: 'prim', kind: kw as PrimitiveKind };
    switch (kw) {
      case 'list': {
        this.op('<');
        const element = this.type();
        if (this.isOp(',')) {
          // Fixed-size list `list<T, N>`: lowered by jco like a tuple; not supported here.
          this.i++;
          this.next();
          this.op('>');
          return { t: 'unsupported', what: 'map' };
        }
        this.op('>');
        return { t: 'list', element };
      }
      case 'option': {
        this.op('<');
        const some = this.type();
        this.op('>');
        return { t: 'option', some };
      }
      case 'result': {
        if (!this.isOp('<')) return { t: 'result', ok: null, err: null };
        this.i++;
        let ok: TypeExpr | null = null;
        let err: TypeExpr | null = null;
        if (this.isOp('_')) this.i++;
        else ok = this.type();
        if (this.isOp(',')) {
          this.i++;
          err = this.type();
        }
        this.op('>');
        return { t: 'result', ok, err };
      }
      case 'tuple': {
        this.op('<');
        const elements: TypeExpr[] = [];
        this.commaList('>', () => elements.push(this.type()));
        return { t: 'tuple', elements };
      }
      case 'own':
      case 'borrow': {
        this.op('<');
        const name = this.id('a resource name');
        this.op('>');
        return { t: 'handle', what: kw, name };
      }
      case 'future':
      case 'stream': {
        if (this.isOp('<')) this.skipBalanced('<', '>');
        return { t: 'unsupported', what: kw };
      }
      case 'error-context':
        return { t: 'unsupported', what: 'error-context' };
      case 'map':
        this.skipBalanced('<', '>');
        return { t: 'unsupported', what: 'map' };
      default:
        this.failAt(`expected a type, found \`${t.text}\``, t.start);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

class Resolver {
  private readonly memo = new Map<TypeDef, WitType>();
  private readonly active = new Set<TypeDef>();

  constructor(private readonly interfaces: Scope[]) {}

  /** The interface a path names, seen from `from` (relative names are in `from`'s package). */
  findInterface(path: PathRef, from: Scope): Scope | undefined {
    const pkg = path.pkg ?? from.pkg;
    const candidates = this.interfaces.filter((s) => s.pkg === pkg && s.name === path.name);
    const version = path.pkg ? path.version : from.version;
    return (
      candidates.find((s) => s.version === version) ??
      // Another patch or minor of the same package (e.g. the vendored WASI 0.2.12 for a 0.2.3 export).
      candidates.find((s) => majorMinor(s.version) === majorMinor(version)) ??
      candidates[0]
    );
  }

  resolveExpr(e: TypeExpr, scope: Scope): WitType {
    switch (e.t) {
      case 'prim':
        return { kind: e.kind };
      case 'list':
        return { kind: 'list', element: this.resolveExpr(e.element, scope) };
      case 'option':
        return { kind: 'option', some: this.resolveExpr(e.some, scope) };
      case 'result':
        return {
          kind: 'result',
          ok: e.ok ? this.resolveExpr(e.ok, scope) : null,
          err: e.err ? this.resolveExpr(e.err, scope) : null,
        };
      case 'tuple':
        return { kind: 'tuple', elements: e.elements.map((x) => this.resolveExpr(x, scope)) };
      case 'handle':
        return { kind: 'unsupported', what: e.what, name: e.name, reason: RESOURCE_REASON };
      case 'unsupported':
        return {
          kind: 'unsupported',
          what: e.what,
          reason: e.what === 'map' ? 'map and fixed-size list types are not supported yet' : e.what === 'error-context' ? 'error-context values cannot be passed from the studio yet' : ASYNC_VALUE_REASON,
        };
      case 'ref':
        return this.resolveName(e.name, scope, []);
    }
  }

  private resolveName(name: string, scope: Scope, trail: string[]): WitType {
    const def = scope.types.get(name);
    if (def) return this.resolveDef(def, scope);
    const used = scope.uses.get(name);
    if (used) {
      const target = this.findInterface(used.path, scope);
      if (!target) return unresolved(name, `type \`${name}\` comes from \`${used.path.text}\`, whose WIT is not available`);
      const key = `${target.pkg}/${target.name}.${used.name}`;
      if (trail.includes(key)) return unresolved(name, `type \`${name}\` is used in a cycle`);
      return this.resolveName(used.name, target, [...trail, key]);
    }
    return unresolved(name, `type \`${name}\` is not defined in \`${scope.name}\``);
  }

  private resolveDef(def: TypeDef, scope: Scope): WitType {
    const hit = this.memo.get(def);
    if (hit) return hit;
    if (this.active.has(def)) return unresolved(def.name, `type \`${def.name}\` refers to itself`);
    this.active.add(def);
    let out: WitType;
    switch (def.t) {
      case 'alias': {
        const inner = this.resolveExpr(def.type, scope);
        // Keep the alias name on structural types (`type meters = f64` prints as `meters`);
        // named types (records etc.) keep their own name.
        out = 'name' in inner && inner.name ? inner : ({ ...inner, name: def.name } as WitType);
        break;
      }
      case 'record':
        out = { kind: 'record', name: def.name, fields: def.fields.map((f) => ({ name: f.name, type: this.resolveExpr(f.type, scope) })) };
        break;
      case 'variant':
        out = { kind: 'variant', name: def.name, cases: def.cases.map((c) => ({ name: c.name, type: c.type ? this.resolveExpr(c.type, scope) : null })) };
        break;
      case 'enum':
        out = { kind: 'enum', name: def.name, cases: [...def.cases] };
        break;
      case 'flags':
        out = { kind: 'flags', name: def.name, flags: [...def.flags] };
        break;
      case 'resource':
        out = { kind: 'unsupported', what: 'resource', name: def.name, reason: RESOURCE_REASON };
        break;
    }
    this.active.delete(def);
    this.memo.set(def, out);
    return out;
  }

  func(f: FuncDecl, scope: Scope): WitFunction {
    const params = f.params.map((p) => ({ name: p.name, type: this.resolveExpr(p.type, scope) }));
    const result = f.result ? this.resolveExpr(f.result, scope) : null;
    const out: WitFunction = { name: f.name, jsName: camelCase(f.name), params, result };
    if (f.async) out.async = true;
    const reason = [...params.map((p) => p.type), ...(result ? [result] : [])].map((t) => unsupportedReason(t)).find((r) => r);
    if (reason) out.unsupported = reason;
    return out;
  }
}

function unresolved(name: string, reason: string): WitUnsupported {
  return { kind: 'unsupported', what: 'unresolved', name, reason };
}

function majorMinor(v: string | undefined): string | undefined {
  const m = v && /^(\d+)\.(\d+)/.exec(v);
  if (!m) return v;
  return m[1] === '0' ? `0.${m[2]}` : m[1];
}

/** Parses WIT text into its interfaces and worlds; throws WitSyntaxError. */
function parseText(text: string, source: number): { interfaces: Scope[]; worlds: Scope[] } {
  const p = new Parser(text, source);
  p.parseFile();
  return { interfaces: p.interfaces, worlds: p.worlds };
}

/**
 * The exported functions of a world — top-level `export f: func(...)` and the functions of
 * exported interfaces — with all types resolved. Throws WitSyntaxError on malformed text.
 */
export function parseWorld(text: string, options: ParseWorldOptions = {}): WitWorldExports {
  const main = parseText(text, 0);
  const deps = (options.deps ?? []).map((d, i) => parseText(d, i + 1));
  const interfaces = [...main.interfaces, ...deps.flatMap((d) => d.interfaces)];
  const worlds = [...main.worlds, ...deps.flatMap((d) => d.worlds)];
  let world: Scope | undefined;
  if (options.world) {
    world = main.worlds.find((w) => w.name === options.world) ?? worlds.find((w) => w.name === options.world);
    if (!world) throw new Error(`no world named \`${options.world}\` in the WIT text`);
  } else if (main.worlds.length === 1) world = main.worlds[0];
  else if (main.worlds.length === 0) throw new Error('the WIT text defines no world');
  else throw new Error(`the WIT text defines several worlds (${main.worlds.map((w) => w.name).join(', ')}): say which one`);

  const resolver = new Resolver(interfaces);
  const out: WitWorldExports = { world: world.name, functions: [], interfaces: [] };
  const seenWorlds = new Set<Scope>();
  const collect = (w: Scope) => {
    if (seenWorlds.has(w)) return;
    seenWorlds.add(w);
    for (const inc of w.includes) {
      const pkg = inc.pkg ?? w.pkg;
      const target = worlds.find((x) => x.pkg === pkg && x.name === inc.name);
      if (target) collect(target);
    }
    for (const e of w.exports) {
      if (e.t === 'func') out.functions.push(resolver.func(e.func, w));
      else if (e.t === 'inline') out.interfaces.push(interfaceExport(e.name, camelCase(e.name), e.scope, resolver));
      else {
        const target = resolver.findInterface(e.path, w);
        const jsName = camelCase(e.path.name);
        if (target) out.interfaces.push(interfaceExport(e.path.text, jsName, target, resolver));
        else
          out.interfaces.push({
            name: e.path.text,
            jsName,
            functions: [],
            unresolved: `the WIT of \`${e.path.text}\` is not available: its functions cannot be listed`,
          });
      }
    }
  };
  collect(world);
  return out;
}

function interfaceExport(name: string, jsName: string, scope: Scope, resolver: Resolver): WitInterfaceExport {
  return { name, jsName, functions: scope.funcs.map((f) => resolver.func(f, scope)) };
}
