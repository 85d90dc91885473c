// Pure WIT language features on the one syntax tree and resolver of src-shared/wit: completion
// candidates, hover text and definition lookup. No DOM, no Monaco: `providers.ts` adapts these to Monaco.

import {
  GATE_NAMES,
  PRIMITIVE_TYPES,
  TYPE_CONSTRUCTORS,
  isKeywordToken,
  isOpToken,
  lex,
  tokenAt,
  type Range,
  type Token,
  type WitError,
} from '../../../src-shared/wit/lexer';
import { usePathOf } from '../../../src-shared/wit/parser';
import { WitResolver, pathProblems, siteIn, siteOf, witFile, type Resolved, type Site, type WitFile } from '../../../src-shared/wit/resolver';
import { TYPE_KINDS, type WitDecl, type WitDocument } from '../../../src-shared/wit/syntax';

export { witFile, type WitFile } from '../../../src-shared/wit/resolver';

/** Other WIT files visible to the current one: open `.wit` models and the vendored WASI packages. */
export interface WitScope {
  files: readonly WitFile[];
}

export const EMPTY_SCOPE: WitScope = { files: [] };

function allFiles(file: WitFile, scope: WitScope): WitFile[] {
  return [file, ...scope.files.filter((f) => f.uri !== file.uri)];
}

/** The one resolver (src-shared/wit/resolver.ts) over the current file and its scope. */
function resolverFor(file: WitFile, scope: WitScope): WitResolver {
  return new WitResolver(allFiles(file, scope));
}

const qualifiedName = (decl: WitDecl) => WitResolver.qualifiedName(decl);

/** The file's syntax errors, then the package references the version rule rejects. */
export function fileProblems(file: WitFile, scope: WitScope = EMPTY_SCOPE): WitError[] {
  return [...file.doc.errors, ...pathProblems(resolverFor(file, scope), file)];
}

/** Where names are looked up at a position inside `container` (or at the top level of the file). */
function siteAt(file: WitFile, container: WitDecl | undefined): Site {
  if (container) return siteIn({ file, decl: container });
  return { file, package: file.doc.package?.name, version: file.doc.package?.version };
}

/** Innermost interface/world (or inline `import x: interface {}`) whose body contains `offset`. */
export function containerAt(doc: WitDocument, offset: number): WitDecl | undefined {
  let best: WitDecl | undefined;
  for (const d of doc.items) {
    if (d.bodyStart === undefined || d.bodyEnd === undefined) continue;
    if (offset < d.bodyStart || offset > d.bodyEnd) continue;
    if (!best || d.bodyStart >= best.bodyStart!) best = d;
  }
  return best;
}

function within(r: Range, offset: number): boolean {
  return offset >= r.start && offset <= r.end;
}

type Symbol =
  | { kind: 'decl'; target: Resolved; range: Range }
  | { kind: 'member'; file: WitFile; decl: WitDecl; member: NonNullable<WitDecl['members']>[number]; range: Range }
  | { kind: 'builtin'; name: string; range: Range };

/** What the identifier at `offset` denotes. */
function symbolAt(file: WitFile, offset: number, scope: WitScope): Symbol | undefined {
  const resolver = resolverFor(file, scope);
  const tok = tokenAt(file.doc, offset);
  if (!tok) return undefined;
  const range = { start: tok.start, end: tok.end };
  if (tok.kind === 'keyword' && (PRIMITIVE_TYPES.includes(tok.value) || TYPE_CONSTRUCTORS.includes(tok.value) || BUILTIN_DOCS[tok.value])) {
    return { kind: 'builtin', name: tok.value, range };
  }
  for (const d of file.doc.items) {
    if (d.path) continue; // `import iface;` names an interface: handled as a reference below
    if (within(d.nameRange, offset) && tok.start >= d.nameRange.start && tok.end <= d.nameRange.end) {
      return { kind: 'decl', target: { file, decl: d }, range: d.nameRange };
    }
    for (const m of d.members ?? []) {
      if (within(m.nameRange, offset) && d.kind !== 'resource') return { kind: 'member', file, decl: d, member: m, range: m.nameRange };
    }
  }
  for (const r of file.doc.refs) {
    if (!within(r.range, offset)) continue;
    const site = siteOf(file, r);
    let target: Resolved | undefined;
    if (r.kind === 'type') target = resolver.resolveType(r.name, site);
    else if (r.kind === 'interface' || r.kind === 'world') target = resolver.resolvePath(r.path!, site, r.kind);
    else {
      const iface = resolver.resolvePath(r.path!, site);
      if (iface) target = resolver.resolveType(r.name, siteIn(iface));
    }
    if (target) return { kind: 'decl', target, range: r.range };
    return undefined;
  }
  // `as` aliases in `use x.{a as b}` point at the imported type.
  for (const u of file.doc.uses) {
    for (const n of u.names) {
      if (n.aliasRange && within(n.aliasRange, offset)) {
        const iface = resolver.resolvePath(u.path, siteOf(file, u));
        const target = iface && resolver.resolveType(n.name, siteIn(iface));
        if (target) return { kind: 'decl', target, range: n.aliasRange };
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Definition
// ---------------------------------------------------------------------------------------------

export interface DefinitionTarget {
  uri: string;
  /** Range of the declared name in the target file. */
  range: Range;
  /** Text of the target file (to map offsets to positions). */
  text: string;
}

/** Go-to-definition: the declaration of the type, interface or world named at `offset`. */
export function definitionAt(file: WitFile, offset: number, scope: WitScope = EMPTY_SCOPE): DefinitionTarget | undefined {
  const s = symbolAt(file, offset, scope);
  if (!s) return undefined;
  if (s.kind === 'decl') return { uri: s.target.file.uri, range: s.target.decl.nameRange, text: s.target.file.text };
  if (s.kind === 'member') return { uri: s.file.uri, range: s.member.nameRange, text: s.file.text };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Hover
// ---------------------------------------------------------------------------------------------

export interface HoverResult {
  range: Range;
  /** Markdown. */
  contents: string;
}

const BUILTIN_DOCS: Record<string, string> = {
  bool: 'Boolean: `true` or `false`.',
  s8: 'Signed 8-bit integer.', s16: 'Signed 16-bit integer.', s32: 'Signed 32-bit integer.', s64: 'Signed 64-bit integer.',
  u8: 'Unsigned 8-bit integer.', u16: 'Unsigned 16-bit integer.', u32: 'Unsigned 32-bit integer.', u64: 'Unsigned 64-bit integer.',
  f32: '32-bit IEEE 754 float.', f64: '64-bit IEEE 754 float.',
  char: 'A Unicode scalar value.',
  string: 'A Unicode string.',
  'error-context': 'An opaque value with debugging information about an error (async).',
  list: '`list<T>`: a sequence of `T`; `list<T, N>` has a fixed length `N`.',
  option: '`option<T>`: either `none` or `some(T)`.',
  result: '`result<T, E>`: either `ok(T)` or `err(E)`; `result<T>`, `result<_, E>` and `result` omit payloads.',
  tuple: '`tuple<A, B, ...>`: an anonymous record with positional fields.',
  borrow: '`borrow<R>`: a borrowed handle to resource `R`, valid for the duration of the call.',
  own: '`own<R>`: an owned handle to resource `R` (same as writing `R`).',
  future: '`future<T>`: a value of type `T` that becomes available later (async).',
  stream: '`stream<T>`: a sequence of `T` values delivered over time (async).',
  map: '`map<K, V>`: a mapping from keys `K` to values `V`.',
  async: '`async func`: the callee may block; bindings use the async ABI.',
  static: 'A function in a resource\'s namespace without an implicit `self`.',
  constructor: 'Creates a new resource; returns an owned handle (or `result<R, E>`).',
  func: 'A function type: `func(params) -> result-type`.',
};

/** Source text of a declaration, dedented and truncated for display. */
export function declarationText(file: WitFile, decl: WitDecl, maxLines = 24): string {
  const { text } = file;
  let lineStart = decl.range.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const indent = text.slice(lineStart, decl.range.start).replace(/[^\t ]/g, ' ').length;
  const gates = decl.gates.map((g) => text.slice(g.range.start, g.range.end));
  let body = text.slice(decl.range.start, decl.range.end);
  const lines = body.split('\n').map((l, i) => (i === 0 ? l : l.replace(new RegExp(`^[\\t ]{0,${indent}}`), '')));
  if (lines.length > maxLines) {
    lines.length = maxLines;
    lines.push('    …');
    if (decl.kind === 'interface' || decl.kind === 'world' || TYPE_KINDS.has(decl.kind)) lines.push('}');
  }
  body = lines.map((l) => l.trimEnd()).join('\n');
  if (decl.resource) body = `// resource ${decl.resource}\n${body}`;
  return [...gates, body].join('\n');
}

function describe(file: WitFile, decl: WitDecl): string {
  if (decl.kind === 'interface' || decl.kind === 'world') return `*${decl.kind}* \`${qualifiedName(decl)}\``;
  const kind =
    decl.resource && decl.funcKind !== 'freestanding'
      ? `*${decl.funcKind === 'static' ? 'static function' : decl.funcKind}* of \`${decl.resource}\``
      : `*${decl.async ? 'async ' : ''}${decl.kind}*`;
  if (!decl.container) return kind;
  const where = decl.owner?.kind === 'interface' || decl.owner?.kind === 'world' ? qualifiedName(decl.owner) : decl.container;
  return `${kind} in ${decl.containerKind ?? 'interface'} \`${where}\``;
}

/** Hover: a type's (or interface's, function's) definition text and its doc comment. */
export function hoverAt(file: WitFile, offset: number, scope: WitScope = EMPTY_SCOPE): HoverResult | undefined {
  const s = symbolAt(file, offset, scope);
  if (!s) return undefined;
  if (s.kind === 'builtin') {
    return { range: s.range, contents: `\`\`\`wit\n${s.name}\n\`\`\`\n\n${BUILTIN_DOCS[s.name] ?? 'Built-in type.'}` };
  }
  if (s.kind === 'member') {
    const code = file.text.slice(s.member.range.start, s.member.range.end);
    const parts = [`\`\`\`wit\n${code}\n\`\`\``];
    if (s.member.doc) parts.push(s.member.doc);
    parts.push(`*${s.decl.kind === 'record' ? 'field' : 'case'}* of ${s.decl.kind} \`${s.decl.name}\``);
    return { range: s.range, contents: parts.join('\n\n') };
  }
  const { file: tf, decl } = s.target;
  const parts = [`\`\`\`wit\n${declarationText(tf, decl)}\n\`\`\``];
  if (decl.doc) parts.push(decl.doc);
  parts.push(describe(tf, decl));
  return { range: s.range, contents: parts.join('\n\n') };
}

// ---------------------------------------------------------------------------------------------
// Completion
// ---------------------------------------------------------------------------------------------

export type CompletionKind = 'keyword' | 'builtin' | 'type' | 'interface' | 'world' | 'gate';

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export interface CompletionCandidate {
  label: string;
  kind: CompletionKind;
  /** e.g. the type's kind and where it is declared. */
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Snippet syntax (`$1`, `${1:x}`) when `snippet` is set; defaults to `label`. */
  insertText?: string;
  snippet?: boolean;
  sortText?: string;
  /** E.g. the `use` statement that brings a type from another interface into scope. */
  additionalEdits?: TextEdit[];
}

export interface CompletionResult {
  items: CompletionCandidate[];
  /** The partially typed word that completions replace. */
  replace: Range;
}

type BlockKind = 'file' | 'package' | 'interface' | 'world' | 'resource' | 'record' | 'variant' | 'enum' | 'flags' | 'uselist' | 'with' | 'unknown';

const ITEM_KEYWORDS: Record<string, string[]> = {
  file: ['package', 'interface', 'world', 'use'],
  package: ['interface', 'world', 'use'],
  interface: ['use', 'type', 'record', 'variant', 'enum', 'flags', 'resource'],
  world: ['import', 'export', 'include', 'use', 'type', 'record', 'variant', 'enum', 'flags', 'resource'],
  resource: ['constructor'],
};

const GATE_SNIPPETS: Record<string, string> = {
  since: 'since(version = ${1:0.1.0})',
  unstable: 'unstable(feature = ${1:feature-name})',
  deprecated: 'deprecated(version = ${1:0.1.0})',
  'external-id': 'external-id("${1:id}")',
};

const isOp = isOpToken;
const isKw = isKeywordToken;

/** Kind of block a `{` at index `k` of `toks` opens. */
function blockKind(toks: Token[], k: number): BlockKind {
  const prev = toks[k - 1];
  if (isOp(prev, '.')) return 'uselist';
  if (isKw(prev, 'with')) return 'with';
  if (isKw(prev, 'interface')) return 'interface';
  for (let j = k - 1; j >= 0; j--) {
    const t = toks[j]!;
    if (t.kind === 'op' && (t.text === ';' || t.text === '{' || t.text === '}')) break;
    if (t.kind === 'keyword' && ['interface', 'world', 'resource', 'record', 'variant', 'enum', 'flags', 'package'].includes(t.value)) {
      return t.value as BlockKind;
    }
  }
  return 'unknown';
}

/** Removes leading gates (`@since(...)`) from a statement; returns undefined when inside an unfinished gate. */
function stripGates(stmt: Token[]): { rest: Token[]; inGate: boolean } {
  let k = 0;
  while (isOp(stmt[k], '@')) {
    if (k + 1 >= stmt.length) return { rest: stmt.slice(k), inGate: true };
    k += 2;
    if (isOp(stmt[k], '(')) {
      while (k < stmt.length && !isOp(stmt[k], ')')) k++;
      if (k >= stmt.length) return { rest: [], inGate: true };
      k++;
    } else if (k >= stmt.length) return { rest: [], inGate: true };
  }
  return { rest: stmt.slice(k), inGate: false };
}

/** Type names exported by an interface: its type definitions and the names it `use`s. */
function interfaceTypes(target: Resolved): { name: string; decl?: WitDecl }[] {
  const { file, decl } = target;
  const out: { name: string; decl?: WitDecl }[] = [];
  for (const d of file.doc.items) {
    if (TYPE_KINDS.has(d.kind) && d.owner === decl) out.push({ name: d.name, decl: d });
  }
  for (const u of file.doc.uses) {
    if (u.owner === decl) for (const n of u.names) out.push({ name: n.alias ?? n.name });
  }
  return out;
}

function docOf(file: WitFile, decl: WitDecl): string {
  return `\`\`\`wit\n${declarationText(file, decl, 12)}\n\`\`\`${decl.doc ? '\n\n' + decl.doc : ''}`;
}

/** Edit adding `name` to a `use` of `pathText` in `container` (extending an existing one if present). */
function useEdit(file: WitFile, container: WitDecl, pathText: string, name: string): TextEdit {
  const existing = file.doc.uses.find(
    (u) => u.owner === container && u.path.text === pathText && u.names.length > 0,
  );
  if (existing) {
    const close = file.text.lastIndexOf('}', existing.range.end);
    if (close > existing.range.start) {
      const last = existing.names[existing.names.length - 1]!;
      const at = last.aliasRange?.end ?? last.nameRange.end;
      return { start: at, end: at, text: `, ${name}` };
    }
  }
  const text = file.text;
  let lineStart = container.range.start;
  while (lineStart > 0 && text[lineStart - 1] !== '\n') lineStart--;
  const indent = /^[\t ]*/.exec(text.slice(lineStart))![0] + '    ';
  return { start: container.bodyStart!, end: container.bodyStart!, text: `\n${indent}use ${pathText}.{${name}};` };
}

/** Type-name completions visible at `offset` (see README of the brief: same file, open models, WASI). */
function typeCandidates(file: WitFile, offset: number, scope: WitScope, resourcesOnly: boolean): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const seen = new Set<string>();
  const add = (c: CompletionCandidate, key = c.label) => {
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  const container = containerAt(file.doc, offset);
  const site = siteAt(file, container);
  const resolver = resolverFor(file, scope);
  const ok = (d: WitDecl | undefined) => !resourcesOnly || !d || d.kind === 'resource';
  // 1. Declared in this interface/world, and imported into it with `use`.
  for (const d of file.doc.items) {
    if (!TYPE_KINDS.has(d.kind) || d.owner !== container || !ok(d)) continue;
    add({ label: d.name, kind: 'type', detail: d.kind, documentation: docOf(file, d), sortText: '0' + d.name });
  }
  for (const u of file.doc.uses) {
    if (u.owner !== container) continue;
    for (const n of u.names) {
      const label = n.alias ?? n.name;
      const target = resolver.resolveType(label, site);
      if (!ok(target?.decl)) continue;
      add({
        label, kind: 'type', detail: `${target ? target.decl.kind + ' · ' : ''}use ${u.path.text}`,
        documentation: target ? docOf(target.file, target.decl) : undefined, sortText: '0' + label,
      });
    }
  }
  if (!container) return out;
  // 2. Types of other interfaces in this file and the scope: completing adds the `use`.
  const files = allFiles(file, scope);
  for (const f of files) {
    for (const d of f.doc.items) {
      if (!TYPE_KINDS.has(d.kind) || d.containerKind !== 'interface' || !d.container || !ok(d)) continue;
      if (f === file && d.owner === container) continue;
      if (seen.has(d.name)) continue;
      const iface = d.owner;
      if (!iface || iface.kind !== 'interface' || iface.owner) continue;
      const samePackage = d.package === site.package && d.version === site.version && (d.package !== undefined || f === file);
      const pathText = samePackage ? iface.name : qualifiedName(iface);
      out.push({
        label: d.name, kind: 'type', detail: `${d.kind} · ${qualifiedName(iface)}`, documentation: docOf(f, d),
        sortText: (f === file ? '2' : samePackage ? '3' : '4') + d.name,
        additionalEdits: [useEdit(file, container, pathText, d.name)],
      });
    }
  }
  return out;
}

function builtinTypeCandidates(): CompletionCandidate[] {
  const prims = PRIMITIVE_TYPES.map((t) => ({ label: t, kind: 'builtin' as const, documentation: BUILTIN_DOCS[t], sortText: '1' + t }));
  const snippets: Record<string, string> = {
    list: 'list<$1>', option: 'option<$1>', result: 'result<${1:T}, ${2:E}>', tuple: 'tuple<$1>', borrow: 'borrow<$1>',
    own: 'own<$1>', future: 'future<$1>', stream: 'stream<$1>', map: 'map<${1:K}, ${2:V}>',
  };
  const ctors = TYPE_CONSTRUCTORS.map((t) => ({
    label: t, kind: 'builtin' as const, documentation: BUILTIN_DOCS[t], insertText: snippets[t], snippet: true, sortText: '1' + t,
  }));
  return [...prims, ...ctors];
}

const kw = (label: string, sortText = '6'): CompletionCandidate => ({ label, kind: 'keyword', sortText: sortText + label });

/** Interface (or world) names usable in a `use`/`import`/`export`/`include` path at `offset`. */
function pathCandidates(file: WitFile, scope: WitScope, kind: 'interface' | 'world', offset: number): CompletionCandidate[] {
  const out: CompletionCandidate[] = [];
  const seen = new Set<string>();
  const container = containerAt(file.doc, offset);
  const { package: pkg, version } = siteAt(file, container);
  for (const f of allFiles(file, scope)) {
    for (const d of f.doc.items) {
      if (d.kind !== kind || (container && d === container)) continue;
      const same = d.package === pkg && d.version === version && (pkg !== undefined || f === file);
      const label = same ? d.name : qualifiedName(d);
      if (seen.has(label)) continue;
      seen.add(label);
      out.push({ label, kind, detail: same ? `${kind} in this package` : kind, documentation: d.doc, sortText: (same ? '0' : '1') + label });
    }
  }
  return out;
}

/** Completion candidates at `offset` in `text`: keywords valid there and type names in scope. */
export function completionItems(
  text: string,
  offset: number,
  scope: WitScope = EMPTY_SCOPE,
  uri = 'inmemory://current.wit',
): CompletionResult {
  const { tokens } = lex(text);
  // The word being typed.
  let replace: Range = { start: offset, end: offset };
  let inTrivia = false;
  for (const t of tokens) {
    if (t.start >= offset) {
      if (t.start === offset && (t.kind === 'ident' || t.kind === 'keyword')) replace = { start: offset, end: t.end };
      break;
    }
    if (offset <= t.end) {
      const closedBlock = t.text.startsWith('/*') && t.text.length >= 4 && t.text.endsWith('*/');
      if ((t.kind === 'comment' || t.kind === 'doc') && offset > t.start && (offset < t.end || !closedBlock)) inTrivia = true;
      if (t.kind === 'string' && offset > t.start) inTrivia = true;
      if ((t.kind === 'ident' || t.kind === 'keyword') && offset > t.start) replace = { start: t.start, end: t.end };
    }
  }
  if (inTrivia) return { items: [], replace };
  const toks = tokens.filter((t) => t.end <= replace.start && t.kind !== 'ws' && t.kind !== 'comment' && t.kind !== 'doc');
  // Block stack.
  const stack: { kind: BlockKind; index: number }[] = [];
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (isOp(t, '{')) stack.push({ kind: blockKind(toks, k), index: k });
    else if (isOp(t, '}')) stack.pop();
  }
  const top = stack[stack.length - 1];
  const block: BlockKind = top?.kind ?? 'file';
  // The statement so far.
  let from = toks.length;
  while (from > 0 && !['{', '}', ';'].includes(toks[from - 1]!.kind === 'op' ? toks[from - 1]!.text : '')) from--;
  let stmt = toks.slice(from);
  if (['record', 'variant', 'enum', 'flags', 'uselist', 'with'].includes(block)) {
    // Comma-separated members: the statement starts after the last top-level comma.
    let depth = 0;
    let start = 0;
    stmt.forEach((t, k) => {
      if (isOp(t, '<') || isOp(t, '(')) depth++;
      else if (isOp(t, '>') || isOp(t, ')')) depth--;
      else if (isOp(t, ',') && depth === 0) start = k + 1;
    });
    stmt = stmt.slice(start);
  }
  const { rest, inGate } = stripGates(stmt);
  const file = witFile(uri, text);
  const result = (items: CompletionCandidate[]): CompletionResult => ({ items, replace });
  if (inGate) {
    if (rest.length === 1 && isOp(rest[0], '@')) {
      return result(GATE_NAMES.map((g) => ({ label: g, kind: 'gate', insertText: GATE_SNIPPETS[g], snippet: true, sortText: '0' + g })));
    }
    return result([]);
  }
  const last = rest[rest.length - 1];
  const first = rest[0];
  const types = (resourcesOnly = false) => result([...typeCandidates(file, offset, scope, resourcesOnly), ...(resourcesOnly ? [] : builtinTypeCandidates())]);

  if (block === 'uselist') {
    if (!last || isOp(last, ',') || isOp(last, '{')) {
      // Names of the interface before `.{`.
      const open = top!.index;
      let k = open - 2;
      while (k >= 0 && !isKw(toks[k], 'use')) k--;
      const path = k >= 0 ? usePathOf(text, toks.slice(k + 1, open - 1)) : undefined;
      const iface = path && resolverFor(file, scope).resolvePath(path, siteAt(file, containerAt(file.doc, offset)));
      if (!iface) return result([]);
      const already = new Set(toks.slice(open + 1).filter((t) => t.kind === 'ident').map((t) => t.value));
      return result(
        interfaceTypes(iface)
          .filter((c) => !already.has(c.name))
          .map((c) => ({
            label: c.name, kind: 'type' as const, detail: c.decl ? `${c.decl.kind} · ${qualifiedName(iface.decl)}` : `use · ${qualifiedName(iface.decl)}`,
            documentation: c.decl ? docOf(iface.file, c.decl) : undefined, sortText: '0' + c.name,
          })),
      );
    }
    if (last.kind === 'ident' && rest.length === 1) return result([kw('as')]);
    return result([]);
  }
  if (block === 'with') return result(last?.kind === 'ident' && rest.length === 1 ? [kw('as')] : []);

  if (!last) {
    const base = ITEM_KEYWORDS[block === 'unknown' ? 'interface' : block] ?? [];
    const items = base.map((k) => kw(k));
    if (!['record', 'variant', 'enum', 'flags'].includes(block)) {
      for (const g of ['since', 'unstable', 'deprecated']) {
        items.push({ label: '@' + g, kind: 'gate', insertText: '@' + GATE_SNIPPETS[g], snippet: true, sortText: '7' + g });
      }
    }
    return result(items);
  }

  // Type positions.
  let angle = 0;
  let paren = 0;
  for (const t of rest) {
    if (isOp(t, '<')) angle++;
    else if (isOp(t, '>')) angle--;
    else if (isOp(t, '(')) paren++;
    else if (isOp(t, ')')) paren--;
  }
  const prev = rest[rest.length - 2];
  if (isOp(last, '<')) return types(isKw(prev, 'borrow') || isKw(prev, 'own'));
  if (isOp(last, '->')) return types();
  if (isOp(last, ',') && angle > 0) return types();
  if (isOp(last, '=') && isKw(first, 'type')) return types();
  if (isOp(last, '(') && block === 'variant') return types();
  if (isOp(last, ':')) {
    if (block === 'record' || paren > 0) return types();
    if (block === 'resource') return result([kw('func'), kw('async'), kw('static')]);
    if (block === 'world' && (isKw(first, 'import') || isKw(first, 'export'))) {
      return result([kw('func'), kw('async'), kw('interface'), ...pathCandidates(file, scope, 'interface', offset)]);
    }
    return result([kw('func'), kw('async')]);
  }
  if (isKw(last, 'async')) return result([kw('func')]);
  if (isKw(last, 'static')) return result([kw('func'), kw('async')]);
  if (rest.length === 1 && (isKw(last, 'use') || isKw(last, 'import') || isKw(last, 'export'))) {
    return result(pathCandidates(file, scope, 'interface', offset));
  }
  if (rest.length === 1 && isKw(last, 'include')) return result(pathCandidates(file, scope, 'world', offset));
  const pathDone = (last.kind === 'ident' || last.kind === 'version') && rest.length >= 2;
  if (isKw(first, 'include') && pathDone) return result([kw('with')]);
  if (isKw(first, 'use') && pathDone && (block === 'file' || block === 'package')) return result([kw('as')]);
  return result([]);
}
