import type { EventSink, ProjectHandlers, SessionRequestName, StudioHandlers } from '../../src-shared/protocol/api';
import { StudioError } from '../../src-shared/protocol/envelope';
import type { ProjectInfo } from '../../src-shared/protocol/types';
import { RunnerPool } from '../host/engine/runner-pool';
import { ToolchainHost } from '../toolchains/toolchain-host';
import { samplesDir } from '../paths';
import { listFolder } from './folders';
import { copySample, createFromTemplate, freshFolder, listSamples } from './new-project';
import { RecentProjects } from './recent';
import { createStudio, type Studio } from './studio';
import { projectsHome, userConfigDir } from '../user-dirs';
import { grantsBeyondFolder } from './trust-grants';
import { TrustStore } from './trust-store';
import { Workspace } from './workspace';

// Spelled out (a type has no run-time list); a request missing here is a type error below, not a
// request the session silently never forwards (build.last once was).
const PROJECT_REQUESTS = [
  'project.get', 'file.read', 'file.write', 'build.start', 'build.last', 'component.prepare', 'run.node', 'run.stop', 'mount.writeBack',
  'component.open', 'call.node', 'handle.node', 'component.describe', 'composition.describe', 'project.setPolicy', 'file.create', 'file.rename', 'file.delete',
  'backup.save', 'backup.list', 'backup.discard', 'trust.get', 'trust.decide',
] as const satisfies readonly (keyof ProjectHandlers)[];
type Unforwarded = Exclude<keyof ProjectHandlers, (typeof PROJECT_REQUESTS)[number]>;
const everyRequestForwarded: [Unforwarded] extends [never] ? true : { unforwarded: Unforwarded } = true;
void everyRequestForwarded;

export interface SessionOptions {
  samplesDir: string;
  /** Where copies of samples go when no folder is given. */
  copiesDir: string;
  recent: RecentProjects;
  /** The user's trust answers (default: trust.json beside recent.json). */
  trust?: TrustStore;
  /** The desktop's native folder dialog; browser mode has none (its UI lists folders instead). */
  pickFolder?: (title?: string) => Promise<string | null>;
  /** Shared by every project of the session, so a switch keeps the toolchain and runner warm. */
  toolchains?: ToolchainHost;
  runners?: RunnerPool;
}

/**
 * What a transport serves: the StudioApi for whichever project is open now. Opening another
 * folder disposes the open project's services (watcher, build and run state, backups) and makes
 * them anew for the new folder; the toolchain and runner processes are kept warm across switches.
 * With no project open, project requests answer why, and the welcome screen's requests still work.
 */
export class Session {
  readonly handlers: StudioHandlers;
  private current: Studio | null = null;
  private why: StudioError = new StudioError('not-open', 'No project is open: open a folder, a recent project or a sample.');
  private warmed = false;
  /** Silences the open project's events once another replaces it. */
  private closeGate: () => void = () => {};
  private readonly toolchains: ToolchainHost;
  private readonly runners: RunnerPool;
  private readonly trust: TrustStore;

  constructor(
    private readonly emit: EventSink,
    private readonly options: SessionOptions,
  ) {
    this.toolchains = options.toolchains ?? new ToolchainHost();
    this.runners = options.runners ?? new RunnerPool();
    this.trust = options.trust ?? new TrustStore(options.recent.configDir);
    const project = Object.fromEntries(
      PROJECT_REQUESTS.map((name) => [name, async (params: never) => (this.openStudio().handlers[name] as (p: never) => Promise<unknown>)(params)]),
    );
    const session: Pick<StudioHandlers, SessionRequestName> = {
      'project.open': async ({ dir }) => this.open(dir),
      'project.fromSample': async ({ sample, dir }) => {
        const copy = copySample(options.samplesDir, sample, dir ?? freshFolder(options.copiesDir, sample), options.copiesDir);
        this.trustCopy(copy);
        return this.open(copy);
      },
      'project.fromTemplate': async ({ language, dir }) => this.open(createFromTemplate(language, dir, options.copiesDir)),
      'recent.list': async () => ({ projects: options.recent.list() }),
      'recent.remove': async ({ dir }) => ({ projects: options.recent.remove(dir) }),
      'samples.list': async () => ({ samples: listSamples(options.samplesDir), copiesDir: options.copiesDir }),
      'folder.list': async ({ path }) => listFolder(path),
      'folder.pick': async ({ title }) => {
        if (!options.pickFolder) throw new StudioError('not-supported', 'the system folder dialog exists in the desktop app; browser mode lists folders itself');
        return { dir: await options.pickFolder(title) };
      },
    };
    this.handlers = { ...(project as ProjectHandlers), ...session } satisfies StudioHandlers;
  }

  /**
   * A copy the gallery just made of a shipped sample is as trusted as the sample: what it asks for
   * is recorded as approved now, so a later edit that asks for more is asked about like any other.
   */
  private trustCopy(dir: string): void {
    const ids = grantsBeyondFolder(dir, Workspace.open(dir).project).map((g) => g.id);
    if (ids.length) this.trust.decide(dir, ids, true);
  }

  /** The open project's services, if any. */
  get studio(): Studio | null {
    return this.current;
  }

  private openStudio(): Studio {
    if (!this.current) throw this.why;
    return this.current;
  }

  /** Why no project is open (null when one is). */
  get error(): string | null {
    return this.current ? null : this.why.message;
  }

  /** The folder given at start: a failure is kept as the reason shown, never thrown. */
  start(dir: string | null): void {
    if (!dir) return;
    try {
      this.open(dir);
    } catch (err) {
      this.why = err instanceof StudioError ? err : new StudioError('no-project', (err as Error).message);
    }
  }

  /** Opens a project folder in place of the current one; a folder that cannot be opened leaves the current one open. */
  open(dir: string): ProjectInfo {
    let gate = true;
    // Events of a project that was closed (a late build progress, a watcher's last report) are dropped.
    const next = createStudio(dir, (event, payload) => gate && this.emit(event, payload), {
      toolchains: this.toolchains,
      runners: this.runners,
      trust: { store: this.trust, samplesDir: this.options.samplesDir },
    });
    const previous = this.current;
    this.current = next;
    const close = this.closeGate;
    this.closeGate = () => (gate = false);
    close();
    previous?.dispose();
    if (this.warmed) void next.warm();
    const info = next.workspace.info();
    try {
      this.options.recent.add(info.dir, info.config.name);
    } catch (err) {
      // The list of recent projects is a convenience: failing to save it never stops an open.
      this.emit('build.progress', { message: `The recent projects list could not be saved: ${(err as Error).message}`, fraction: null });
    }
    this.emit('project.changed', { dir: info.dir });
    return info;
  }

  /** Starts a runner, and the open project's toolchain if it loads ahead, before the first click (interactive sessions). */
  warm(): void {
    this.warmed = true;
    this.runners.warm();
    void this.current?.warm();
  }

  dispose(): void {
    this.closeGate();
    this.current?.dispose();
    this.current = null;
    this.toolchains.dispose();
    this.runners.dispose();
  }
}

/** A session with the user's settings (recent projects, copies folder), on `dir` if one was given. */
export function openSession(dir: string | null, emit: EventSink, extra: Partial<SessionOptions> = {}): Session {
  const session = new Session(emit, {
    samplesDir: samplesDir(),
    copiesDir: projectsHome(),
    recent: new RecentProjects(userConfigDir()),
    ...extra,
  });
  session.start(dir);
  return session;
}
