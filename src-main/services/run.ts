import { resolveGrants, type Policy } from '../../src-shared/capabilities/policy';
import type { StreamName } from '../../src-shared/engine/output';
import type { ComponentArtifacts, RunLimits, RunResult, RunSettings } from '../../src-shared/protocol/types';
import { roundMs } from '../../src-shared/timing/phases';
import type { RunnerPool } from '../host/runner-pool';
import type { BuildService, BuiltComponent } from './build';
import type { Workspace } from './workspace';

/** Runs the current component in the Node engine, and prepares it for the browser engine. */
export class RunService {
  /** Set by the CLI, whose flags add to the project's policy and limits. */
  private overrides: { policy?: Partial<Policy>; limits?: Partial<RunLimits> } = {};

  constructor(
    private readonly workspace: Workspace,
    private readonly builds: BuildService,
    private readonly runners: RunnerPool,
    private readonly hostEnv: Record<string, string | undefined> = process.env,
  ) {}

  override(o: { policy?: Partial<Policy>; limits?: Partial<RunLimits> }): void {
    this.overrides = o;
  }

  settings(trace = true): RunSettings {
    const project = this.workspace.project;
    const policy = { ...project.policy, ...this.overrides.policy };
    return { grants: resolveGrants(policy, project.name, this.hostEnv), limits: { ...project.limits, ...this.overrides.limits }, trace };
  }

  async runNode(runId: string, onOutput?: (stream: StreamName, text: string) => void, component?: BuiltComponent): Promise<RunResult> {
    const t0 = performance.now();
    const c = component ?? (await this.builds.current());
    const { grants, limits, trace } = this.settings();
    const prepareMs = performance.now() - t0;
    const reply = await this.runners.run(
      { runId, hash: c.hash, name: c.name, bytes: c.bytes, grants, ...limits, trace },
      onOutput,
    );
    return {
      engine: 'node',
      exitCode: reply.exitCode,
      stdout: reply.stdout,
      stderr: reply.stderr,
      timedOut: reply.timedOut,
      stopped: reply.stopped,
      error: reply.error,
      timings: { prepare: roundMs(prepareMs), ...reply.timings },
      trace: reply.trace,
    };
  }

  stop(runId: string): Promise<boolean> {
    return this.runners.stop(runId);
  }

  async prepare(): Promise<{ artifacts: ComponentArtifacts; settings: RunSettings }> {
    const c = await this.builds.current();
    const t = await this.runners.transpile(c.hash, c.name, c.bytes);
    return {
      artifacts: { hash: c.hash, name: c.name, glue: t.glue, modules: t.modules, transpileMs: roundMs(t.transpileMs) },
      settings: this.settings(),
    };
  }
}
