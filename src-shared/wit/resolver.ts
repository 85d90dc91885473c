// The one WIT resolver: finds the interface, world or type a reference names across a set of
// parsed files (the project's wit/ folder plus the vendored WASI WIT). The editor (hover, F12,
// completion) and the type model of the call forms (type-model.ts) both resolve through it, so
// they cannot pick different packages for one path.
//
// Version rule (wit-parser's, and the Component Model's semver-compatible matching):
// - a reference without a version names the one version of that package present; several
//   versions present is an error (the reference must say which);
// - a reference with a version names that version, or else the highest version present on the
//   same semver-compatible track (same major; for 0.x the same minor: 0.2.3 finds 0.2.12), as a
//   runtime links `wasi:cli/run@0.2.3` to a host's 0.2.12; pre-releases match only exactly;
// - a relative name (`iface`, no package) is in the referring item's own package and version; in
//   a file whose `package a:b;` has no version, a name its own files lack is looked up in the one
//   versioned `a:b` present, as an unversioned reference `a:b/iface` would be.

import type { WitError } from './lexer';
import { parseWit } from './parser';
import { TYPE_KINDS, type UsePath, type WitDecl, type WitDocument } from './syntax';

/** One parsed WIT file, identified by its URI (a Monaco model URI, or any unique string). */
export interface WitFile {
  uri: string;
  text: string;
  doc: WitDocument;
}

export function witFile(uri: string, text: string): WitFile {
  return { uri, text, doc: parseWit(text) };
}

export interface Resolved {
  file: WitFile;
  decl: WitDecl;
}

/** Where a name is looked up: a file, the interface or world around the reference, and its package. */
export interface Site {
  file: WitFile;
  owner?: WitDecl;
  package?: string;
  version?: string;
}

/** The site of something declared in `file` (a declaration, `use` or reference: they carry owner and package). */
export function siteOf(file: WitFile, at: { owner?: WitDecl; package?: string; version?: string }): Site {
  return { file, owner: at.owner, package: at.package, version: at.version };
}

/** The site of the items inside an interface or world. */
export function siteIn(target: Resolved): Site {
  return { file: target.file, owner: target.decl, package: target.decl.package, version: target.decl.version };
}

/** Why a reference did not resolve, in words for a marker or a call form. */
export interface Unresolved {
  reason: string;
  /**
   * For a package reference: `ambiguous` (several versions, none named: an error), `version`
   * (the package is there, not on the named version's track) or `missing` (no such package).
   */
  problem?: 'ambiguous' | 'version' | 'missing';
}

export const isResolved = (r: Resolved | Unresolved | undefined): r is Resolved => !!r && 'decl' in r;

// ---------------------------------------------------------------------------------------------
// Versions
// ---------------------------------------------------------------------------------------------

/** `1.2.3-rc.1` -> its semver-compatible track: `1` for 1.x, `0.2` for 0.2.x, the whole text for a pre-release. */
function track(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!m || m[4]) return version;
  return m[1] === '0' ? `0.${m[2]}` : m[1]!;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map(Number);
  const pb = b.split(/[.+-]/).map(Number);
  for (let k = 0; k < 3; k++) if (pa[k] !== pb[k]) return (pa[k] ?? 0) - (pb[k] ?? 0);
  return 0;
}

/**
 * Which of the versions present a reference to a package means (see the rule at the top).
 * `undefined` in `present` is a package declared without a version.
 */
export function pickVersion(
  name: string,
  present: readonly (string | undefined)[],
  wanted: string | undefined,
): { version: string | undefined } | Unresolved {
  const versions = [...new Set(present)];
  if (versions.length === 0) return { reason: `no package \`${name}\` is available`, problem: 'missing' };
  if (wanted === undefined) {
    if (versions.length === 1) return { version: versions[0] };
    return { problem: 'ambiguous', reason: `package \`${name}\` is present in several versions (${versions.map((v) => v ?? 'unversioned').join(', ')}): say which one, e.g. \`${name}@${versions.find((v) => v) ?? '1.0.0'}\`` };
  }
  if (versions.includes(wanted)) return { version: wanted };
  const compatible = versions.filter((v): v is string => v !== undefined && track(v) === track(wanted)).sort(compareVersions);
  if (compatible.length) return { version: compatible[compatible.length - 1] };
  return { problem: 'version', reason: `package \`${name}@${wanted}\` is not available (present: ${versions.map((v) => v ?? 'unversioned').join(', ')})` };
}

// ---------------------------------------------------------------------------------------------
// The resolver
// ---------------------------------------------------------------------------------------------

/** The top-level interfaces and worlds of one package version, from every file declaring it. */
interface PackageEntry {
  name: string | undefined;
  version: string | undefined;
  decls: Resolved[];
}

const key = (name: string | undefined, version: string | undefined) => `${name ?? ''}@${version ?? ''}`;

export class WitResolver {
  private readonly packages = new Map<string, PackageEntry>();
  private readonly versions = new Map<string, (string | undefined)[]>();

  /** Files with no `package` line of their own: the package their folder declares (as wit-parser reads a folder). */
  private readonly folderPackage = new Map<WitFile, { package: string; version?: string }>();

  constructor(readonly files: readonly WitFile[]) {
    const folderOf = (f: WitFile) => f.uri.slice(0, f.uri.lastIndexOf('/') + 1);
    const declared = new Map<string, Set<string>>();
    for (const f of files) {
      const p = f.doc.package;
      if (p && !p.nested) declared.set(folderOf(f), (declared.get(folderOf(f)) ?? new Set()).add(key(p.name, p.version)));
    }
    for (const f of files) {
      if (f.doc.package) continue;
      const here = [...(declared.get(folderOf(f)) ?? [])];
      // One package per folder; with none or several, the file stands alone, as before.
      if (here.length !== 1) continue;
      const [name, version] = here[0]!.split('@') as [string, string];
      this.folderPackage.set(f, { package: name, version: version || undefined });
    }
    for (const file of files) {
      for (const decl of file.doc.items) {
        if (decl.owner || (decl.kind !== 'interface' && decl.kind !== 'world')) continue;
        const inFolder = decl.package === undefined ? this.folderPackage.get(file) : undefined;
        const name = inFolder?.package ?? decl.package;
        const version = inFolder ? inFolder.version : decl.version;
        const k = key(name, version);
        let entry = this.packages.get(k);
        if (!entry) {
          entry = { name, version, decls: [] };
          this.packages.set(k, entry);
          if (name !== undefined) this.versions.set(name, [...(this.versions.get(name) ?? []), version]);
        }
        entry.decls.push({ file, decl });
      }
    }
  }

  /** The interface (or world) a use-path names, seen from `site`, or why there is none. */
  lookupPath(path: UsePath, at: Site, kind: 'interface' | 'world' = 'interface', depth = 0): Resolved | Unresolved {
    const inFolder = at.package === undefined ? this.folderPackage.get(at.file) : undefined;
    const site = inFolder ? { ...at, ...inFolder } : at;
    if (!path.package) {
      // A top-level `use ns:pkg/iface as alias;` (or without alias) brings an interface into file scope.
      if (depth < 4) {
        for (const u of site.file.doc.uses) {
          if (u.owner || !u.path.package || u.package !== at.package) continue;
          if ((u.alias ?? u.path.name) === path.name) return this.lookupPath(u.path, { ...site, owner: undefined }, kind, depth + 1);
        }
      }
      const found = this.inPackage(site.package, site.version, path.name, kind, site.file);
      if (found) return found;
      // A file saying `package a:b;` without a version refers to its package like an unversioned reference.
      if (site.package !== undefined && site.version === undefined) {
        const versioned = (this.versions.get(site.package) ?? []).filter((v) => v !== undefined);
        const picked = versioned.length ? pickVersion(site.package, versioned, undefined) : undefined;
        if (picked && 'reason' in picked) return picked;
        const other = picked && this.inPackage(site.package, picked.version, path.name, kind);
        if (other) return other;
      }
      return { reason: `no ${kind} \`${path.name}\` in ${site.package ? `package \`${site.package}\`` : 'this file'}` };
    }
    const picked = pickVersion(path.package, this.versions.get(path.package) ?? [], path.version);
    if ('reason' in picked) return picked;
    return (
      this.inPackage(path.package, picked.version, path.name, kind) ?? {
        reason: `package \`${path.package}${picked.version ? '@' + picked.version : ''}\` has no ${kind} \`${path.name}\``,
      }
    );
  }

  resolvePath(path: UsePath, site: Site, kind: 'interface' | 'world' = 'interface'): Resolved | undefined {
    const r = this.lookupPath(path, site, kind);
    return isResolved(r) ? r : undefined;
  }

  private inPackage(name: string | undefined, version: string | undefined, item: string, kind: string, preferred?: WitFile): Resolved | undefined {
    const decls = this.packages.get(key(name, version))?.decls ?? [];
    const matches = decls.filter((r) => r.decl.kind === kind && r.decl.name === item);
    return matches.find((r) => r.file === preferred) ?? matches[0];
  }

  /** The declaration of the type `name` used at `site`, following `use` chains, or why there is none. */
  lookupType(name: string, site: Site, depth = 0): Resolved | Unresolved {
    const { file } = site;
    const local = file.doc.items.find((d) => TYPE_KINDS.has(d.kind) && d.name === name && d.owner === site.owner);
    if (local) return { file, decl: local };
    for (const u of file.doc.uses) {
      if (u.owner !== site.owner || !site.owner) continue;
      const n = u.names.find((x) => (x.alias ?? x.name) === name);
      if (!n) continue;
      if (depth >= 8) return { reason: `type \`${name}\` is used in a cycle` };
      const iface = this.lookupPath(u.path, site);
      if (!isResolved(iface)) return { reason: `type \`${name}\` comes from \`${u.path.text}\`, whose WIT is not available (${iface.reason})` };
      return this.lookupType(n.name, siteIn(iface), depth + 1);
    }
    if (!site.owner) {
      // Outside any interface (a file being typed): any type of the file by that name.
      const any = file.doc.items.find((d) => TYPE_KINDS.has(d.kind) && d.name === name);
      if (any) return { file, decl: any };
    }
    return { reason: `type \`${name}\` is not defined in \`${site.owner?.name ?? 'this file'}\`` };
  }

  resolveType(name: string, site: Site): Resolved | undefined {
    const r = this.lookupType(name, site);
    return isResolved(r) ? r : undefined;
  }

  /** `ns:pkg/iface@ver` (or just `iface` outside a package) naming an interface or world. */
  static qualifiedName(decl: WitDecl): string {
    if (!decl.package) return decl.name;
    return `${decl.package}/${decl.name}${decl.version ? '@' + decl.version : ''}`;
  }
}

/**
 * Package references in `file` that the version rule rejects, as markers: naming a package present
 * in several versions without a version is an error; a version or package that is not among the
 * files is a warning (the editor sees the project's WIT and the vendored WASI, not every registry).
 */
export function pathProblems(resolver: WitResolver, file: WitFile): WitError[] {
  const out: WitError[] = [];
  for (const ref of file.doc.refs) {
    if (ref.kind === 'type') {
      // A type name that names nothing (`list<strin>`) is an error where it is typed; one that comes
      // from a package the editor cannot see is already marked on that package's reference.
      const t = resolver.lookupType(ref.name, siteOf(file, ref));
      if (!isResolved(t) && !t.reason.includes('whose WIT is not available')) {
        out.push({ message: t.reason, start: ref.range.start, end: ref.range.end, ...file.doc.lines.position(ref.range.start), severity: 'error' });
      }
      continue;
    }
    if ((ref.kind !== 'interface' && ref.kind !== 'world') || !ref.path?.package) continue;
    const r = resolver.lookupPath(ref.path, siteOf(file, ref), ref.kind);
    if (isResolved(r) || !r.problem) continue;
    const { start, end } = ref.path.range;
    out.push({ message: r.reason, start, end, ...file.doc.lines.position(start), severity: r.problem === 'ambiguous' ? 'error' : 'warning' });
  }
  return out;
}
