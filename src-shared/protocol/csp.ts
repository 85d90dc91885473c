/**
 * The studio UI's content security policy, the same in Electron and browser mode.
 * wasm-unsafe-eval lets engines compile Wasm; blob: lets a run worker import the transpiled glue.
 */
export const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers that make a page cross-origin isolated. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** Headers on every response of the studio UI, in browser mode and on Electron's studio:// protocol. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': STUDIO_CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  // Cross-origin isolated, for SharedArrayBuffer, which a run's journal needs
  // (src-shared/engine/run-journal.ts). The UI loads nothing from other origins.
  ...ISOLATION_HEADERS,
  'Cache-Control': 'no-store',
};
