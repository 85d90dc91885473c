import { createHash } from 'node:crypto';
import { StudioError } from '../../src-shared/protocol/envelope';
import type { BuildResult, Diagnostic } from '../../src-shared/protocol/types';
import type { ToolchainHost } from '../toolchains/toolchain-host';
import type { ProgressReporter } from '../toolchains/types';
import type { Workspace } from './workspace';

export interface BuiltComponent {
  name: string;
  hash: string;
  bytes: Uint8Array;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Builds the open project; remembers the last build so unchanged inputs are not compiled twice. */
export class BuildService {
  private last: { inputs: string; result: BuildResult; component: BuiltComponent | null } | null = null;
  private inFlight: Promise<BuildResult> | null = null;

  constructor(
    private readonly workspace: Workspace,
    private readonly toolchains: ToolchainHost,
    private readonly progress: ProgressReporter,
  ) {}

  build(): Promise<BuildResult> {
    // Two clicks on Build while one is running share it rather than racing to write the output.
    this.inFlight ??= this.doBuild().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  /** The component of the sources as they are now, building first if they changed. */
  async current(): Promise<BuiltComponent> {
    if (!this.last || this.last.inputs !== this.inputsHash()) await this.build();
    const last = this.last!;
    if (!last.result.ok || !last.component) {
      const first = last.result.diagnostics.find((d) => d.severity === 'error');
      throw new StudioError('build-failed', `the last build failed, so there is nothing fresh to run${first ? `: ${where(first)}${first.message}` : ''}`);
    }
    return last.component;
  }

  private inputsHash(): string {
    const p = this.workspace.project;
    return sha256(JSON.stringify([p.language, p.build?.flags ?? [], this.workspace.sources()]));
  }

  private async doBuild(): Promise<BuildResult> {
    const project = this.workspace.project;
    const inputs = this.inputsHash();
    if (this.last?.inputs === inputs && this.last.result.ok) {
      return { ...this.last.result, steps: [{ name: 'cache hit (sources unchanged)', ms: 0 }] };
    }
    if (project.language === 'wat') {
      throw new StudioError('unsupported', 'WAT projects are not supported by this version of the studio yet');
    }
    const output = `${project.name}.core.wasm`;
    const out = await this.toolchains.build(
      { language: project.language, sources: this.workspace.sources(), flags: project.build?.flags ?? ['-O2'], output },
      this.progress,
    );
    const hadGood = Boolean(this.last?.component);
    if (!out.ok || !out.component) {
      const result: BuildResult = { ok: false, diagnostics: out.diagnostics, steps: out.steps, log: out.log, stale: hadGood };
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
      steps: out.steps,
      log: out.log,
      stale: false,
    };
    this.last = { inputs, result, component };
    return result;
  }
}

const where = (d: Diagnostic) => (d.file ? `${d.file}:${d.line}:${d.column}: ` : '');
