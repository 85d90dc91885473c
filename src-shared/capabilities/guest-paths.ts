/**
 * A guest path as the guest's filesystem sees it: `/data`, `/data/`, `//data` and `/./data` are one
 * folder, so two mounts written those ways would fight over one preopen and mix their settings.
 * `..` is resolved lexically (a guest path names no symlinks); relative paths stay relative.
 */
export function normalizeGuestPath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else if (seg !== '..' || !absolute) parts.push(seg);
  }
  const joined = parts.join('/');
  return absolute ? '/' + joined : joined || '.';
}

/**
 * The folder a preopen name stands for in a guest. The name itself reaches the guest exactly as
 * given (`data` stays `data`, as wasmtime keeps it), but wasi-libc, which C, C++ and Rust guests
 * resolve paths with, strips a leading `/` and `./` from every preopen name and matches `/data/x`
 * and `data/x` alike: for those guests `data` and `/data` are one folder, so they collide here.
 */
export function guestFolderKey(path: string): string {
  const normal = normalizeGuestPath(path).replace(/^\/+/, '');
  return normal === '.' ? '' : normal;
}

/**
 * The first guest path two mounts share (as guestFolderKey sees them), with both spellings, or null.
 * `index` is the later mount's position, for a schema error pointing at it.
 */
export function duplicateGuestPath(mounts: readonly { guest: string }[]): { index: number; first: string; second: string } | null {
  const seen = new Map<string, string>();
  for (const [index, { guest }] of mounts.entries()) {
    const key = guestFolderKey(guest);
    const first = seen.get(key);
    if (first !== undefined) return { index, first, second: guest };
    seen.set(key, guest);
  }
  return null;
}

/** The sentence every surface (studio.json, CLI, policy editor) uses for a duplicate. */
export function duplicateGuestPathMessage(d: { first: string; second: string }): string {
  const same = d.first === d.second ? `"${d.first}"` : `"${d.second}" (the same folder as "${d.first}")`;
  return `two mounts at the guest path ${same}: each guest path can be mounted once`;
}

/**
 * Why a mount's host or guest path cannot be granted, or null. Both must be writable as
 * HOST::GUEST[::ro]. The guest path "__proto__" is refused: the browser engine hands its preopens
 * over by name in JavaScript objects, where that name is the object's prototype, not a key.
 */
export function mountPathProblem(what: 'host' | 'guest', path: string): string | null {
  if (!path) return `the ${what} path is empty`;
  if (path.includes('::')) return `the ${what} path "${path}" has "::" in it: mounts are written HOST::GUEST[::ro]`;
  if (path.includes('\0')) return `the ${what} path has a NUL character`;
  if (what === 'guest' && path === '__proto__') return 'the guest path "__proto__" cannot be a preopen name here (the browser engine passes preopens by name in a JavaScript object)';
  return null;
}
