import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BuildCache, type CacheEntry } from './build-cache';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { languageInfo } from '../../src-shared/languages/registry';
import { StudioError } from '../../src-shared/protocol/envelope';
import { notWasmMessage, wasmHeader } from '../../src-shared/engine/wasm-header';
import { isWasmMember, memberLanguage, projectMembers } from '../../src-shared/protocol/members';
import type { Policy } from '../../src-shared/capabilities/policy';
import type { BuildResult, BuildStep, Diagnostic, Language, MemberConfig, ProjectConfig, SourceMember, WasmMember } from '../../src-shared/protocol/types';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import type { StepReporter } from '../toolchains/steps';
import type { ProgressReporter, ToolchainJob, ToolchainOutput } from '../toolchains/types';
import { toolchainVersion } from '../toolchains/registry';
import { bindingFiles, worldBindings } from '../toolchains/c-world';
import type { Workspace } from './workspace';

export interface BuiltComponent {
  name: string;
  hash: string;
  bytes: Uint8Array;
}

/** One member of the project as built, with the grants it alone gets (what linking needs of it). */
export interface BuiltMember {
  name: string;
  language: Language | 'wasm';
  hash: string;
  bytes: Uint8Array;
  policy: Policy;
}

/** One member's last build: its inputs' hash, what the build said, and its component when it succeeded. */
interface MemberOutcome {
  member: MemberConfig;
  inputs: string;
  result: BuildResult;
  component: BuiltComponent | null;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Bumped when an adapter changes what it makes of the same inputs, so old cache entries are not reused. */
const ADAPTERS_REVISION = 1;
const CACHE_DIR = '.studio/cache';

/**
 * Builds the open project. Unchanged inputs are not compiled twice: within a process the last
 * result is reused, and across restarts a cache under .studio/cache/ keyed by the content hash
 * of (language, flags, toolchain versions, every source including wit/) answers without the
 * compiler; so does the user's cache shared by every project, when the studio has one.
 */
export class BuildService {
  private last: { inputs: string; result: BuildResult; members: BuiltMember[] | null } | null = null;
  /** Each member's last outcome by name: a member whose inputs did not change is not built again. */
  private readonly memberLast = new Map<string, MemberOutcome>();
  private inFlight: Promise<BuildResult> | null = null;
  /** A .wasm the user opened: it is what runs and calls use until the next build. */
  private opened: BuiltComponent | null = null;

  constructor(
    private readonly workspace: Workspace,
    private readonly toolchains: Pick<ToolchainHost, 'build'>,
    private readonly progress: ProgressReporter,
    private readonly onStep: StepReporter = () => {},
    /** Throws when the project may not be built (not trusted); called with the settings the build will use. */
    private readonly guard: (project: ProjectConfig) => void = () => {},
    /** The build wrote project files (generated declarations): the file list changed. */
    private readonly onFilesWritten: () => void = () => {},
    /** The user's cache shared by every project (build-cache.ts): none in tests of this service alone. */
    private readonly shared: BuildCache | null = null,
  ) {
    this.own = new BuildCache(join(workspace.dir, CACHE_DIR), CACHE_DIR, { entries: 64, bytes: Infinity }, (file, data) =>
      typeof data === 'string' ? this.workspace.write(`${CACHE_DIR}/${file}`, data) : this.workspace.writeBytes(`${CACHE_DIR}/${file}`, data),
    );
  }

  /** The project's own cache, .studio/cache/. */
  private readonly own: BuildCache;

  /** Makes an opened component the current one, in place of the project's build. */
  open(component: BuiltComponent): void {
    this.opened = component;
  }

  build(): Promise<BuildResult> {
    try {
      this.guard(this.workspace.project);
    } catch (err) {
      return Promise.reject(err);
    }
    this.opened = null; // building means the project's own sources again
    // Two clicks on Build while one is running share it rather than racing to write the output.
    this.inFlight ??= this.doBuild().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** The last build's result, if there was one (an opened .wasm is not a build). */
  lastResult(): BuildResult | null {
    return this.last?.result ?? null;
  }

  /** The root component of the sources as they are now (the one component of most projects), building first if they changed. */
  async current(): Promise<BuiltComponent> {
    if (this.opened) return this.opened;
    const [root] = await this.currentMembers();
    return { name: root!.name, hash: root!.hash, bytes: root!.bytes };
  }

  /**
   * Every member as built from the sources as they are now, the root first, building first if
   * any changed. A single-component project is one member named after the project; an opened
   * .wasm is one member with the project's policy.
   */
  async currentMembers(): Promise<BuiltMember[]> {
    if (this.opened) return [{ ...this.opened, language: 'wasm', policy: this.workspace.project.policy }];
    if (!this.last || this.last.inputs !== this.projectInputs()) await this.build();
    const last = this.last!;
    if (!last.result.ok || !last.members) {
      const first = last.result.diagnostics.find((d) => d.severity === 'error');
      throw new StudioError('build-failed', `the last build failed, so there is nothing fresh to run${first ? `: ${where(first)}${first.message}` : ''}`);
    }
    return last.members;
  }

  /** Every file a member's build reads: its sources, wit/ (any language), and Cargo's manifests for Rust. */
  private inputs(member: SourceMember): Record<string, string> {
    const files = { ...this.workspace.sources(member) };
    for (const f of this.workspace.list()) {
      const wanted = (f.startsWith('wit/') && f.endsWith('.wit')) || languageInfo(member.language).buildInputs.includes(f);
      if (wanted && !(f in files)) files[f] = this.workspace.read(f);
    }
    return files;
  }

  private flags(m: SourceMember): string[] {
    return m.build?.flags ?? [...languageInfo(m.language).defaultFlags];
  }

  private inputsHash(m: SourceMember, inputs: Record<string, string>): string {
    const sorted = Object.keys(inputs).sort().map((f) => [f, inputs[f]]);
    return sha256(JSON.stringify([m.language, this.flags(m), m.world ?? null, m.jsBackend ?? null, sorted]));
  }

  /** What a built member's inputs are: its path and bytes (a missing or unreadable file is an input too: its build says why). */
  private wasmInputs(m: WasmMember): { key: string; bytes: Uint8Array | null; error: string | null } {
    try {
      const bytes = this.workspace.readWasm(m.wasm, this.workspace.project.limits.maxWasmMiB);
      return { key: sha256(JSON.stringify(['wasm', m.wasm, sha256(bytes)])), bytes, error: null };
    } catch (err) {
      const error = (err as Error).message;
      return { key: sha256(JSON.stringify(['wasm', m.wasm, error])), bytes: null, error };
    }
  }

  /** One hash of every member's inputs: whether the last build is still the sources' build. */
  private projectInputs(): string {
    if (this.workspace.configProblem) return '';
    const keys = projectMembers(this.workspace.project).map((m) => (isWasmMember(m) ? this.wasmInputs(m).key : this.inputsHash(m, this.inputs(m))));
    return sha256(JSON.stringify(keys));
  }

  private async doBuild(): Promise<BuildResult> {
    const broken = this.workspace.configProblem;
    if (broken) {
      // Not the last good settings: a build must follow what studio.json says, and it says nothing usable.
      const result: BuildResult = { ok: false, diagnostics: [broken], steps: [], log: '', stale: Boolean(this.last?.members) };
      this.last = { inputs: '', result, members: null };
      return result;
    }
    const project = this.workspace.project;
    const members = projectMembers(project);
    const composed = Boolean(project.components);
    const outcomes: MemberOutcome[] = [];
    // One after another: the toolchain host builds one job at a time anyway.
    for (const m of members) outcomes.push(await this.buildMember(project, m, composed));
    for (const name of [...this.memberLast.keys()]) if (!members.some((m) => m.name === name)) this.memberLast.delete(name);
    const result = composed ? combine(outcomes) : outcomes[0]!.result;
    const built = outcomes.every((o) => o.component)
      ? outcomes.map(({ member, component }): BuiltMember => ({ ...component!, language: memberLanguage(member), policy: member.policy }))
      : null;
    this.last = { inputs: sha256(JSON.stringify(outcomes.map((o) => o.inputs))), result, members: result.ok ? built : null };
    return result;
  }

  /** Builds one member, or answers from its last build when its inputs did not change. */
  private async buildMember(project: ProjectConfig, member: MemberConfig, composed: boolean): Promise<MemberOutcome> {
    const tag = <T extends Diagnostic | BuildStep>(x: T): T => (composed ? { ...x, member: member.name } : x);
    const onStep: StepReporter = (step) => this.onStep(tag(step));
    const outcome = isWasmMember(member) ? this.readMember(member, onStep) : await this.compileMember(project, member, onStep);
    const result = { ...outcome.result, diagnostics: outcome.result.diagnostics.map(tag), steps: outcome.result.steps.map(tag) };
    const tagged = { ...outcome, result };
    if (!result.unchanged) this.memberLast.set(member.name, tagged);
    return tagged;
  }

  private unchanged(name: string, inputs: string): MemberOutcome | null {
    const last = this.memberLast.get(name);
    if (last?.inputs !== inputs || !last.result.ok) return null;
    return { ...last, result: { ...last.result, steps: [{ name: 'cache hit (sources unchanged)', ms: 0 }], unchanged: true } };
  }

  /** Writes a member's component to build/<name>.wasm and says so. */
  private done(member: MemberConfig, inputs: string, bytes: Uint8Array, rest: Pick<BuildResult, 'diagnostics' | 'steps' | 'log'>): MemberOutcome {
    const componentPath = `build/${member.name}.wasm`;
    this.workspace.writeBytes(componentPath, bytes);
    const component = { name: member.name, hash: sha256(bytes), bytes };
    return { member, inputs, component, result: { ok: true, componentPath, hash: component.hash, size: bytes.length, stale: false, ...rest } };
  }

  private failed(member: MemberConfig, inputs: string, rest: Pick<BuildResult, 'diagnostics' | 'steps' | 'log'>): MemberOutcome {
    return { member, inputs, component: null, result: { ok: false, stale: Boolean(this.memberLast.get(member.name)?.component), ...rest } };
  }

  /** A member built elsewhere: read, size-checked, and refused unless it is a component. */
  private readMember(member: WasmMember, onStep: StepReporter): MemberOutcome {
    const t = performance.now();
    const read = this.wasmInputs(member);
    const cached = this.unchanged(member.name, read.key);
    if (cached) return cached;
    const step = { name: `read ${member.wasm}`, ms: performance.now() - t };
    onStep(step);
    const refuse = (why: string) =>
      this.failed(member, read.key, { diagnostics: [studioProblem(`component "${member.name}": ${why}`)], steps: [step], log: '' });
    if (!read.bytes) return refuse(read.error!);
    const header = wasmHeader(read.bytes);
    if (header.kind === 'core') {
      return refuse(`${member.wasm} is a core module, not a component: build it as a component, or adapt a wasip1 command with \`jco new ${member.wasm} --wasi-command\``);
    }
    if (header.kind !== 'component') return refuse(notWasmMessage(member.wasm, header));
    return this.done(member, read.key, read.bytes, { diagnostics: [], steps: [step], log: '' });
  }

  private async compileMember(project: ProjectConfig, member: SourceMember, onStep: StepReporter): Promise<MemberOutcome> {
    const sources = this.inputs(member);
    const inputs = this.inputsHash(member, sources);
    const cachedHere = this.unchanged(member.name, inputs);
    if (cachedHere) return cachedHere;
    const empty = emptySources(member, sources);
    if (empty) return this.failed(member, inputs, { diagnostics: [empty], steps: [], log: '' });

    const t = performance.now();
    const key = await this.cacheKey(member, inputs);
    const lookupMs = performance.now() - t;
    // The project's own cache first; then the user's, but only ever filled by this studio's own
    // builds: an entry a project folder brought along in .studio/cache is never shared further.
    const hit = this.lookUp(key);
    let out: ToolchainOutput;
    let steps: BuildStep[];
    if (hit) {
      const { meta, bytes } = hit.entry;
      out = { ok: true, component: bytes, diagnostics: meta.diagnostics, log: meta.log, coreSize: meta.coreSize, generated: meta.generated, steps: [] };
      steps = [{ name: `cache hit (${hit.cache.label}/${key.slice(0, 12)}….wasm)`, ms: performance.now() - t }];
      onStep(steps[0]!);
      if (hit.cache !== this.own) this.keepInCache([this.own], key, out);
    } else {
      const job: ToolchainJob = {
        language: member.language,
        sources,
        flags: this.flags(member),
        output: `${member.name}.core.wasm`,
        world: member.world,
        jsBackend: member.jsBackend,
        projectDir: languageInfo(member.language).buildsInPlace ? this.workspace.dir : undefined,
      };
      const lookup = { name: 'cache lookup', ms: lookupMs };
      onStep(lookup);
      out = await this.toolchains.build(job, this.progress, onStep);
      steps = [lookup, ...out.steps];
      if (out.ok && out.component) this.keepInCache([this.own, this.shared], key, out);
    }
    if (out.generated) this.writeGenerated(out.generated);
    const tooLarge = out.ok && out.component ? wasmTooLarge(out.component.length, project.limits.maxWasmMiB, `the built component ${member.name}.wasm`) : null;
    if (tooLarge) out = { ...out, ok: false, component: undefined, diagnostics: [...out.diagnostics, studioProblem(tooLarge)] };

    if (!out.ok || !out.component) {
      const diagnostics = out.diagnostics.length ? out.diagnostics : [studioProblem(`the build failed without a diagnostic: ${out.log.trim() || 'no output'}`)];
      return this.failed(member, inputs, { diagnostics, steps, log: out.log });
    }
    return this.done(member, inputs, out.component, { diagnostics: out.diagnostics, steps, log: out.log });
  }

  /**
   * Whether a Build now would run this member's toolchain: its sources as they are were not built
   * in this session and are in no cache. (The studio loads clang ahead only then.)
   */
  async wouldCompile(member: SourceMember): Promise<boolean> {
    const inputs = this.inputsHash(member, this.inputs(member));
    if (this.unchanged(member.name, inputs)) return false;
    const key = await this.cacheKey(member, inputs);
    return !this.lookUp(key);
  }

  private async cacheKey(member: SourceMember, inputs: string): Promise<string> {
    return sha256(JSON.stringify([ADAPTERS_REVISION, await toolchainVersion(member.language, member.jsBackend), inputs]));
  }

  private lookUp(key: string): { cache: BuildCache; entry: CacheEntry } | null {
    for (const cache of [this.own, this.shared]) {
      const entry = cache?.read(key);
      if (entry) return { cache: cache!, entry };
    }
    return null;
  }

  /** Best effort: a cache that cannot be written only costs the next build its speed. */
  private keepInCache(caches: (BuildCache | null)[], key: string, out: ToolchainOutput): void {
    const entry = { bytes: out.component!, meta: { diagnostics: out.diagnostics, log: out.log, coreSize: out.coreSize, generated: out.generated } };
    for (const cache of caches) {
      try {
        cache?.put(key, entry);
      } catch (err) {
        this.progress(`The build cache ${cache!.label} could not be written: ${(err as Error).message}`, null);
      }
    }
  }

  /**
   * A C/C++ world's bindings, regenerated from the WIT as it is saved, so the header the user
   * writes against follows the WIT before the next build. WIT the generator cannot read is left to
   * the build to report.
   */
  refreshBindings(): void {
    if (this.workspace.configProblem) return;
    for (const m of projectMembers(this.workspace.project)) {
      if (isWasmMember(m) || (m.language !== 'c' && m.language !== 'cpp') || m.world === undefined) continue;
      const found = worldBindings(this.inputs(m), m.world);
      if (found.ok) this.writeGenerated(bindingFiles(found.bindings));
    }
  }

  /** Generated project files (the world's declarations under types/), written only when they changed. */
  private writeGenerated(files: Record<string, string>): void {
    let wrote = false;
    for (const [path, text] of Object.entries(files)) {
      const full = join(this.workspace.dir, path);
      if (existsSync(full) && readFileSync(full, 'utf8') === text) continue;
      this.workspace.write(path, text);
      wrote = true;
    }
    if (wrote) this.onFilesWritten();
  }
}

/** "src/main.c is empty" rather than a linker's complaint about a missing main. */
function emptySources({ language, world }: SourceMember, sources: Record<string, string>): Diagnostic | null {
  const info = languageInfo(language);
  const code = Object.keys(sources).filter((f) => !f.startsWith('wit/') && !f.endsWith('.d.ts') && !info.buildInputs.includes(f));
  if (code.length === 0 || code.some((f) => sources[f]!.trim())) return null;
  const file = code.find((f) => f.endsWith(`.${info.extensions[0]}`)) ?? code[0]!;
  // A C/C++ world has no main: its exports are what the code implements.
  const what = (language === 'c' || language === 'cpp') && world !== undefined ? `implement the exports of the world "${world}", declared in bindings/ (e.g. \`#include "<world>.h"\`)` : info.emptySource;
  return { file, line: 1, column: 1, severity: 'error', message: `${file} is empty: ${what}`, source: 'studio' };
}

const studioProblem = (message: string): Diagnostic => ({ file: '', line: 0, column: 0, severity: 'error', message, source: 'studio' });

/**
 * A composition's build as one result: every member's problems and steps (each tagged with its
 * member), ok when all are, and the root's component as the one a single-component caller sees.
 */
function combine(outcomes: MemberOutcome[]): BuildResult {
  const ok = outcomes.every((o) => o.result.ok);
  const root = outcomes[0]!.result;
  return {
    ok,
    ...(ok ? { componentPath: root.componentPath, hash: root.hash, size: root.size } : {}),
    diagnostics: outcomes.flatMap((o) => o.result.diagnostics),
    steps: outcomes.flatMap((o) => o.result.steps),
    log: outcomes.filter((o) => o.result.log.trim()).map((o) => `== ${o.member.name} ==\n${o.result.log}`).join('\n'),
    stale: outcomes.some((o) => o.result.stale),
    ...(outcomes.every((o) => o.result.unchanged) ? { unchanged: true } : {}),
    members: outcomes.map(({ member, result: r }) => ({ name: member.name, ok: r.ok, componentPath: r.componentPath, hash: r.hash, size: r.size })),
  };
}

const where = (d: Diagnostic) => (d.file ? `${d.file}:${d.line}:${d.column}: ` : '');
