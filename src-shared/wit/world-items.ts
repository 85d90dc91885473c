/**
 * The interfaces a component's world imports or exports, from the WIT text jco prints for it
 * (`import wasi:cli/environment@0.2.12;`, `export greet: func(…);`). The glue's own import list
 * leaves out imports the code never reaches, so the world's text is what the component asks for.
 */
export function worldItems(wit: string, kind: 'import' | 'export'): string[] {
  return [...wit.matchAll(new RegExp(`^\\s*${kind}\\s+([^;{]+?)\\s*(?:;|\\{)`, 'gm'))].map((m) => m[1]!.trim());
}
