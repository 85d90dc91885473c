/**
 * The link plan of a composition: which member's export answers which member's import, what the
 * host gives, in which order the members are instantiated, and why the composition cannot run as
 * wired, all decided before anything runs. Both engines and the CLI follow the plan; the
 * composition view draws it.
 *
 * Rules:
 * - An import that exactly one other member exports (same package and interface, versions
 *   compatible by the WIT resolver's rule, `pickVersion`) is a wire. Two or more: `ambiguous`.
 * - A `wasi:*` import no member exports goes to the host, under the importer's own policy.
 *   Any other import no member exports, and every plain function or inline-interface import (only
 *   interfaces with a package name are linked), is `unsatisfied`.
 * - Members importing from each other in a circle: `cycle`, one per strongly connected group.
 * - When both sides of a wire have WIT (`MemberFacts.wit`) declaring the interface, its functions
 *   are compared type by type: `type-mismatch`. A side without it (a plain .wasm: jco's
 *   componentWit prints the world, not the bodies of the interfaces it names) is checked by
 *   name and version only; that is not an error, and the wire says so (`checked: 'names'`).
 * - Two members with one name: `duplicate-name`; the first of them takes part in the plan.
 * - Order: every member after the members it imports from, the root as late as that allows (last,
 *   unless another member imports from it); otherwise the members' own order. Members the root does
 *   not reach are still instantiated; nothing is said against them.
 */

import type { HostImport, LinkPlan, LinkProblem, MemberFacts, Wire } from '../protocol/composition';
import { pickVersion } from '../wit/resolver';
import { compareShapes, interfaceReader, type InterfaceShape } from './compare-interfaces';

/** `docs:compose/words@0.1.0` -> its parts; undefined for a function or an inline interface. */
export function interfacePath(name: string): { package: string; iface: string; version: string | undefined } | undefined {
  const m = /^([a-z][\w-]*(?::[a-z][\w-]*)+)\/([a-z%][\w-]*(?:\/[a-z%][\w-]*)*)(?:@([^\s@/]+))?$/i.exec(name);
  return m ? { package: m[1]!, iface: m[2]!, version: m[3] } : undefined;
}

const NO_MEMBER = 'which no member of the composition exports and the host does not provide';

/** Plans how `members` link, `root` being the member whose exports the composition offers. Throws when `root` is not a member. */
export function planLinks(members: MemberFacts[], root: string): LinkPlan {
  const problems: LinkProblem[] = [];
  const unique = distinctMembers(members, problems);
  if (!unique.some((m) => m.name === root)) throw new RangeError(`the root "${root}" is not a member of the composition`);

  // Every interface export, by package and interface name (without version).
  const exporters = new Map<string, { member: MemberFacts; export: string; version: string | undefined }[]>();
  for (const m of unique) {
    for (const e of m.exports) {
      const p = interfacePath(e);
      if (!p) continue;
      const key = `${p.package}/${p.iface}`;
      exporters.set(key, [...(exporters.get(key) ?? []), { member: m, export: e, version: p.version }]);
    }
  }

  const wires: Wire[] = [];
  const host: HostImport[] = [];
  const read = interfaceReader();
  for (const m of unique) {
    for (const imp of m.imports) {
      const p = interfacePath(imp);
      if (!p) {
        problems.push({ kind: 'unsatisfied', members: [m.name], message: `${m.name} imports ${describeItem(imp)}, ${NO_MEMBER} (only interfaces are linked between members)` });
        continue;
      }
      const same = (exporters.get(`${p.package}/${p.iface}`) ?? []).filter((x) => x.member !== m);
      const fits = same.filter((x) => 'version' in pickVersion(p.package, [x.version], p.version));
      if (fits.length > 1) {
        const names = fits.map((x) => x.member.name);
        problems.push({
          kind: 'ambiguous',
          members: [m.name, ...names],
          message: `${m.name} imports ${imp}, which ${andList(names)} all export: the studio cannot tell which to link (keep one of them in the composition)`,
        });
      } else if (fits.length === 1) {
        const from = fits[0]!;
        wires.push({ from: from.member.name, to: m.name, export: from.export, import: imp, checked: checkWire(m, imp, from.member, from.export, read, problems) });
      } else if (p.package.startsWith('wasi:')) {
        host.push({ member: m.name, import: imp });
      } else {
        const other = same.length ? ` (${same.map((x) => `${x.member.name} exports ${x.export}`).join(', ')}: not a compatible version)` : '';
        problems.push({ kind: 'unsatisfied', members: [m.name], message: `${m.name} imports ${imp}, ${NO_MEMBER}${other}` });
      }
    }
  }

  const names = unique.map((m) => m.name);
  problems.push(...cycles(names, wires));
  return { order: instantiationOrder(names, wires, root), root, wires, host, problems };
}

/** The first member of each name; a name used twice is a problem. */
function distinctMembers(members: MemberFacts[], problems: LinkProblem[]): MemberFacts[] {
  const seen = new Map<string, number>();
  for (const m of members) seen.set(m.name, (seen.get(m.name) ?? 0) + 1);
  for (const [name, n] of seen) {
    if (n > 1) problems.push({ kind: 'duplicate-name', members: [name], message: `${n} members are named ${name}: each member needs a name of its own` });
  }
  return members.filter((m, i) => members.findIndex((x) => x.name === m.name) === i);
}

/** `greet: func(…)` -> `the function greet: func(…)`; `api: interface` -> `the inline interface api`. */
function describeItem(item: string): string {
  if (/^[\w-]+: interface$/.test(item)) return `the inline interface ${item.slice(0, item.indexOf(':'))}`;
  if (/^[\w-]+: (async )?func\b/.test(item)) return `the function ${item}`;
  return item;
}

function andList(names: string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Compares the wire's two sides when both have WIT declaring the interface; says how far it could check. */
function checkWire(
  importer: MemberFacts,
  imp: string,
  exporter: MemberFacts,
  exp: string,
  read: (wit: string, name: string) => InterfaceShape | null,
  problems: LinkProblem[],
): Wire['checked'] {
  const expects = importer.wit === null ? null : read(importer.wit, imp);
  const has = exporter.wit === null ? null : read(exporter.wit, exp);
  if (!expects || !has) return 'names';
  for (const mismatch of compareShapes(importer.name, expects, exporter.name, has)) {
    problems.push({ kind: 'type-mismatch', members: [importer.name, exporter.name], message: `${mismatch.message}, in ${imp}` });
  }
  return 'types';
}

/** Importer -> the members it imports from, each once, in wire order. */
function dependencies(names: string[], wires: Wire[]): Map<string, string[]> {
  const deps = new Map(names.map((n) => [n, [] as string[]]));
  for (const w of wires) {
    const list = deps.get(w.to)!;
    if (!list.includes(w.from)) list.push(w.from);
  }
  return deps;
}

/**
 * One cycle per group of members that import from each other (Tarjan's strongly connected
 * components), named in order around the circle from the group's first member.
 */
function cycles(names: string[], wires: Wire[]): LinkProblem[] {
  const deps = dependencies(names, wires);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const groups: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of deps.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      group.push(w);
      if (w === v) break;
    }
    if (group.length > 1) groups.push(group);
  };
  for (const n of names) if (!index.has(n)) visit(n);

  return groups.map((group) => {
    const start = names.find((n) => group.includes(n))!;
    const circle = circleFrom(start, group, deps);
    const steps = circle.map((m, i) => {
      const next = circle[(i + 1) % circle.length]!;
      const w = wires.find((x) => x.to === m && x.from === next)!;
      return `${m} imports ${w.import} from ${next}`;
    });
    return {
      kind: 'cycle',
      members: circle,
      message: `${andList(circle)} import from each other in a cycle (${steps.join(', ')}): each member must be instantiated after the members it imports from`,
    } satisfies LinkProblem;
  });
}

/** A shortest path from `start` through `group` back to `start`, following imports. */
function circleFrom(start: string, group: string[], deps: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i]!;
    for (const w of deps.get(v)!) {
      if (!group.includes(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

/** Kahn's order, ties broken by the members' own order, the root held back while anything else can go. */
function instantiationOrder(names: string[], wires: Wire[], root: string): string[] {
  const deps = dependencies(names, wires);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const waiting = names.filter((n) => !placed.has(n));
    const ready = waiting.filter((n) => deps.get(n)!.every((d) => placed.has(d)));
    // In a cycle nothing is ready: the plan already has a problem; go on in the members' order.
    const next = ready.find((n) => n !== root) ?? ready[0] ?? waiting.find((n) => n !== root) ?? waiting[0]!;
    order.push(next);
    placed.add(next);
  }
  return order;
}

/**
 * Every reason the engines cannot run the plan, one line each: its problems, and one of theirs:
 * they instantiate every other member before the root, so none can import from the root.
 */
export function unrunnable(plan: LinkPlan): string[] {
  const fromRoot = plan.wires.filter((w) => w.from === plan.root);
  return [
    ...plan.problems.map((p) => p.message),
    ...fromRoot.map((w) => `${w.to} imports ${w.import} from ${plan.root}, the component run: the other members are instantiated before it, so none can import from it`),
  ];
}
