// The vendored WASI 0.2 WIT packages (/wit/wasi/<package>/package.wit, see /wit/README.md),
// inlined as text by Vite at build time (and by Vitest in tests).

const raw = import.meta.glob<string>('../../../wit/wasi/*/package.wit', { query: '?raw', import: 'default', eager: true });

export interface WasiWitFile {
  /** E.g. `wasi/io/package.wit`. */
  path: string;
  text: string;
}

export const WASI_WIT: readonly WasiWitFile[] = Object.entries(raw)
  .map(([p, text]) => ({ path: p.slice(p.indexOf('wasi/')), text }))
  .sort((a, b) => a.path.localeCompare(b.path));
