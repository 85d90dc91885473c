/** Path handling for the folder picker, on paths the server gave (POSIX or Windows), without Node. */

const sepOf = (path: string) => (path.includes('\\') && !path.includes('/') ? '\\' : '/');

export function joinPath(dir: string, name: string): string {
  const sep = sepOf(dir);
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** Splits a typed path into the folder to list and the start of the name being typed. */
export function splitTyped(typed: string): { parent: string; prefix: string } {
  const sep = sepOf(typed);
  const i = typed.lastIndexOf(sep);
  if (i < 0) return { parent: '', prefix: typed };
  return { parent: typed.slice(0, i + 1) || sep, prefix: typed.slice(i + 1) };
}

/** The longest start shared by all names (what Tab completes to). */
export function commonPrefix(names: string[]): string {
  if (!names.length) return '';
  let p = names[0]!;
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  return p;
}
