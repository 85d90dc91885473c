/**
 * The world of a component and the interfaces it imports or exports, read from the WIT text jco
 * prints for it (`import wasi:cli/environment@0.2.12;`, `export greet: func(…);`) through the one
 * WIT parser. The glue's own import list leaves out imports the code never reaches, so the
 * world's text is what the component asks for.
 */

import { parseWit } from './parser';
import { itemsOf, type WitDecl, type WitDocument } from './syntax';

function firstWorld(doc: WitDocument): WitDecl | undefined {
  return doc.items.find((d) => d.kind === 'world' && !d.owner);
}

/** The name of the (first) world of `wit`, or undefined when it has none. */
export function worldName(wit: string): string | undefined {
  return firstWorld(parseWit(wit))?.name;
}

/**
 * The world's imports or exports as written: an interface path (`wasi:cli/stdout@0.2.3`), or a
 * named item with its type (`greet: func(name: string) -> string`, `api: interface`).
 */
export function worldItems(wit: string, kind: 'import' | 'export'): string[] {
  const doc = parseWit(wit);
  const world = firstWorld(doc);
  if (!world) return [];
  return itemsOf(doc, world)
    .filter((d) => d.kind === kind)
    .map((d) => {
      if (d.path) return d.path.text;
      if (d.extern === 'interface') return `${d.name}: interface`;
      return `${d.name}: ${doc.text.slice(d.nameRange.end, d.range.end).replace(/^\s*:\s*/, '').replace(/;$/, '').replace(/\s+/g, ' ').trim()}`;
    });
}
