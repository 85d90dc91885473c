import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
 * inside the folder through a symlink that points out counts as outside): mounts of folders
 * outside, host variables inherited by name (a NAME=VALUE is the project's own text), network
 * allow-lists, and builds that run native code. Everything else the policy grants (arguments,
 * stdin text, clocks, random, mounts inside the folder) stays within what the folder holds.
 */
export function grantsBeyondFolder(projectDir: string, project: ProjectConfig): TrustGrant[] {
  const root = realpathSync(projectDir);
  const out: TrustGrant[] = [];
  for (const m of project.policy.mounts) {
    const real = realLocation(resolve(projectDir, m.host));
    if (isInside(real, root)) continue;
    const how = m.mode === 'rw' ? 'read, change, create and delete files in' : 'read every file in';
    out.push({ id: `mount:${m.mode}:${real}`, kind: 'mount', text: `${how} ${real} (studio.json mounts "${m.host}" at ${m.guest})` });
  }
  for (const e of project.policy.env) {
    if (e.value !== undefined) continue;
    out.push({ id: `env:${e.name}`, kind: 'env', text: `read your environment variable ${e.name} (its value on this machine is given to the component)` });
  }
  if (project.policy.sockets.mode === 'allow') {
    for (const h of project.policy.sockets.hosts) out.push({ id: `sockets:${h}`, kind: 'sockets', text: `open network connections to ${h}` });
  }
  if (project.policy.http.mode === 'allow') {
    for (const o of project.policy.http.origins) out.push({ id: `http:${o}`, kind: 'http', text: `send HTTP requests to ${o}` });
  }
  if (project.language === 'rust') {
    out.push({
      id: 'native-build:rust',
      kind: 'native-build',
      text: 'run native code on this machine when building: cargo compiles the project and runs its build scripts (build.rs) and procedural macros with your user\'s rights and environment',
    });
  }
  // One entry per id: a policy listing a thing twice asks for it once.
  return out.filter((g, i) => out.findIndex((x) => x.id === g.id) === i);
}

/** Whether an approved id covers a requested one: read-write approval of a folder covers read-only. */
export function covers(approved: ReadonlySet<string>, id: string): boolean {
  return approved.has(id) || (id.startsWith('mount:ro:') && approved.has('mount:rw:' + id.slice('mount:ro:'.length)));
}
