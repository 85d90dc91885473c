/**
 * The first of base, base-2, base-3… that is not taken: how the studio names a new folder
 * (a copy of a sample, a new project) so that the first Create never collides with an older one.
 * Shared because the server checks the disk and the new-project form checks a folder listing.
 */
export function freeName(base: string, taken: (name: string) => boolean): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}-${i}`;
    if (!taken(name)) return name;
  }
}
