/**
 * Whether one member's export of an interface satisfies another member's import of it, type by
 * type, from the one WIT model (parser, resolver, type model). Each side's interface is read from
 * that member's own WIT text: an importer and an exporter built from different copies of a WIT
 * file agree only if the copies agree.
 */

import { parsePath } from '../wit/parser';
import { isResolved, siteOf, witFile, WitResolver, type Resolved, type WitFile } from '../wit/resolver';
import { itemsOf } from '../wit/syntax';
import { typeModel } from '../wit/type-model';
import { typeToString, type WitFunction, type WitType } from '../wit/types';

/** An interface as one member's WIT declares it: its freestanding functions and its resources' names. */
export interface InterfaceShape {
  functions: WitFunction[];
  resources: string[];
}

/**
 * Reads interfaces out of members' WIT texts: `(wit, name)` -> the interface `name`
 * (`docs:compose/words@0.1.0`) as that text declares it, or null when it does not. Each text is
 * parsed once per reader.
 */
export function interfaceReader(): (wit: string, name: string) => InterfaceShape | null {
  const parsed = new Map<string, { file: WitFile; resolver: WitResolver; model: ReturnType<typeof typeModel> }>();
  return (wit, name) => {
    const path = parsePath(name);
    if (!path?.package) return null;
    let p = parsed.get(wit);
    if (!p) {
      const file = witFile('member.wit', wit);
      const resolver = new WitResolver([file]);
      p = { file, resolver, model: typeModel(resolver) };
      parsed.set(wit, p);
    }
    const found = p.resolver.lookupPath(path, { file: p.file }, 'interface');
    return isResolved(found) ? shapeOf(found, p.model) : null;
  };
}

function shapeOf({ file, decl }: Resolved, model: ReturnType<typeof typeModel>): InterfaceShape {
  const items = itemsOf(file.doc, decl);
  return {
    functions: items.filter((d) => d.kind === 'func' && d.funcKind === 'freestanding').map((d) => model.func(d, siteOf(file, d))),
    resources: items.filter((d) => d.kind === 'resource').map((d) => d.name),
  };
}

/** `count: func(text: string) -> u32`, as WIT writes it. */
export function funcText(f: WitFunction): string {
  const params = f.params.map((p) => `${p.name}: ${typeToString(p.type)}`).join(', ');
  return `${f.name}: ${f.async ? 'async ' : ''}func(${params})${f.result ? ` -> ${typeToString(f.result)}` : ''}`;
}

/** One way an exporter's interface falls short of what its importer expects, in words. */
export interface ShapeMismatch {
  /** The function or resource concerned. */
  item: string;
  message: string;
}

/**
 * What `exporter`'s interface lacks or declares differently from what `importer` expects. Extra
 * functions on the exporter's side are fine (an instance may export more than is asked of it).
 * Resources are compared by name only.
 */
export function compareShapes(importer: string, expects: InterfaceShape, exporter: string, has: InterfaceShape): ShapeMismatch[] {
  const out: ShapeMismatch[] = [];
  for (const want of expects.functions) {
    const got = has.functions.find((f) => f.name === want.name);
    if (!got) {
      out.push({ item: want.name, message: `${importer} expects ${funcText(want)}, ${exporter} exports no function ${want.name}` });
      continue;
    }
    const detail = funcDifference(want, got, importer, exporter);
    if (detail === null) continue;
    const [a, b] = [funcText(want), funcText(got)];
    // Two signatures that print alike differ inside a named type: say where.
    out.push({ item: want.name, message: `${importer} expects ${a}, ${exporter} exports ${b}${a === b ? ` (${detail})` : ''}` });
  }
  for (const r of expects.resources) {
    if (!has.resources.includes(r)) out.push({ item: r, message: `${importer} expects resource ${r}, ${exporter} exports no resource ${r}` });
  }
  return out;
}

function funcDifference(a: WitFunction, b: WitFunction, left: string, right: string): string | null {
  if (Boolean(a.async) !== Boolean(b.async)) return 'one is async';
  if (a.params.length !== b.params.length) return 'different parameters';
  for (let i = 0; i < a.params.length; i++) {
    const [p, q] = [a.params[i]!, b.params[i]!];
    if (p.name !== q.name) return `parameter ${i + 1} is ${p.name} for ${left} and ${q.name} for ${right}`;
    const d = typeDifference(p.type, q.type, left, right);
    if (d) return `parameter ${p.name}: ${d}`;
  }
  if (!a.result || !b.result) return a.result || b.result ? 'one has no result' : null;
  const d = typeDifference(a.result, b.result, left, right);
  return d ? `result: ${d}` : null;
}

const list = (xs: readonly string[]) => xs.join(', ') || 'none';

/**
 * The first difference between two types, or null when they are the same. Named types (records,
 * variants, enums, flags) are compared by name and by structure, as an instance exports its types
 * by name; an alias of a structural type (`type meters = f64`) is the type it names.
 */
export function typeDifference(a: WitType, b: WitType, left: string, right: string): string | null {
  const plain = () => `${typeToString(a)} for ${left} and ${typeToString(b)} for ${right}`;
  if (a.kind !== b.kind) return plain();
  switch (a.kind) {
    case 'list':
      return typeDifference(a.element, (b as typeof a).element, left, right);
    case 'option':
      return typeDifference(a.some, (b as typeof a).some, left, right);
    case 'result': {
      const o = b as typeof a;
      if (!a.ok !== !o.ok || !a.err !== !o.err) return plain();
      return (a.ok && typeDifference(a.ok, o.ok!, left, right)) || (a.err && typeDifference(a.err, o.err!, left, right)) || null;
    }
    case 'tuple': {
      const o = b as typeof a;
      if (a.elements.length !== o.elements.length) return plain();
      for (let i = 0; i < a.elements.length; i++) {
        const d = typeDifference(a.elements[i]!, o.elements[i]!, left, right);
        if (d) return d;
      }
      return null;
    }
    case 'record': {
      const o = b as typeof a;
      if (a.name !== o.name) return plain();
      const fields = (t: typeof a) => t.fields.map((f) => [f.name, f.type] as const);
      return membersDifference(`record ${a.name}`, 'field', fields(a), fields(o), left, right);
    }
    case 'variant': {
      const o = b as typeof a;
      if (a.name !== o.name) return plain();
      const cases = (t: typeof a) => t.cases.map((c) => [c.name, c.type] as const);
      return membersDifference(`variant ${a.name}`, 'case', cases(a), cases(o), left, right);
    }
    case 'enum': {
      const o = b as typeof a;
      if (a.name !== o.name) return plain();
      return a.cases.join() === o.cases.join() ? null : `enum ${a.name} has cases ${list(a.cases)} for ${left} and ${list(o.cases)} for ${right}`;
    }
    case 'flags': {
      const o = b as typeof a;
      if (a.name !== o.name) return plain();
      return a.flags.join() === o.flags.join() ? null : `flags ${a.name} has flags ${list(a.flags)} for ${left} and ${list(o.flags)} for ${right}`;
    }
    case 'unsupported': {
      // Resources and handles by name; future, stream and the rest by what they are.
      const o = b as typeof a;
      return a.what === o.what && a.name === o.name ? null : plain();
    }
    default:
      return null;
  }
}

/** A record's fields or a variant's cases: the same names in the same order, each of the same type (or payload). */
function membersDifference(
  what: string,
  one: 'field' | 'case',
  a: readonly (readonly [string, WitType | null])[],
  b: readonly (readonly [string, WitType | null])[],
  left: string,
  right: string,
): string | null {
  const [na, nb] = [a.map(([n]) => n), b.map(([n]) => n)];
  if (na.join() !== nb.join()) return `${what} has ${one === 'field' ? 'fields' : 'cases'} ${list(na)} for ${left} and ${list(nb)} for ${right}`;
  for (let i = 0; i < a.length; i++) {
    const [x, y] = [a[i]![1], b[i]![1]];
    if (!x !== !y) return `${what}, ${one} ${na[i]}: a payload on one side only`;
    const d = x && typeDifference(x, y!, left, right);
    if (d) return `${what}, ${one} ${na[i]}: ${d}`;
  }
  return null;
}
