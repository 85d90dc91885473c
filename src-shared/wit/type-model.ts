// From the syntax tree to the resolved type model of types.ts (what call forms, WAVE text and the
// inspector use): names are followed through the one resolver, aliases are kept as names on
// structural types, and what the studio cannot pass yet is marked with a reason.

import { isResolved, siteOf, type Resolved, type Site, type WitResolver } from './resolver';
import type { WitDecl, WitTypeNode } from './syntax';
import { RESOURCE_REASON, camelCase, unsupportedReason, type PrimitiveKind, type WitFunction, type WitType, type WitUnsupported } from './types';

const ASYNC_VALUE_REASON = 'future and stream types cannot be passed from the studio yet';
const MAP_REASON = 'map and fixed-size list types are not supported yet';

function unresolved(name: string, reason: string): WitUnsupported {
  return { kind: 'unsupported', what: 'unresolved', name, reason };
}

export interface TypeModel {
  type(node: WitTypeNode, site: Site): WitType;
  func(decl: WitDecl, site: Site): WitFunction;
  /**
   * The declaration a named type (record, variant, enum, flags, alias) was made from, for code
   * generators that name a type after its interface; undefined for anonymous types.
   */
  declOf(type: WitType): Resolved | undefined;
  /**
   * The resource a handle (`own<r>`, `borrow<r>`, a bare `r`, or an alias of it) refers to, through
   * `use`s and aliases, for code generators that pass handles; undefined for other types.
   */
  resourceOf(type: WitType): Resolved | undefined;
}

/** A type model over the files of `resolver`; it memoizes each declaration's resolved type. */
export function typeModel(resolver: WitResolver): TypeModel {
  const memo = new Map<WitDecl, WitType>();
  const declared = new WeakMap<WitType, Resolved>();
  const resources = new WeakMap<WitType, Resolved>();
  const active = new Set<WitDecl>();

  const type = (node: WitTypeNode, site: Site): WitType => {
    switch (node.t) {
      case 'prim':
        if (node.name === 'error-context') return { kind: 'unsupported', what: 'error-context', reason: 'error-context values cannot be passed from the studio yet' };
        return { kind: node.name as PrimitiveKind };
      case 'list':
        // A fixed-size `list<T, N>` is lowered by jco like a tuple: not supported here.
        if (node.length !== undefined) return { kind: 'unsupported', what: 'map', reason: MAP_REASON };
        return { kind: 'list', element: type(node.element, site) };
      case 'option':
        return { kind: 'option', some: type(node.some, site) };
      case 'result':
        return { kind: 'result', ok: node.ok ? type(node.ok, site) : null, err: node.err ? type(node.err, site) : null };
      case 'tuple':
        return { kind: 'tuple', elements: node.elements.map((e) => type(e, site)) };
      case 'map':
        return { kind: 'unsupported', what: 'map', reason: MAP_REASON };
      case 'handle': {
        const out: WitType = { kind: 'unsupported', what: node.what, name: node.name, reason: RESOURCE_REASON };
        const target = resolver.lookupType(node.name, site);
        const resource = isResolved(target) ? resources.get(definition(target)) : undefined;
        if (resource) resources.set(out, resource);
        return out;
      }
      case 'future':
      case 'stream':
        return { kind: 'unsupported', what: node.t, reason: ASYNC_VALUE_REASON };
      case 'ref':
        return named(node.name, site);
    }
  };

  const named = (name: string, site: Site): WitType => {
    const found = resolver.lookupType(name, site);
    if (isResolved(found)) return definition(found);
    // Keep the short sentence for the common case: a package that was not provided at all.
    return unresolved(name, found.reason.replace(/ \(no package `[^`]+` is available\)$/, ''));
  };

  const definition = ({ file, decl }: Resolved): WitType => {
    const hit = memo.get(decl);
    if (hit) return hit;
    if (active.has(decl)) return unresolved(decl.name, `type \`${decl.name}\` refers to itself`);
    active.add(decl);
    const site = siteOf(file, decl);
    const inner = (n: WitTypeNode | undefined): WitType => (n ? type(n, site) : unresolved(decl.name, `type \`${decl.name}\` is incomplete`));
    let out: WitType;
    switch (decl.kind) {
      case 'type': {
        const t = inner(decl.type);
        // Keep the alias name on structural types (`type meters = f64` prints as `meters`);
        // named types (records etc.) keep their own name. An alias of a resource
        // (`type headers = fields`) is a name of its own for the handles that use it.
        const resource = resources.get(t);
        out = resource && t.kind === 'unsupported' && t.what === 'resource' ? { ...t, name: decl.name } : 'name' in t && t.name ? t : ({ ...t, name: decl.name } as WitType);
        if (resource) resources.set(out, resource);
        break;
      }
      case 'record':
        out = { kind: 'record', name: decl.name, fields: (decl.members ?? []).map((m) => ({ name: m.name, type: inner(m.type) })) };
        break;
      case 'variant':
        out = { kind: 'variant', name: decl.name, cases: (decl.members ?? []).map((m) => ({ name: m.name, type: m.type ? type(m.type, site) : null })) };
        break;
      case 'enum':
        out = { kind: 'enum', name: decl.name, cases: (decl.members ?? []).map((m) => m.name) };
        break;
      case 'flags':
        out = { kind: 'flags', name: decl.name, flags: (decl.members ?? []).map((m) => m.name) };
        break;
      default:
        out = { kind: 'unsupported', what: 'resource', name: decl.name, reason: RESOURCE_REASON };
        resources.set(out, { file, decl });
    }
    active.delete(decl);
    memo.set(decl, out);
    // An alias of a named type is that type: it keeps its own declaration.
    if (!declared.has(out)) declared.set(out, { file, decl });
    return out;
  };

  const func = (decl: WitDecl, site: Site): WitFunction => {
    const params = (decl.params ?? []).map((p) => ({ name: p.name, type: type(p.type, site) }));
    const result = decl.result ? type(decl.result, site) : null;
    const out: WitFunction = { name: decl.name, jsName: camelCase(decl.name), params, result };
    if (decl.async) out.async = true;
    const reason = [...params.map((p) => p.type), ...(result ? [result] : [])].map((t) => unsupportedReason(t)).find((r) => r);
    if (reason) out.unsupported = reason;
    return out;
  };

  return { type, func, declOf: (t) => declared.get(t), resourceOf: (t) => resources.get(t) };
}
