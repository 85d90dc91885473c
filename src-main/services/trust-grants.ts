import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CAPABILITY_REGISTRY } from '../../src-shared/capabilities/registry';
import { languageInfo } from '../../src-shared/languages/registry';
import type { ProjectConfig, TrustGrant } from '../../src-shared/protocol/types';

/**
 * A path's real location even when its end does not exist yet: the real path of the nearest
 * existing ancestor, then the rest as written. A mount that does not exist still counts by where it
 * would be, since creating it later must not turn an untrusted grant into a trusted one.
 */
export function realLocation(path: string): string {
  let probe = resolve(path);
  const rest: string[] = [];
  while (!existsSync(probe)) {
    const up = dirname(probe);
    if (up === probe) break;
    rest.unshift(basename(probe));
    probe = up;
  }
  return join(realpathSync(probe), ...rest);
}

export function isInside(path: string, root: string): boolean {
  const d = relative(root, path);
  return d === '' || (d !== '..' && !d.startsWith('..' + sep) && !isAbsolute(d));
}

/**
 * What a project's studio.json asks for beyond its own folder, judged by real locations (a mount
 * inside the folder through a symlink that points out counts as outside): each capability's
 * registry entry says what of its grant reaches beyond (mounts of folders outside, host variables
 * inherited by name, network allow-lists), and the language registry whether the build runs native
 * code. Everything else (arguments, stdin text, clocks, random) stays within what the folder holds.
 */
export function grantsBeyondFolder(projectDir: string, project: ProjectConfig): TrustGrant[] {
  const root = realpathSync(projectDir);
  const host = {
    locate(hostPath: string) {
      const real = realLocation(resolve(projectDir, hostPath));
      return { real, inside: isInside(real, root) };
    },
  };
  const out: TrustGrant[] = CAPABILITY_REGISTRY.flatMap((c) => c.trust?.(project.policy, host) ?? []);
  const nativeBuild = languageInfo(project.language).nativeBuild;
  if (nativeBuild) out.push({ id: `native-build:${project.language}`, kind: 'native-build', text: nativeBuild });
  // One entry per id: a policy listing a thing twice asks for it once.
  return out.filter((g, i) => out.findIndex((x) => x.id === g.id) === i);
}

/** Whether an approved id covers a requested one: read-write approval of a folder covers read-only. */
export function covers(approved: ReadonlySet<string>, id: string): boolean {
  return approved.has(id) || (id.startsWith('mount:ro:') && approved.has('mount:rw:' + id.slice('mount:ro:'.length)));
}
