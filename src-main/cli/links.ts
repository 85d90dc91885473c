import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Grants } from '../../src-shared/capabilities/policy';
import { planLinks, unrunnable } from '../../src-shared/compose/plan';
import { wiresOf, type Linking } from '../../src-shared/engine/link';
import type { LinkPlan } from '../../src-shared/protocol/composition';
import { worldItems } from '../../src-shared/wit/world-items';
import { UsageError } from './args';

/**
 * `--link FILE.wasm`: .wasm files linked at instantiation to the file run (the root), each a
 * member of a composition named after its file. Only the root gets the command line's grants;
 * every linked member runs with nothing granted.
 */

export const LINK_HELP = `  --link FILE.wasm             link a library component to this one at instantiation (repeatable):
                               its exports answer this component's imports of the same interface.
                               Each is a member named after its file; the grant flags grant this
                               component only, every linked member gets nothing (a composition
                               project gives each member its own policy in studio.json)`;

/** A member of a composition given on the command line: its name and the file it came from. */
export interface MemberFile {
  name: string;
  file: string;
}

/** A file's member name: its base name without .wasm, other characters than letters, digits, - and _ made _, starting with a letter. */
export function memberName(file: string): string {
  const name = basename(file).replace(/\.wasm$/i, '').replace(/[^a-zA-Z0-9_-]/g, '_');
  return /^[a-zA-Z]/.test(name) ? name : `m${name}`;
}

/** The root and each --link file as members; two files that would be one member are a usage error naming both. */
export function memberFiles(root: string, links: readonly string[]): MemberFile[] {
  const members: MemberFile[] = [];
  for (const file of [root, ...links]) {
    const stat = file === root ? null : statSync(file, { throwIfNoEntry: false });
    if (stat === undefined) throw new UsageError(`--link: no such file: ${file}`);
    if (stat && !stat.isFile()) throw new UsageError(`--link: not a file: ${file}`);
    const name = memberName(file);
    const taken = members.find((m) => m.name === name);
    if (taken) throw new UsageError(`--link: ${taken.file} and ${file} would both be the member "${name}" (members are named after their files): rename one of them`);
    members.push({ name, file });
  }
  return members;
}

/**
 * Plans the composition from each member's WIT (as jco prints it); any problem is a usage error,
 * one line each, before anything runs. A .wasm's WIT names the interfaces it uses but not their
 * bodies, so wires are checked by name and version.
 */
export function planFiles(members: readonly (MemberFile & { wit: string })[]): LinkPlan {
  const plan = planOf(members);
  const problems = unrunnable(plan);
  if (problems.length) throw new UsageError(`the components cannot be linked as given:\n  ${problems.join('\n  ')}`);
  return plan;
}

/** The plan of members (the first is the root), problems and all: for inspect, which shows them. */
export function planOf(members: readonly (MemberFile & { wit: string })[]): LinkPlan {
  const facts = members.map((m) => ({ name: m.name, imports: worldItems(m.wit, 'import'), exports: worldItems(m.wit, 'export'), wit: null }));
  return planLinks(facts, members[0]!.name);
}


/**
 * The Linking both engines take, built once from the member files: `load` reads a member's
 * component and its WIT. Linked members get `grantsOf` their name (nothing granted: see LINK_HELP).
 */
export async function linkFiles(
  files: readonly MemberFile[],
  load: (member: MemberFile) => Promise<{ hash: string; bytes: Uint8Array; wit: string }>,
  grantsOf: (member: string) => Grants,
): Promise<Linking<{ hash: string; bytes: Uint8Array }>> {
  const loaded: (MemberFile & { hash: string; bytes: Uint8Array; wit: string })[] = [];
  // One after the other: a bad file is reported as the first bad one on the command line.
  for (const m of files) loaded.push({ ...m, ...(await load(m)) });
  const plan = planFiles(loaded);
  const byName = new Map(loaded.map((m) => [m.name, m]));
  return {
    member: plan.root,
    wires: wiresOf(plan, plan.root),
    linked: plan.order
      .filter((n) => n !== plan.root)
      .map((name) => ({ name, hash: byName.get(name)!.hash, bytes: byName.get(name)!.bytes, grants: grantsOf(name), wires: wiresOf(plan, name) })),
  };
}
