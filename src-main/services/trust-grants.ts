import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { CAPABILITY_REGISTRY } from '../../src-shared/capabilities/registry';
import { languageInfo } from '../../src-shared/languages/registry';
import { isWasmMember, projectMembers } from '../../src-shared/protocol/members';
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
 * A composition asks for every member's asks, each named with its member: a grant to one member is
 * not a grant to another, so each is approved on its own.
 */
export function grantsBeyondFolder(projectDir: string, project: ProjectConfig): TrustGrant[] {
  const root = realpathSync(projectDir);
  const host = {
    locate(hostPath: string) {
      const real = realLocation(resolve(projectDir, hostPath));
      return { real, inside: isInside(real, root) };
    },
  };
  const composed = Boolean(project.components);
  const out = projectMembers(project).flatMap((m) => {
    const own: TrustGrant[] = CAPABILITY_REGISTRY.flatMap((c) => c.trust?.(m.policy, host) ?? []);
    const nativeBuild = isWasmMember(m) ? null : languageInfo(m.language).nativeBuild;
    if (nativeBuild && !isWasmMember(m)) own.push({ id: `native-build:${m.language}`, kind: 'native-build', text: nativeBuild });
    return composed ? own.map((g) => ({ ...g, id: `${MEMBER_PREFIX}${m.name}:${g.id}`, text: `${m.name}: ${g.text}`, member: m.name })) : own;
  });
  // One entry per id: a policy listing a thing twice asks for it once.
  return out.filter((g, i) => out.findIndex((x) => x.id === g.id) === i);
}

const MEMBER_PREFIX = 'member:';

/** A grant's id as a single component would ask for it (a composition's ids carry their member). */
export const unscopedId = (g: TrustGrant): string => (g.member ? g.id.slice(`${MEMBER_PREFIX}${g.member}:`.length) : g.id);

/** Whether an approved id covers a requested one: read-write approval of a folder covers read-only. */
export function covers(approved: ReadonlySet<string>, id: string): boolean {
  const scope = /^member:[^:]+:/.exec(id)?.[0] ?? '';
  const own = id.slice(scope.length);
  return approved.has(id) || (own.startsWith('mount:ro:') && approved.has(scope + 'mount:rw:' + own.slice('mount:ro:'.length)));
}
