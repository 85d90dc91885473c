import type { RunHooks } from '../../src-shared/engine/engine';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { componentBytes } from './component-bytes';
import { policySchema } from '../../src-shared/capabilities/policy';
import type { EventSink, ProjectHandlers } from '../../src-shared/protocol/api';
import type { SourceMember } from '../../src-shared/protocol/types';
import { StudioError } from '../../src-shared/protocol/envelope';
import { PROJECT_FILE } from '../../src-shared/protocol/project';
import { RunnerPool } from '../host/engine/runner-pool';
import { ToolchainHost } from '../toolchains/toolchain-host';
import { BuildService } from './build';
import { TOOLCHAINS } from '../toolchains/registry';
import { isWasmMember, projectMembers } from '../../src-shared/protocol/members';
import { sharedBuildCache } from './build-cache';
import { RunService } from './run';
import { Workspace } from './workspace';
import { BackupStore } from './backups';
import { ProjectWatcher } from './watcher';
import { ProjectTrustGate, type TrustOptions } from './trust';
import { TrustStore } from './trust-store';
import { userConfigDir } from '../user-dirs';
import { samplesDir } from '../paths';

export interface Studio {
  handlers: ProjectHandlers;
  workspace: Workspace;
  trust: ProjectTrustGate;
  builds: BuildService;
  runs: RunService;
  /**
   * Starts a runner ahead of the first click, and the toolchain where a Build will need it;
   * resolves once that is decided.
   */
  warm(): Promise<void>;
  dispose(): void;
}

/**
 * The services behind the StudioApi for one open project. They know nothing of transports:
 * Electron IPC, the browser-mode WebSocket and the CLI all call these handlers.
 */
export function createStudio(
  projectDir: string,
  emit: EventSink,
  deps: { toolchains?: ToolchainHost; runners?: RunnerPool; trust?: Partial<TrustOptions>; spareWorker?: boolean } = {},
): Studio {
  const workspace = Workspace.open(projectDir);
  const trust = new ProjectTrustGate(workspace.dir, { store: new TrustStore(userConfigDir()), samplesDir: samplesDir(), ...deps.trust });
  // Processes handed in belong to the caller (a session shares them across projects).
  const ownsToolchains = !deps.toolchains;
  const ownsRunners = !deps.runners;
  const toolchains = deps.toolchains ?? new ToolchainHost();
  const runners = deps.runners ?? new RunnerPool(1, undefined, { spareWorker: deps.spareWorker ?? true });
  // Every window shows what the project holds now (its settings, or why it has none, and its files), however it changed.
  const projectChanged = () => emit('project.updated', workspace.info());
  const builds = new BuildService(
    workspace,
    toolchains,
    (message, fraction) => emit('build.progress', { message, fraction }),
    (step) => emit('build.step', step),
    (project) => trust.check(project, 'Build'),
    projectChanged,
    sharedBuildCache(),
  );
  const runs = new RunService(workspace, builds, runners, process.env, (project, action) => trust.check(project, action));
  const backups = new BackupStore(workspace.dir);
  const watcher = new ProjectWatcher(workspace, (path, deleted) => {
    emit('file.changed', { path, deleted });
    if (path === PROJECT_FILE && !deleted) {
      workspace.reload();
      projectChanged();
    }
  });
  workspace.onOwnChange = (path) => watcher.recordOwn(path);

  // clang takes ~3 s of CPU to load. An interactive session loads it ahead of the Build that needs
  // it: at open when some C or C++ member's sources are in no build cache, else at the first edit.
  let interactive = false;
  const warmedMembers = () => (workspace.configProblem ? [] : projectMembers(workspace.project).filter((m): m is SourceMember => !isWasmMember(m) && Boolean(TOOLCHAINS[m.language].warmAhead)));
  const warmToolchains = () => void toolchains.warm((message, fraction) => emit('build.progress', { message, fraction }));
  const warmForEdits = () => {
    if (interactive && warmedMembers().length) warmToolchains();
  };

  // What a Node run tells the UI while it goes on: output, phases, and a composition's calls between members.
  const heard = (runId: string): RunHooks => ({
    onOutput: (stream, text) => emit('run.output', { runId, engine: 'node', stream, text }),
    onPhases: (timings) => emit('run.phases', { runId, engine: 'node', timings }),
    onCalls: (calls) => emit('run.calls', { runId, engine: 'node', calls }),
  });
  const handlers: ProjectHandlers = {
    'project.get': async () => workspace.info(),
    'file.read': async ({ path }) => ({ content: workspace.read(path) }),
    'file.write': async ({ path, content }) => {
      warmForEdits();
      const bytes = workspace.write(path, content);
      backups.discard(path); // saved: the backup has done its job
      if (path === PROJECT_FILE) projectChanged();
      if (path.startsWith('wit/') && path.endsWith('.wit')) builds.refreshBindings();
      return { bytes };
    },
    'build.start': () => builds.build(),
    'build.last': async () => ({ result: builds.lastResult() }),
    'component.prepare': () => runs.prepare(),
    'run.node': ({ runId }) => runs.engine.run(runId, heard(runId)),
    'run.stop': async ({ runId }) => ({ stopped: await runs.stop(runId) }),
    'component.describe': () => runs.describe(),
    'composition.describe': async () => ({ composition: await runs.describeComposition() }),
    'component.open': async ({ name, bytes }) => {
      const { maxWasmMiB } = workspace.project.limits;
      const checked = await componentBytes(bytes, name, maxWasmMiB);
      const base = name.replace(/\.wasm$/i, '').replace(/[^a-zA-Z0-9_-]/g, '_') || 'component';
      const hash = createHash('sha256').update(checked.bytes).digest('hex');
      // Read in the runner now (it keeps the result for the first run), so bytes jco cannot read are refused here, in one line.
      await runners.transpile(hash, base, checked.bytes, maxWasmMiB).catch((err: unknown) => {
        throw err instanceof StudioError && err.code === 'invalid-component' ? new StudioError(err.code, `${name} is ${err.message}`) : err;
      });
      builds.open({ name: base, hash, bytes: checked.bytes });
      return { name, adapted: checked.adapted, size: checked.bytes.length };
    },
    'mount.writeBack': async ({ guest, member, path, content, expectedSha256 }) => ({ written: runs.writeBack(guest, path, content, expectedSha256, member) }),
    'call.node': ({ runId, path, args }) => runs.call(runId, path, args, heard(runId)),
    'handle.node': ({ runId, request, reuse }) => runs.engine.handle(runId, request, heard(runId), { reuse }),
    'project.setPolicy': async ({ policy, member }) => {
      const parsed = policySchema.safeParse(policy);
      if (!parsed.success) throw new StudioError('bad-policy', `the policy was not saved: ${z.prettifyError(parsed.error)}`);
      const file = JSON.parse(workspace.read(PROJECT_FILE)) as Record<string, unknown>;
      const before = workspace.project;
      // In a composition each component has its own policy (the root's when no member is named).
      const components = Array.isArray(file.components) ? (file.components as Record<string, unknown>[]) : null;
      const at = components ? (member === undefined ? 0 : components.findIndex((c) => c.name === member)) : -1;
      if (member !== undefined && at < 0) throw new StudioError('bad-policy', `the policy was not saved: the project has no component ${JSON.stringify(member)}`);
      const updated = components ? { ...file, components: components.map((c, i) => (i === at ? { ...c, policy: parsed.data } : c)) } : { ...file, policy: parsed.data };
      workspace.write(PROJECT_FILE, JSON.stringify(updated, null, 2) + '\n');
      trust.approveAdded(before, workspace.project);
      projectChanged();
      return workspace.info();
    },
    'trust.get': async () => trust.status(workspace.project),
    'trust.decide': async ({ grants, trust: yes }) => trust.decide(workspace.project, grants, yes),
    'file.create': async ({ path, content }) => (workspace.create(path, content ?? ''), workspace.info()),
    'file.rename': async ({ from, to }) => {
      workspace.rename(from, to);
      backups.rename(from, to);
      return workspace.info();
    },
    'file.delete': async ({ path }) => {
      workspace.remove(path);
      backups.discard(path);
      return workspace.info();
    },
    'backup.save': async ({ path, content, baseHash }) => {
      warmForEdits();
      return backups.save(path, content, baseHash);
    },
    'backup.list': async () => ({ backups: backups.list() }),
    'backup.discard': async ({ path }) => ({ discarded: backups.discard(path) }),
  };

  return {
    handlers,
    workspace,
    trust,
    builds,
    runs,
    warm() {
      interactive = true;
      runners.warm();
      watcher.start(); // interactive sessions only: the CLI never warms
      return (async () => {
        for (const m of warmedMembers()) if (await builds.wouldCompile(m)) return warmToolchains();
      })().catch(warmToolchains); // undecided (a source unreadable): loaded, as before
    },
    dispose() {
      watcher.stop();
      void runs.stopAll(); // a run of a closed project must not go on using its folder and grants
      if (ownsToolchains) toolchains.dispose();
      if (ownsRunners) runners.dispose();
    },
  };
}
