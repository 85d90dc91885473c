import type {
  BuildResult,
  ComponentArtifacts,
  ComponentDescription,
  EngineName,
  ProjectInfo,
  RunResult,
  RunSettings,
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
  /** The artifacts and run settings of the last good build, for the browser engine. */
  'component.prepare': { params: Record<string, never>; result: { artifacts: ComponentArtifacts; settings: RunSettings } };
  'run.node': { params: { runId: string }; result: RunResult };
  'run.stop': { params: { runId: string }; result: { stopped: boolean } };
  /** What the current component is: its imports (for the capability inspector), exports and sizes. */
  'component.describe': { params: Record<string, never>; result: ComponentDescription };
  /** Replaces the project's capability policy (validated, saved atomically to studio.json). */
  'project.setPolicy': { params: { policy: unknown }; result: ProjectInfo };
}

export interface StudioEvents {
  'build.progress': { message: string; fraction: number | null };
  'run.output': { runId: string; engine: EngineName; stream: 'stdout' | 'stderr'; text: string };
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
export type EventSink = <E extends EventName>(event: E, payload: StudioEvents[E]) => void;
