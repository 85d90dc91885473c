import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { extname, relative, resolve, sep, isAbsolute } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
};

/**
 * Maps a URL path to a file inside `root`, or null. Decodes once, refuses NUL, backslashes and
 * any ".." segment, then checks the real path so a link cannot lead out.
 */
export function staticFile(root: string, urlPath: string): { path: string; type: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  if (decoded.split('/').some((seg) => seg === '..')) return null;
  const rel = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = resolve(root, rel);
  const d = relative(resolve(root), full);
  if (d.startsWith('..' + sep) || d === '..' || isAbsolute(d)) return null;
  try {
    if (!existsSync(full) || !statSync(full).isFile()) return null;
    const real = realpathSync(full);
    const dr = relative(realpathSync(root), real);
    if (dr === '..' || dr.startsWith('..' + sep) || isAbsolute(dr)) return null;
    return { path: real, type: TYPES[extname(real)] ?? 'application/octet-stream' };
  } catch {
    return null; // changed while we looked (removed, replaced by a dangling link): not found
  }
}

/** staticFile, then its bytes; null (never a throw) when the file went away between the check and the read. */
export function readStatic(root: string, urlPath: string): { body: Buffer; type: string } | null {
  const f = staticFile(root, urlPath);
  if (!f) return null;
  try {
    return { body: readFileSync(f.path), type: f.type };
  } catch {
    return null;
  }
}

