// The WIT syntax tree: what `parseWit` returns for one file. Every node keeps its source range,
// so the editor (markers, outline, hover, F12) and the type model (call forms) read the same tree.
// Items are listed flat in source order; each points at the interface or world it is declared in
// (`owner`), so the tree has no cycles and survives structured cloning.

import type { LineIndex, Range, Token, WitError } from './lexer';

export type TypeKind = 'record' | 'variant' | 'enum' | 'flags' | 'resource' | 'type';
export type DeclKind = 'interface' | 'world' | TypeKind | 'func' | 'import' | 'export';

export const TYPE_KINDS: ReadonlySet<string> = new Set(['record', 'variant', 'enum', 'flags', 'resource', 'type']);

/** A type expression as written, e.g. `list<option<point>>`. */
export type WitTypeNode =
  | { t: 'prim'; name: string; range: Range }
  | { t: 'list'; element: WitTypeNode; /** `list<T, N>` */ length?: number; range: Range }
  | { t: 'option'; some: WitTypeNode; range: Range }
  | { t: 'result'; ok: WitTypeNode | null; err: WitTypeNode | null; range: Range }
  | { t: 'tuple'; elements: WitTypeNode[]; range: Range }
  | { t: 'map'; key: WitTypeNode; value: WitTypeNode; range: Range }
  | { t: 'handle'; what: 'own' | 'borrow'; name: string; nameRange: Range; range: Range }
  | { t: 'future' | 'stream'; element: WitTypeNode | null; range: Range }
  | { t: 'ref'; name: string; range: Range };

export interface WitParamNode {
  name: string;
  nameRange: Range;
  type: WitTypeNode;
}

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
  /** A record field's type, or a variant case's payload. */
  type?: WitTypeNode;
}

export interface WitDecl {
  kind: DeclKind;
  name: string;
  /** From the declaring keyword or name to the end of the item (gates and docs excluded). */
  range: Range;
  nameRange: Range;
  /** The interface, world or inline `import x: interface {}` this item is declared in. */
  owner?: WitDecl;
  /** Name of `owner` (for inline `import x: interface {}`: `x`). */
  container?: string;
  containerKind?: 'interface' | 'world';
  /** For resource methods, static functions and constructors: the resource. */
  resource?: string;
  funcKind?: 'freestanding' | 'method' | 'static' | 'constructor';
  async?: boolean;
  /** Functions (and `import f: func(...)`): parameters as parsed so far. */
  params?: WitParamNode[];
  /** Functions: the result type, when there is one. */
  result?: WitTypeNode;
  /** `type x = T`: T. */
  type?: WitTypeNode;
  /** Package this item belongs to, e.g. `wasi:io` (without version); undefined if the file has none. */
  package?: string;
  /** That package's version. */
  version?: string;
  doc?: string;
  gates: WitGate[];
  members?: WitMember[];
  /** For `import a:b/c;` / `export iface;`: the imported or exported interface path. */
  path?: UsePath;
  /** For imports and exports: what is imported or exported. */
  extern?: 'func' | 'interface' | 'path';
  /** For `import name: a:b/c;`: the interface the name stands for. */
  target?: UsePath;
  /** For worlds: the worlds they `include`. */
  includes?: UsePath[];
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
  owner?: WitDecl;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  version?: string;
  range: Range;
}

export interface WitRef {
  /** `type`: a type name in a type position; `interface`/`world`: a use-path; `use-name`: a name in `use p.{..}`. */
  kind: 'type' | 'interface' | 'world' | 'use-name';
  name: string;
  range: Range;
  owner?: WitDecl;
  container?: string;
  containerKind?: 'interface' | 'world';
  package?: string;
  version?: string;
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

/** The items declared directly in `owner` (or at top level when undefined), in source order. */
export function itemsOf(doc: Pick<WitDocument, 'items'>, owner: WitDecl | undefined): WitDecl[] {
  return doc.items.filter((d) => d.owner === owner);
}
