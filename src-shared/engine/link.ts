import type { ImportObject } from '../capabilities/imports';
import type { TraceRecorder } from '../capabilities/trace';
import type { Grants } from '../capabilities/policy';
import { glueImportKey, type CrossCalls, type LinkPlan } from '../protocol/composition';
import type { FileTree } from './contract';
import type { Instantiate } from './run-command';

/** Where one member's imports from other members come from: the glue's import key -> the member and its export. */
export type MemberWires = Record<string, { from: string; export: string }>;

/** A member instantiated before the root, in a run worker: its glue, its compiled modules and its own grants. */
export interface LinkedMember {
  name: string;
  instantiate: Instantiate;
  compile(name: string): Promise<unknown>;
  grants: Grants;
  snapshots?: Record<string, FileTree>;
  wires: MemberWires;
}

/** A member's wires as its glue asks for them, from the plan. */
export function wiresOf(plan: Pick<LinkPlan, 'wires'>, member: string): MemberWires {
  return Object.fromEntries(plan.wires.filter((w) => w.to === member).map((w) => [glueImportKey(w.import), { from: w.from, export: w.export }]));
}

/** The separator of a linked member's core module names (`lib/lib.core.wasm`): jco's file names have none. */
export const MODULE_OF = '/';

/**
 * What a member's glue gets for its imports from other members: the exporters' instances, looked
 * up by the plan's wires. `wrap` traces the calls of each exporter's part (who called whom).
 */
export function wiredImports(member: string, wires: MemberWires, instances: ReadonlyMap<string, object>, wrap: (from: string, part: ImportObject) => ImportObject): ImportObject {
  const byFrom = new Map<string, ImportObject>();
  for (const [key, { from, export: name }] of Object.entries(wires)) {
    const instance = instances.get(from) as Record<string, ImportObject[string] | undefined> | undefined;
    if (!instance) throw new Error(`${member} imports ${key} from ${from}, which is not instantiated before it`);
    const exported = instance[name] ?? instance[glueImportKey(name)];
    if (!exported) throw new Error(`${member} imports ${key} from ${from}, which does not export ${name}`);
    const part = byFrom.get(from) ?? {};
    part[key] = exported;
    byFrom.set(from, part);
  }
  return Object.assign({}, ...[...byFrom].map(([from, part]) => wrap(from, part)));
}

/**
 * An import object that names what is missing: jco's glue destructures `imports[key]` and would
 * otherwise fail with "Cannot destructure property … of undefined". `member`: the member whose
 * imports these are, or null for a component run alone.
 */
export function namingMissing(imports: ImportObject, member: string | null): ImportObject {
  const missing = member === null ? 'the component imports {}, which the host does not provide' : `${member} imports {}, which no member of the composition exports and the host does not provide`;
  return new Proxy(imports, {
    get(target, key, receiver) {
      if (typeof key === 'string' && key.includes(':') && !(key in target)) throw new Error(missing.replace('{}', key));
      return Reflect.get(target, key, receiver);
    },
  });
}

/**
 * The root's instantiate with the linked members instantiated first, in order, each with its own
 * imports and the exports of the members before it: one instantiation phase for the whole
 * composition, its core modules asked for under the member's name.
 */
export function instantiateLinked(
  /** `name`: null for a component run alone. */
  root: { name: string | null; instantiate: Instantiate; wires: MemberWires },
  linked: { member: LinkedMember; imports: ImportObject }[],
  wrap: (member: string, from: string, part: ImportObject) => ImportObject,
): Instantiate {
  return async (getCoreModule, rootImports, instantiateCore) => {
    const instances = new Map<string, object>();
    for (const { member, imports } of linked) {
      const all = { ...imports, ...wiredImports(member.name, member.wires, instances, (from, part) => wrap(member.name, from, part)) };
      try {
        const instance = await member.instantiate((file) => getCoreModule(member.name + MODULE_OF + file), namingMissing(all, member.name), instantiateCore);
        instances.set(member.name, instance as object);
      } catch (err) {
        throw new Error(`${member.name}: ${(err as Error).message ?? String(err)}`, { cause: err });
      }
    }
    const rootName = root.name ?? 'the component';
    const all = { ...rootImports, ...wiredImports(rootName, root.wires, instances, (from, part) => wrap(rootName, from, part)) };
    return root.instantiate(getCoreModule, namingMissing(all, root.name), instantiateCore);
  };
}

/**
 * The links of a component source in a composition, as the engines receive them: the root's member
 * name and wires, and the members to instantiate before it (each engine's own form of a component,
 * plus the member's name, grants and wires).
 */
export interface Linking<Member> {
  member: string;
  wires: MemberWires;
  linked: (Member & { name: string; grants: Grants; snapshots?: Record<string, FileTree>; wires: MemberWires })[];
}

/**
 * Counts the calls between members as they happen and reports them at most every 100 ms: the
 * guest runs synchronously, so the report is posted from inside a call, not from a timer.
 */
export class CrossCallCounter {
  private readonly counts = new Map<string, CrossCalls>();
  private lastReport = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly report: (calls: CrossCalls[]) => void,
  ) {}

  counting(recorder: TraceRecorder, component: string, callee: string): TraceRecorder {
    return {
      clock: () => recorder.clock(),
      record: (iface, fn, render, denied, error, began) => {
        recorder.record(iface, fn, render, denied, error, began);
        const key = `${component}\u0000${callee}\u0000${iface}`;
        const c = this.counts.get(key) ?? { component, callee, interface: iface, calls: 0 };
        c.calls++;
        this.counts.set(key, c);
        const t = this.now();
        if (t - this.lastReport >= 100) {
          this.lastReport = t;
          this.report([...this.counts.values()].map((x) => ({ ...x })));
        }
      },
    };
  }
}
