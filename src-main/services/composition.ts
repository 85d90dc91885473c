import type { Policy } from '../../src-shared/capabilities/policy';
import { planLinks, unrunnable } from '../../src-shared/compose/plan';
import type { CompositionDescription, LinkPlan, MemberFacts } from '../../src-shared/protocol/composition';
import { StudioError } from '../../src-shared/protocol/envelope';
import { worldItems } from '../../src-shared/wit/world-items';
import type { RunnerPool } from '../host/engine/runner-pool';

/** One member of a composition as built: its bytes and its own policy. The first member is the root. */
export interface MemberBuild {
  name: string;
  language: string;
  hash: string;
  bytes: Uint8Array;
  policy: Policy;
}

/**
 * The link plan of the current members, made from what each member's transpiled WIT says it
 * imports and exports, and kept until a member's bytes change. Transpiling is what runs need
 * anyway, and the runner keeps it.
 */
export class CompositionPlanner {
  private last: { key: string; plan: LinkPlan } | null = null;

  constructor(
    private readonly runners: RunnerPool,
    private readonly maxWasmMiB: () => number,
    /** A member's WIT, so that wires are compared type by type; null: names and versions only. */
    private readonly witOf: (member: string) => string | null = () => null,
  ) {}

  async plan(members: MemberBuild[]): Promise<LinkPlan> {
    const wits = members.map((m) => this.witOf(m.name));
    const key = JSON.stringify([members.map((m) => `${m.name}:${m.hash}`), wits]);
    if (this.last?.key === key) return this.last.plan;
    const facts: MemberFacts[] = await Promise.all(
      members.map(async (m, i) => {
        const { wit } = await this.runners.transpile(m.hash, m.name, m.bytes, this.maxWasmMiB());
        // The component's world names its interfaces without their bodies: their types come from the member's own WIT.
        return { name: m.name, imports: worldItems(wit, 'import'), exports: worldItems(wit, 'export'), wit: wits[i]! };
      }),
    );
    const plan = planLinks(facts, members[0]!.name);
    this.last = { key, plan };
    return plan;
  }
}

/**
 * A project's own WIT package (wit/*.wit, not its deps) as one text: the files of one folder are one
 * package, so each file's `package` line but the first is dropped. Null when there is none.
 */
export function packageWit(files: Record<string, string>): string | null {
  const texts = Object.keys(files)
    .filter((f) => /^wit\/[^/]+\.wit$/.test(f))
    .sort()
    .map((f) => files[f]!);
  if (!texts.length) return null;
  let seen = false;
  return texts
    .map((t) => t.replace(/^\s*package\s+[^;]+;/m, (line) => (seen ? '' : ((seen = true), line))))
    .join('\n');
}

/** Refuses a plan that cannot run, naming every problem, before anything is instantiated. */
export function refuseUnrunnable(plan: LinkPlan): void {
  const problems = unrunnable(plan);
  if (problems.length) throw new StudioError('link-problem', `the composition cannot be linked: ${problems.join('; ')}`);
}

/** What the composition view shows of the members; `sourceOf` names the file a click on a member opens. */
export function describeComposition(plan: LinkPlan, members: MemberBuild[], sourceOf: (member: string) => string | null): CompositionDescription {
  return { plan, members: members.map((m) => ({ name: m.name, language: m.language, size: m.bytes.length, policy: m.policy, source: sourceOf(m.name) })) };
}
