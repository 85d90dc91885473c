import { resolveGrants, type Policy } from '../../src-shared/capabilities/policy';
import type { StreamName } from '../../src-shared/engine/output';
import type { ComponentArtifacts, ComponentDescription, ProjectConfig, RunLimits, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { roundMs, type PhaseTimings } from '../../src-shared/timing/phases';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { confine, writeAtomic } from '../fs-safe';
import type { Grants } from '../../src-shared/capabilities/policy';
import { StudioError } from '../../src-shared/protocol/envelope';
import type { RunnerPool } from '../host/engine/runner-pool';
import { nodeEngine } from '../host/engine/engine';
import type { Engine, PreparedComponent, RunHooks } from '../../src-shared/engine/engine';
import { wiresOf, type MemberWires } from '../../src-shared/engine/link';
import type { CompositionDescription, LinkPlan } from '../../src-shared/protocol/composition';
import { defaultSourceDir, isWasmMember, projectMembers } from '../../src-shared/protocol/members';
import { CompositionPlanner, describeComposition, packageWit, refuseUnrunnable, type MemberBuild } from './composition';
import { snapshotFolder } from './snapshot';
import { worldItems } from '../../src-shared/wit/world-items';
import { exportedFunctions } from './wit-deps';
import type { BuildService } from './build';
import type { Workspace } from './workspace';

/** Runs the current component in the Node engine, and prepares it for the browser engine. */
export class RunService {
  /** Set by the CLI, whose flags add to the project's policy and limits. */
  private overrides: { policy?: Partial<Policy>; limits?: Partial<RunLimits> } = {};
  private described: { hash: string; description: ComponentDescription } | null = null;
  /** Runs started here and not yet finished, so closing the project can stop them. */
  private readonly active = new Set<string>();
  /** The Node engine over this project's current build, under its policy (and the CLI's flags). */
  readonly engine: Engine;
  private readonly planner: CompositionPlanner;

  constructor(
    private readonly workspace: Workspace,
    private readonly builds: BuildService,
    private readonly runners: RunnerPool,
    private readonly hostEnv: Record<string, string | undefined> = process.env,
    /** Throws when the project may not run (not trusted); given the very settings a run will use. */
    private readonly guard: (project: ProjectConfig, action: 'Run' | 'Call') => void = () => {},
  ) {
    this.planner = new CompositionPlanner(runners, () => this.maxWasmMiB(), (name) => this.memberWit(name));
    const node = nodeEngine(runners, async (action) => {
      // Before building: an untrusted project is refused as a run, not as the build a run starts.
      this.guard(this.workspace.project, action);
      const { root, linked } = await this.composition();
      const link = linked && { ...linked.link, linked: linked.members.map(({ member: { name, hash, bytes }, grants, wires }) => ({ name, hash, bytes, grants, wires })) };
      return { hash: root.hash, name: root.name, bytes: root.bytes, settings: this.settings(true, action), ...(link ? { link } : {}) };
    });
    this.engine = {
      ...node,
      run: (runId, hooks) => this.tracking(runId, () => node.run(runId, hooks)),
      call: (runId, target, args, hooks) => this.tracking(runId, () => node.call(runId, target, args, hooks)),
      handle: (runId, request, hooks, options) => this.tracking(runId, () => node.handle(runId, request, hooks, options)),
    };
  }

  override(o: { policy?: Partial<Policy>; limits?: Partial<RunLimits> }): void {
    this.overrides = o;
  }

  /** The root's settings: its policy (with the CLI's flags over it) and the project's limits. */
  settings(trace = true, action: 'Run' | 'Call' = 'Run'): RunSettings {
    const project = this.workspace.project;
    this.guard(project, action);
    const root = projectMembers(project)[0]!;
    const grants = this.grantsOf({ ...root.policy, ...this.overrides.policy }, root.name);
    return { grants, limits: { ...project.limits, ...this.overrides.limits }, trace, snapshots: {} };
  }

  /** A member's own grants, from studio.json as it is now. */
  private memberGrants(name: string): Grants {
    const member = projectMembers(this.workspace.project).find((m) => m.name === name);
    if (!member) throw new StudioError('no-mount', `the project has no member ${name}`);
    return this.grantsOf(member.policy, member.name);
  }

  private grantsOf(policy: Policy, name: string): Grants {
    const grants = resolveGrants(policy, name, this.hostEnv);
    grants.mounts = grants.mounts.map((m) => ({ ...m, host: this.mountFolder(m.host) }));
    return grants;
  }

  /**
   * The current build's members: the root, and in a composition the plan and the members linked
   * before the root, each with its own grants and wires. A plan that cannot run is refused here.
   */
  private async composition(): Promise<{ root: MemberBuild; linked: { link: { member: string; wires: MemberWires }; members: { member: MemberBuild; grants: Grants; wires: MemberWires }[]; plan: LinkPlan } | null }> {
    const members = await this.builds.currentMembers();
    const root = members[0]!;
    if (members.length === 1) return { root, linked: null };
    const plan = await this.planner.plan(members);
    refuseUnrunnable(plan);
    const byName = new Map(members.map((m) => [m.name, m]));
    const before = plan.order.slice(0, -1).map((name) => byName.get(name)!);
    return {
      root,
      linked: {
        plan,
        link: { member: root.name, wires: wiresOf(plan, root.name) },
        members: before.map((member) => ({ member, grants: this.grantsOf(member.policy, member.name), wires: wiresOf(plan, member.name) })),
      },
    };
  }

  /** The composition view's model; null for a project of one component. */
  async describeComposition(): Promise<CompositionDescription | null> {
    const members = await this.builds.currentMembers();
    if (members.length === 1) return null;
    return describeComposition(await this.planner.plan(members), members, (name) => this.sourceOf(name));
  }

  /** A source member's WIT: the project's own package, which every source member of it shares; a .wasm member has none. */
  private memberWit(name: string): string | null {
    const member = projectMembers(this.workspace.project).find((m) => m.name === name);
    if (!member || isWasmMember(member)) return null;
    const files = Object.fromEntries(this.workspace.list().filter((f) => f.startsWith('wit/')).map((f) => [f, this.workspace.read(f)]));
    return packageWit(files);
  }

  /** The file a click on a member opens: its .wasm, its first source, or the first file of its source folder. */
  private sourceOf(name: string): string | null {
    const project = this.workspace.project;
    const member = projectMembers(project).find((m) => m.name === name);
    if (!member) return null;
    if (isWasmMember(member)) return member.wasm;
    const dir = defaultSourceDir(project, member);
    return member.sources?.[0] ?? this.workspace.list().find((f) => f.startsWith(dir)) ?? null;
  }

  private maxWasmMiB(): number {
    return this.overrides.limits?.maxWasmMiB ?? this.workspace.project.limits.maxWasmMiB;
  }

  /**
   * A mount's host folder, relative to the project unless absolute; it must exist. Its real path is
   * what runs: the folder the trust check judged, not wherever a link swapped in later points.
   */
  private mountFolder(host: string): string {
    const full = resolve(this.workspace.dir, host);
    if (!existsSync(full) || !statSync(full).isDirectory()) {
      throw new StudioError('bad-mount', `the mounted folder ${host} does not exist (resolved to ${full})`);
    }
    return realpathSync(full);
  }

  /** Runs the current build's command in the Node engine. */
  runNode(runId: string, onOutput?: (stream: StreamName, text: string) => void, hooks: RunHooks = {}): Promise<RunResult> {
    return this.engine.run(runId, { onOutput, ...hooks });
  }

  /** Runs of this project's engine are kept until they end, so closing the project can stop them. */
  private async tracking<T>(runId: string, work: () => Promise<T>): Promise<T> {
    this.active.add(runId);
    try {
      return await work();
    } finally {
      this.active.delete(runId);
    }
  }

  /**
   * Writes back a file the browser engine changed in its snapshot: only into a read-write mount, and
   * only below its host folder (the same confinement as project files).
   */
  writeBack(guest: string, path: string, content: Uint8Array | null, expectedSha256?: string | null, member?: string): string {
    const grants = member === undefined ? this.settings().grants : this.memberGrants(member);
    const mount = grants.mounts.find((m) => m.guest === guest);
    if (!mount) throw new StudioError('no-mount', `no folder is mounted at ${guest}${member ? ` for ${member}` : ''}`);
    if (mount.mode !== 'rw') throw new StudioError('read-only', `${guest} is mounted read-only: nothing is written back to it`);
    const target = confine(mount.host, path);
    if (expectedSha256 !== undefined) {
      const now = existsSync(target) ? createHash('sha256').update(readFileSync(target)).digest('hex') : null;
      if (now !== expectedSha256) {
        const what = now === null ? 'was deleted' : expectedSha256 === null ? 'was created' : 'changed';
        throw new StudioError('conflict', `${guest}/${path} ${what} on the host since the browser engine's snapshot was taken (the Node engine may have written it in the same run): writing back would replace that`);
      }
    }
    if (content === null) rmSync(target, { force: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeAtomic(target, content);
    }
    return target;
  }

  stop(runId: string): Promise<boolean> {
    return this.engine.stop(runId);
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.active].map((id) => this.engine.stop(id).catch(() => false)));
  }

  async describe(): Promise<ComponentDescription> {
    const c = await this.builds.current();
    if (this.described?.hash === c.hash) return this.described.description;
    const t = await this.runners.transpile(c.hash, c.name, c.bytes, this.maxWasmMiB());
    const { functions, functionsError } = exportedFunctions(t.wit, this.workspace);
    const description: ComponentDescription = {
      name: c.name,
      hash: c.hash,
      size: c.bytes.length,
      imports: worldItems(t.wit, 'import'),
      exports: worldItems(t.wit, 'export'),
      coreModules: Object.entries(t.modules).map(([name, bytes]) => ({ name, size: bytes.length })),
      functions,
      functionsError,
    };
    this.described = { hash: c.hash, description };
    return description;
  }

  /** Calls an exported function in the Node engine: WAVE text in, WAVE text out, refused before sending when malformed. */
  async call(runId: string, path: string[], args: string[], hooks: RunHooks = {}): Promise<RunResult> {
    this.guard(this.workspace.project, 'Call');
    const { functions } = await this.describe();
    const target = functions.find((f) => f.path.join('.') === path.join('.'));
    if (!target) throw new StudioError('no-such-export', `the component exports no function ${path.join('.')}`);
    return this.engine.call(runId, target, args, hooks);
  }

  async prepare(): Promise<PreparedComponent> {
    this.guard(this.workspace.project, 'Run');
    const { root, linked } = await this.composition();
    const artifacts = async (c: MemberBuild): Promise<ComponentArtifacts> => {
      const t = await this.runners.transpile(c.hash, c.name, c.bytes, this.maxWasmMiB());
      return { hash: c.hash, name: c.name, glue: t.glue, modules: t.modules, transpileMs: t.fresh ? roundMs(t.transpileMs) : null };
    };
    const settings = this.settings();
    const link = linked && {
      ...linked.link,
      linked: await Promise.all(
        linked.members.map(async ({ member, grants, wires }) => ({ name: member.name, artifacts: await artifacts(member), grants, wires, snapshots: snapshotsOf(grants) })),
      ),
    };
    return { artifacts: await artifacts(root), settings: { ...settings, snapshots: snapshotsOf(settings.grants) }, ...(link ? { link } : {}) };
  }
}

export function snapshotsOf(grants: Grants): RunSettings['snapshots'] {
  return Object.fromEntries(grants.mounts.map((m) => [m.guest, snapshotFolder(m.host)]));
}
