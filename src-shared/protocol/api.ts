import type { PhaseTimings } from '../timing/phases';
import type { HandledResult, PreparedComponent } from '../engine/engine';
import type { CompositionDescription, CrossCalls } from './composition';
import type { HttpRequest } from '../engine/http-handler';
import type {
  BackupInfo,
  BuildResult,
  BuildStep,
  ComponentArtifacts,
  ComponentDescription,
  EngineName,
  FolderListing,
  ProjectInfo,
  ProjectTrust,
  RecentProject,
  RunResult,
  RunSettings,
  SampleInfo,
  TemplateName,
} from './types';

/**
 * The StudioApi: every request the UI (or any client) may make, with its parameters and result.
 * Both transports (Electron IPC and the browser-mode WebSocket) carry exactly this map.
 */
export interface StudioRequests {
  'project.get': { params: Record<string, never>; result: ProjectInfo };
  'file.read': { params: { path: string }; result: { content: string } };
  'file.write': { params: { path: string; content: string }; result: { bytes: number } };
  'build.start': { params: Record<string, never>; result: BuildResult };
  /** The last build of this project in this studio session (null: none yet), so a reloaded window shows it. */
  'build.last': { params: Record<string, never>; result: { result: BuildResult | null } };
  /** The artifacts and run settings of the last good build, for the browser engine. */
  'component.prepare': { params: Record<string, never>; result: PreparedComponent };
  'run.node': { params: { runId: string }; result: RunResult };
  'run.stop': { params: { runId: string }; result: { stopped: boolean } };
  /**
   * Writes a file the browser engine changed in a snapshot back to the mount's host folder (null: delete it).
   * With `expectedSha256` (null: the file did not exist), refused with `conflict` when the host file is no
   * longer what the snapshot was taken from (the Node engine of the same Run both may have written it).
   */
  'mount.writeBack': { params: { guest: string; member?: string; path: string; content: Uint8Array | null; expectedSha256?: string | null }; result: { written: string } };
  /** Opens any .wasm as the current component (a wasip1 core module is adapted); the next build replaces it. */
  'component.open': { params: { name: string; bytes: Uint8Array }; result: { name: string; adapted: boolean; size: number } };
  /** Calls an exported function in the Node engine; arguments and result are WAVE text. */
  'call.node': { params: { runId: string; path: string[]; args: string[] }; result: RunResult };
  /** Hands one HTTP request to the component's wasi:http/incoming-handler in the Node engine, in a fresh instance. */
  'handle.node': { params: { runId: string; request: HttpRequest; reuse?: boolean }; result: HandledResult };
  /** What the current component is: its imports (for the capability inspector), exports and sizes. */
  'component.describe': { params: Record<string, never>; result: ComponentDescription };
  /** The project's composition (its members, their policies and the link plan); null for a project of one component. */
  'composition.describe': { params: Record<string, never>; result: { composition: CompositionDescription | null } };
  /** Replaces the project's capability policy (validated, saved atomically to studio.json). */
  /** In a composition, `member` names the component whose policy it is (default: the root). */
  'project.setPolicy': { params: { policy: Record<string, unknown>; member?: string }; result: ProjectInfo };
  /** Whether the project may build and run: what its studio.json asks for beyond its folder, and what is not approved yet. */
  'trust.get': { params: Record<string, never>; result: ProjectTrust };
  /** The user's answer about the grants they were shown (ids); remembered per folder in the user's config folder. */
  'trust.decide': { params: { grants: string[]; trust: boolean }; result: ProjectTrust };
  /** Workspace: create (never replacing), rename (to a free name) and delete project files; each returns the new file list. */
  'file.create': { params: { path: string; content?: string }; result: ProjectInfo };
  'file.rename': { params: { from: string; to: string }; result: ProjectInfo };
  'file.delete': { params: { path: string }; result: ProjectInfo };
  /** Hot exit: keeps an unsaved buffer (with the hash of the disk content it was based on) until saved or discarded. */
  'backup.save': { params: { path: string; content: string; baseHash: string }; result: { savedAt: number } };
  'backup.list': { params: Record<string, never>; result: { backups: BackupInfo[] } };
  'backup.discard': { params: { path: string }; result: { discarded: boolean } };
  /** Opens another project folder in place of the current one (its services are made anew). */
  'project.open': { params: { dir: string }; result: ProjectInfo };
  /** Copies a shipped sample into a new folder (default: a fresh one under the copies folder) and opens it. */
  'project.fromSample': { params: { sample: string; dir?: string }; result: ProjectInfo };
  /** Writes a hello-world project of a language into a new or empty folder and opens it. */
  'project.fromTemplate': { params: { language: TemplateName; dir: string }; result: ProjectInfo };
  /** Projects opened before, most recent first; folders that are gone are marked `missing`. */
  'recent.list': { params: Record<string, never>; result: { projects: RecentProject[] } };
  'recent.remove': { params: { dir: string }; result: { projects: RecentProject[] } };
  /** The shipped samples, and where copies of them go. */
  'samples.list': { params: Record<string, never>; result: { samples: SampleInfo[]; copiesDir: string } };
  /** Browser mode's folder picker: the sub-folders of a folder (default: the home folder); never files. */
  'folder.list': { params: { path?: string }; result: FolderListing };
  /** Desktop only: the system's folder dialog (null: cancelled). Browser mode answers `not-supported`. */
  'folder.pick': { params: { title?: string }; result: { dir: string | null } };
}


export interface StudioEvents {
  'build.progress': { message: string; fraction: number | null };
  /** A build step finished (cache lookup, compile, link, componentize, adapt…): the timing panel draws it at once. */
  'build.step': BuildStep;
  'run.output': { runId: string; engine: EngineName; stream: 'stdout' | 'stderr'; text: string };
  /** The phases of a run done so far (prepare, transpile, compile, instantiate), sent as the guest starts running. */
  'run.phases': { runId: string; engine: EngineName; timings: PhaseTimings };
  /** In a composition: the calls between members so far, while the run goes on. */
  'run.calls': { runId: string; engine: EngineName; calls: CrossCalls[] };
  /** A project file changed on disk, not through the studio (created, edited or deleted). */
  'file.changed': { path: string; deleted: boolean };
  /** Another project was opened (by this or another window): clients reload what they show. */
  'project.changed': { dir: string };
  /** The open project changed under the studio's own hand (studio.json saved or edited, files a build generated): what it holds now. */
  'project.updated': ProjectInfo;
}

export type RequestName = keyof StudioRequests;
export type EventName = keyof StudioEvents;
export type Params<M extends RequestName> = StudioRequests[M]['params'];
export type Result<M extends RequestName> = StudioRequests[M]['result'];

/** What a client holds: one typed call and one typed subscription, whatever the transport. */
export interface StudioClient {
  call<M extends RequestName>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: StudioEvents[E]) => void): () => void;
}

/** What a transport serves: the services behind the API, and a way to push events. */
export type StudioHandlers = { [M in RequestName]: (params: Params<M>) => Promise<Result<M>> };
/** Requests answered with no project open (the welcome screen's); every other one needs a project. */
export type SessionRequestName =
  | 'project.open' | 'project.fromSample' | 'project.fromTemplate' | 'recent.list' | 'recent.remove' | 'samples.list' | 'folder.list' | 'folder.pick';
export type ProjectHandlers = Pick<StudioHandlers, Exclude<RequestName, SessionRequestName>>;
export type EventSink = <E extends EventName>(event: E, payload: StudioEvents[E]) => void;
