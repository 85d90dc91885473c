import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { languageInfo } from '../../src-shared/languages/registry';
import { StudioError } from '../../src-shared/protocol/envelope';
import type { BuildResult, BuildStep, Diagnostic, Language, ProjectConfig } from '../../src-shared/protocol/types';
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

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Bumped when an adapter changes what it makes of the same inputs, so old cache entries are not reused. */
const ADAPTERS_REVISION = 1;
const CACHE_DIR = '.studio/cache';
const CACHE_KEEP = 64;

/** What a cache entry keeps besides the component itself. */
interface CacheMeta {
  diagnostics: Diagnostic[];
  log: string;
  coreSize?: number;
  generated?: Record<string, string>;
}

/**
 * Builds the open project. Unchanged inputs are not compiled twice: within a process the last
 * result is reused, and across restarts a cache under .studio/cache/ keyed by the content hash
 * of (language, flags, toolchain versions, every source including wit/) answers without the compiler.
 */
export class BuildService {
  private last: { inputs: string; result: BuildResult; component: BuiltComponent | null } | null = null;
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
  ) {}

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

  /** The component of the sources as they are now, building first if they changed. */
  async current(): Promise<BuiltComponent> {
    if (this.opened) return this.opened;
    if (!this.last || this.last.inputs !== this.inputsHash(this.inputs())) await this.build();
    const last = this.last!;
    if (!last.result.ok || !last.component) {
      const first = last.result.diagnostics.find((d) => d.severity === 'error');
      throw new StudioError('build-failed', `the last build failed, so there is nothing fresh to run${first ? `: ${where(first)}${first.message}` : ''}`);
    }
    return last.component;
  }

  /** Every file the build reads: the language's sources, wit/ (any language), and Cargo's manifests for Rust. */
  private inputs(): Record<string, string> {
    const p = this.workspace.project;
    const files = { ...this.workspace.sources() };
    for (const f of this.workspace.list()) {
      const wanted = (f.startsWith('wit/') && f.endsWith('.wit')) || languageInfo(p.language).buildInputs.includes(f);
      if (wanted && !(f in files)) files[f] = this.workspace.read(f);
    }
    return files;
  }

  private flags(p: ProjectConfig): string[] {
    return p.build?.flags ?? [...languageInfo(p.language).defaultFlags];
  }

  private inputsHash(inputs: Record<string, string>): string {
    const p = this.workspace.project;
    const sorted = Object.keys(inputs).sort().map((f) => [f, inputs[f]]);
    return sha256(JSON.stringify([p.language, this.flags(p), p.world ?? null, p.jsBackend ?? null, sorted]));
  }

  private async doBuild(): Promise<BuildResult> {
    const broken = this.workspace.configProblem;
    if (broken) {
      // Not the last good settings: a build must follow what studio.json says, and it says nothing usable.
      const result: BuildResult = { ok: false, diagnostics: [broken], steps: [], log: '', stale: Boolean(this.last?.component) };
      this.last = { inputs: '', result, component: null };
      return result;
    }
    const project = this.workspace.project;
    const sources = this.inputs();
    const inputs = this.inputsHash(sources);
    if (this.last?.inputs === inputs && this.last.result.ok) {
      return { ...this.last.result, steps: [{ name: 'cache hit (sources unchanged)', ms: 0 }], unchanged: true };
    }
    const hadGood = Boolean(this.last?.component);
    const empty = emptySources(project, sources);
    if (empty) {
      const result: BuildResult = { ok: false, diagnostics: [empty], steps: [], log: '', stale: hadGood };
      this.last = { inputs, result, component: null };
      return result;
    }

    const t = performance.now();
    const version = await toolchainVersion(project.language, project.jsBackend);
    const key = sha256(JSON.stringify([ADAPTERS_REVISION, version, inputs]));
    const lookupMs = performance.now() - t;
    const cached = this.readCache(key);
    let out: ToolchainOutput;
    let steps: BuildStep[];
    if (cached) {
      out = { ok: true, component: cached.bytes, diagnostics: cached.meta.diagnostics, log: cached.meta.log, coreSize: cached.meta.coreSize, generated: cached.meta.generated, steps: [] };
      steps = [{ name: `cache hit (${CACHE_DIR}/${key.slice(0, 12)}….wasm)`, ms: performance.now() - t }];
      this.onStep(steps[0]!);
    } else {
      const job: ToolchainJob = {
        language: project.language,
        sources,
        flags: this.flags(project),
        output: `${project.name}.core.wasm`,
        world: project.world,
        jsBackend: project.jsBackend,
        projectDir: languageInfo(project.language).buildsInPlace ? this.workspace.dir : undefined,
      };
      const lookup = { name: 'cache lookup', ms: lookupMs };
      this.onStep(lookup);
      out = await this.toolchains.build(job, this.progress, this.onStep);
      steps = [lookup, ...out.steps];
      if (out.ok && out.component) this.writeCache(key, out);
    }
    if (out.generated) this.writeGenerated(out.generated);
    const tooLarge = out.ok && out.component ? wasmTooLarge(out.component.length, project.limits.maxWasmMiB, `the built component ${project.name}.wasm`) : null;
    if (tooLarge) out = { ...out, ok: false, component: undefined, diagnostics: [...out.diagnostics, { file: '', line: 0, column: 0, severity: 'error', message: tooLarge, source: 'studio' }] };

    if (!out.ok || !out.component) {
      const diagnostics = out.diagnostics.length ? out.diagnostics : [{ file: '', line: 0, column: 0, severity: 'error' as const, message: `the build failed without a diagnostic: ${out.log.trim() || 'no output'}`, source: 'studio' }];
      const result: BuildResult = { ok: false, diagnostics, steps, log: out.log, stale: hadGood };
      this.last = { inputs, result, component: null };
      return result;
    }
    const componentPath = `build/${project.name}.wasm`;
    this.workspace.writeBytes(componentPath, out.component);
    const component = { name: project.name, hash: sha256(out.component), bytes: out.component };
    const result: BuildResult = {
      ok: true,
      componentPath,
      hash: component.hash,
      size: out.component.length,
      diagnostics: out.diagnostics,
      steps,
      log: out.log,
      stale: false,
    };
    this.last = { inputs, result, component };
    return result;
  }

  private readCache(key: string): { bytes: Uint8Array; meta: CacheMeta } | null {
    const dir = join(this.workspace.dir, CACHE_DIR);
    const wasm = join(dir, `${key}.wasm`);
    const json = join(dir, `${key}.json`);
    if (!existsSync(wasm) || !existsSync(json)) return null;
    try {
      const meta = JSON.parse(readFileSync(json, 'utf8')) as CacheMeta;
      const bytes = new Uint8Array(readFileSync(wasm));
      // A torn or foreign file is a miss, not a broken component handed to a runner.
      if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return null;
      return { bytes, meta };
    } catch {
      return null;
    }
  }

  /** Best effort: a cache that cannot be written only costs the next build its speed. */
  private writeCache(key: string, out: ToolchainOutput): void {
    try {
      const meta: CacheMeta = { diagnostics: out.diagnostics, log: out.log, coreSize: out.coreSize, generated: out.generated };
      this.workspace.writeBytes(`${CACHE_DIR}/${key}.wasm`, out.component!);
      this.workspace.write(`${CACHE_DIR}/${key}.json`, JSON.stringify(meta));
      this.pruneCache();
    } catch (err) {
      this.progress(`The build cache could not be written: ${(err as Error).message}`, null);
    }
  }

  private pruneCache(): void {
    const dir = join(this.workspace.dir, CACHE_DIR);
    const entries = readdirSync(dir)
      .filter((f) => f.endsWith('.wasm'))
      .map((f) => ({ f, t: statSync(join(dir, f)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { f } of entries.slice(CACHE_KEEP)) {
      rmSync(join(dir, f), { force: true });
      rmSync(join(dir, f.replace(/\.wasm$/, '.json')), { force: true });
    }
  }

  /**
   * A C/C++ world's bindings, regenerated from the WIT as it is saved, so the header the user
   * writes against follows the WIT before the next build. WIT the generator cannot read is left to
   * the build to report.
   */
  refreshBindings(): void {
    const p = this.workspace.project;
    if ((p.language !== 'c' && p.language !== 'cpp') || p.world === undefined || this.workspace.configProblem) return;
    const found = worldBindings(this.inputs(), p.world);
    if (found.ok) this.writeGenerated(bindingFiles(found.bindings));
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
function emptySources({ language, world }: ProjectConfig, sources: Record<string, string>): Diagnostic | null {
  const info = languageInfo(language);
  const code = Object.keys(sources).filter((f) => !f.startsWith('wit/') && !f.endsWith('.d.ts') && !info.buildInputs.includes(f));
  if (code.length === 0 || code.some((f) => sources[f]!.trim())) return null;
  const file = code.find((f) => f.endsWith(`.${info.extensions[0]}`)) ?? code[0]!;
  // A C/C++ world has no main: its exports are what the code implements.
  const what = (language === 'c' || language === 'cpp') && world !== undefined ? `implement the exports of the world "${world}", declared in bindings/ (e.g. \`#include "<world>.h"\`)` : info.emptySource;
  return { file, line: 1, column: 1, severity: 'error', message: `${file} is empty: ${what}`, source: 'studio' };
}

const where = (d: Diagnostic) => (d.file ? `${d.file}:${d.line}:${d.column}: ` : '');
