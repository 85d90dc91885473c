import type { Grants, Policy } from '../capabilities/policy';
import type { Language } from '../languages/registry';
import type { CallableFunction } from '../engine/calls';
import type { FileTree } from '../engine/contract';
import type { MemoryUse } from '../engine/memory-limit';
import type { ModuleCompile } from '../engine/compile-modules';
import type { FileChange } from '../engine/snapshot-diff';
import type { TraceEntry } from '../capabilities/trace';
import type { PhaseTimings } from '../timing/phases';

export type EngineName = 'node' | 'browser';
export const ENGINES: readonly EngineName[] = ['node', 'browser'];

export { LANGUAGES, TEMPLATE_LANGUAGES, TEMPLATE_NAMES, type Language, type TemplateLanguage, type TemplateName } from '../languages/registry';

/** The engine a JS or TS project is componentized with. */
export type JsBackend = 'quickjs' | 'starlingmonkey';

export interface RunLimits {
  /** Wall-clock limit of one run, in milliseconds. */
  timeoutMs: number;
  /** Bytes kept per output stream before truncation. */
  maxOutputBytes: number;
  /** Cap on each linear memory, enforced by rewriting the core modules' memory maximum. */
  maxMemoryMiB: number;
  /** Largest .wasm accepted (opened, built, transpiled), checked before anything parses it. */
  maxWasmMiB: number;
}

/** How a component is built from sources: a project's own settings, or a composition member's. */
export interface BuildSettings {
  language: Language;
  /** Source files relative to the project folder; default: every file of the language under src/ (a composition member: src/<member>/). */
  sources?: string[];
  build?: { flags?: string[] };
  /** The WIT world a JS or TS project implements (from its wit/ folder); default: the folder's only world. */
  world?: string;
  /** JS and TS: componentize with QuickJS (default: small and fast to build) or StarlingMonkey. */
  jsBackend?: JsBackend;
}

/** A member of a composition built from its sources. */
export interface SourceMember extends BuildSettings {
  name: string;
  /** This member's own grants: nothing unless listed (another member's grants are not its). */
  policy: Policy;
}

/** A member that is a component already built elsewhere: a project-relative .wasm path. */
export interface WasmMember {
  name: string;
  wasm: string;
  policy: Policy;
}

export type MemberConfig = SourceMember | WasmMember;

export interface ProjectConfig extends BuildSettings {
  name: string;
  description?: string;
  policy: Policy;
  /** The whole run's limits (a composition's members share one run). */
  limits: RunLimits;
  /**
   * A composition: its members, the root first (the one Run runs and whose exports Calls lists).
   * When present, studio.json has no project-level language, sources, world, jsBackend, build or
   * policy, and the fields above mirror the root's (so code that knows one component sees the root).
   * Read members through projectMembers(), which answers for single-component projects too.
   */
  components?: MemberConfig[];
}

export interface ProjectInfo {
  dir: string;
  config: ProjectConfig;
  /** studio.json on disk is broken (null: it is not): `config` is the last good one, and builds refuse until it is fixed. */
  configProblem: Diagnostic | null;
  /** Every file of the project (relative, '/'-separated), build output and dot-folders excluded. */
  files: string[];
}

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  message: string;
  source: string;
  /** The composition member it is about (absent for a single-component project). */
  member?: string;
}

export interface BuildStep {
  name: string;
  ms: number;
  /** The composition member being built (absent for a single-component project). */
  member?: string;
}

/** One member's outcome in a composition's build. */
export interface MemberBuildResult {
  name: string;
  ok: boolean;
  /** Project-relative path of its component (build/<name>.wasm), present when ok. */
  componentPath?: string;
  hash?: string;
  size?: number;
}

export interface BuildResult {
  ok: boolean;
  /** Project-relative path of the component, present when ok. */
  componentPath?: string;
  hash?: string;
  size?: number;
  diagnostics: Diagnostic[];
  steps: BuildStep[];
  /** Everything the toolchain printed, so a failure is never silent. */
  log: string;
  /** True when an earlier good component exists but no longer matches the sources. */
  stale: boolean;
  /** Nothing was built: the sources are those of the last good build, whose component is current. */
  unchanged?: boolean;
  /** A composition: each member's outcome, root first (componentPath/hash/size above are the root's). */
  members?: MemberBuildResult[];
}

export interface RunResult {
  engine: EngineName;
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  stopped: boolean;
  error: string | null;
  timings: PhaseTimings;
  trace: TraceEntry[];
  /** Each core module's compile (name, size, time), when this run paid for it. */
  compiled?: ModuleCompile[];
  /** The output passed its limit and was cut where the marker is. */
  truncated?: boolean;
  /** Linear memory when the run ended, against the cap (absent when the run never instantiated). */
  memory?: MemoryUse;
  /** For a call of an exported function: the value it returned, as WAVE text (null: no result). */
  value?: string | null;
  /** Browser engine: files the guest changed in its snapshots of read-write mounts. */
  fsChanges?: FileChange[];
  /** A handled request served by an instance kept from an earlier request (reuse mode): nothing was instantiated. */
  reusedInstance?: boolean;
  /**
   * A handled request served by a fresh instance the run worker made while it waited for it: the
   * compile and instantiate in `timings` were paid before the request came, off its path.
   */
  instanceMadeAhead?: boolean;
  /** Something the studio decided about this run that its reader should know (e.g. that reuse was given up). */
  notice?: string;
}

/** What an engine needs to run a built component: one transpile result serves both engines. */
export interface ComponentArtifacts {
  hash: string;
  name: string;
  /** ES module text of jco's glue, transpiled with async instantiation. */
  glue: string;
  /** Core modules by the file name the glue asks for. */
  modules: Record<string, Uint8Array>;
  /** Set when preparing these artifacts transpiled the component; null when it was cached. */
  transpileMs: number | null;
}

export interface ComponentDescription {
  name: string;
  hash: string;
  size: number;
  /** Interfaces the component imports, as jco names them (versioned). */
  imports: string[];
  exports: string[];
  coreModules: { name: string; size: number }[];
  /** Exported functions with their WIT types, for the call forms. */
  functions: CallableFunction[];
  /** Why the exports' types could not be read, if they could not. */
  functionsError: string | null;
}

export interface RunSettings {
  /** The project's policy resolved on the host (inherited env values looked up). */
  grants: Grants;
  limits: RunLimits;
  trace: boolean;
  /** For the browser engine: each mount's files, by guest path. */
  snapshots: Record<string, FileTree>;
}

/** An unsaved buffer kept by the studio. `newer`: offer it over the file on disk; `older`: the file changed
 * on disk after the backup was written; `same`: the file already has this content; `missing`: the file is gone. */
export interface BackupInfo {
  path: string;
  content: string;
  savedAt: number;
  state: 'newer' | 'older' | 'same' | 'missing';
}

/** A project opened before (most recent first). `missing`: its folder or studio.json is gone. */
export interface RecentProject {
  dir: string;
  name: string;
  openedAt: number;
  missing: boolean;
}

/** A shipped sample, for the gallery. */
export interface SampleInfo {
  name: string;
  /** The root's language. */
  language: Language;
  description: string;
  /** A composition: every member's language, the root's first ('wasm': a member built elsewhere). */
  languages?: (Language | 'wasm')[];
}

/** One folder's sub-folders, for browser mode's folder picker. */
export interface FolderListing {
  path: string;
  /** null at the file system's root. */
  parent: string | null;
  home: string;
  /** Sub-folders only (hidden ones left out), each marked when it holds a studio.json. */
  folders: { name: string; project: boolean }[];
  /** Whether this folder itself is a project. */
  project: boolean;
  /** Nothing at all in it (hidden files included): a new project may go here. */
  empty: boolean;
  /** More sub-folders than were listed. */
  truncated: boolean;
}

/** One thing a project's studio.json asks for beyond its own folder, in plain words. */
export interface TrustGrant {
  /** Stable key: what is remembered when the user trusts it (a mount's key names its real host folder). */
  id: string;
  kind: 'mount' | 'env' | 'sockets' | 'http' | 'native-build';
  text: string;
  /** In a composition: the member that asks for it (its text and id name the member too). */
  member?: string;
}

/**
 * Whether a project may build and run. `trusted`: it asks for nothing beyond its folder, or the
 * user approved all it asks for. `ask`: some grants were never answered. `refused`: the user said
 * no to every grant still pending; nothing is asked until studio.json asks for something new.
 */
export interface ProjectTrust {
  state: 'trusted' | 'ask' | 'refused';
  /** Everything beyond the folder that studio.json asks for now. */
  grants: TrustGrant[];
  /** The part of `grants` not approved yet (empty when trusted). */
  pending: TrustGrant[];
}
