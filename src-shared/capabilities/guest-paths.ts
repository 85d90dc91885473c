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
 * The first guest path two mounts share (after normalizing), with both spellings, or null.
 * `index` is the later mount's position, for a schema error pointing at it.
 */
export function duplicateGuestPath(mounts: readonly { guest: string }[]): { index: number; first: string; second: string } | null {
  const seen = new Map<string, string>();
  for (const [index, { guest }] of mounts.entries()) {
    const key = normalizeGuestPath(guest);
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
