import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { duplicateGuestPath, duplicateGuestPathMessage } from '../../src-shared/capabilities/guest-paths';
import { denyAll, policySchema, resolveGrants, type Policy } from '../../src-shared/capabilities/policy';
import type { Engine, Engines, PreparedComponent } from '../../src-shared/engine/engine';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import type { ComponentArtifacts, RunLimits, RunSettings } from '../../src-shared/protocol/types';
import type { Linking } from '../../src-shared/engine/link';
import { roundMs } from '../../src-shared/timing/phases';
import { ChromiumEngine, chromiumEngine } from '../host/chromium-engine';
import { nodeEngine } from '../host/engine/engine';
import { RunnerPool } from '../host/engine/runner-pool';
import { snapshotsOf } from '../services/run';
import { componentBytes as checkComponent } from '../services/component-bytes';
import { StudioError } from '../../src-shared/protocol/envelope';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { createStudio } from '../services/studio';
import { grantsBeyondFolder } from '../services/trust-grants';
import { exportedFunctions } from '../services/wit-deps';
import type { CallableFunction } from '../../src-shared/engine/calls';
import { UsageError } from './args';
import { linkFiles, memberFiles, type MemberFile } from './links';
import { requireTrust } from './trust';

/** What the CLI runs: a project folder (built first) or a .wasm file, under one policy for both engines. */
export interface RunTarget {
  /** Each engine bound to this component and its grants; the browser engine starts Chromium when first used. */
  engines: Engines;
  /** Exported functions with their types (for call). */
  functions(): Promise<{ functions: CallableFunction[]; functionsError: string | null }>;
  dispose(): Promise<void>;
}

export interface Grant {
  policy: Partial<Policy>;
  limits: Partial<RunLimits>;
  trace: boolean;
  /** What the command does, for the refusal of a project not trusted. */
  action?: 'Run' | 'Call';
  /** --trust: the project's own grants beyond its folder are allowed for this command (nothing is recorded). */
  trust?: boolean;
  /** --link: .wasm files linked to a .wasm target at instantiation, each with nothing granted (links.ts). */
  links?: string[];
  /** Runs may overlap (serve, a load run): the runner keeps a spare worker started for the next one. */
  overlapping?: boolean;
}

/** `chromium`: a Chromium the caller owns, for the browser engine; by default one is started on first use and closed by dispose. */
export async function openTarget(path: string, grant: Grant, log: (line: string) => void, chromium?: () => Promise<ChromiumEngine>): Promise<RunTarget> {
  const links = grant.links ?? [];
  if (statSync(path).isDirectory()) {
    if (links.length) throw new UsageError('--link links .wasm files to a .wasm file; a project folder links the members its studio.json lists (components)');
    const studio = createStudio(path, () => {}, { trust: { trustAll: grant.trust, typed: typedGrants(path, grant.policy) }, spareWorker: Boolean(grant.overlapping) });
    try {
      requireTrust(studio, grant.action ?? 'Run');
    } catch (err) {
      studio.dispose();
      throw err;
    }
    const base = studio.workspace.project.policy;
    const mounts = [...base.mounts, ...(grant.policy.mounts ?? [])];
    const dup = duplicateGuestPath(mounts);
    if (dup) {
      studio.dispose();
      throw new UsageError(`--dir: the project's studio.json already mounts a folder there: ${duplicateGuestPathMessage(dup)}`);
    }
    studio.runs.override({
      policy: {
        ...grant.policy,
        args: [...base.args, ...(grant.policy.args ?? [])],
        env: [...base.env, ...(grant.policy.env ?? [])],
        mounts,
        sockets: grant.policy.sockets?.mode === 'allow' ? { mode: 'allow', hosts: [...(base.sockets.mode === 'allow' ? base.sockets.hosts : []), ...grant.policy.sockets.hosts] } : base.sockets,
        http: grant.policy.http?.mode === 'allow' ? { mode: 'allow', origins: [...(base.http.mode === 'allow' ? base.http.origins : []), ...grant.policy.http.origins] } : base.http,
      },
      limits: grant.limits,
    });
    return targetOver(studio.runs.engine, () => studio.runs.prepare(), () => studio.runs.describe(), () => studio.dispose(), chromium);
  }
  const maxWasmMiB = grant.limits.maxWasmMiB ?? DEFAULT_LIMITS.maxWasmMiB;
  const { bytes, adapted } = await readWasm(path, maxWasmMiB);
  if (adapted) log(`${path} is a WASI preview1 core module: adapted to a component with the preview1 command adapter`);
  const files = links.length ? memberFiles(path, links) : null;
  const name = files?.[0]!.name ?? (basename(path).replace(/\.wasm$/, '').replace(/[^a-zA-Z0-9_-]/g, '_') || 'component');
  const root = { hash: sha256(bytes), name, bytes };
  const grants = resolveGrants({ ...denyAll(), ...grant.policy }, name, process.env);
  grants.mounts = grants.mounts.map((m) => ({ ...m, host: resolve(m.host) }));
  const settings: RunSettings = { grants, limits: { ...DEFAULT_LIMITS, ...grant.limits }, trace: grant.trace, snapshots: {} };
  const pool = new RunnerPool(1, undefined, { spareWorker: Boolean(grant.overlapping) });
  const transpiled = (c: Piece) => asUsageError(pool.transpile(c.hash, c.name, c.bytes, maxWasmMiB));
  const artifactsOf = async (c: Piece): Promise<ComponentArtifacts> => {
    const t = await transpiled(c);
    return { hash: c.hash, name: c.name, glue: t.glue, modules: t.modules, transpileMs: t.fresh ? roundMs(t.transpileMs) : null };
  };
  let link: Linking<Omit<Piece, 'name'>> | undefined;
  try {
    link = files ? await linkFiles(files, (m) => loadMember(m, root, maxWasmMiB, log, transpiled), (member) => resolveGrants(denyAll(), member, {})) : undefined;
  } catch (err) {
    pool.dispose();
    throw err;
  }
  return targetOver(
    nodeEngine(pool, async () => ({ ...root, settings, ...(link ? { link } : {}) })),
    async () => ({
      artifacts: await artifactsOf(root),
      settings: { ...settings, snapshots: snapshotsOf(grants) },
      ...(link ? { link: { ...link, linked: await Promise.all(link.linked.map(async ({ hash, bytes, ...m }) => ({ ...m, snapshots: snapshotsOf(m.grants), artifacts: await artifactsOf({ hash, name: m.name, bytes }) }))) } } : {}),
    }),
    async () => exportedFunctions((await transpiled(root)).wit),
    () => pool.dispose(),
    chromium,
  );
}

/** A component as the runner pool transpiles it. */
type Piece = { hash: string; name: string; bytes: Uint8Array };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A member of a --link composition with its WIT: the root as already read, a linked file read (and size-checked) now. */
async function loadMember(m: MemberFile, root: Piece, maxWasmMiB: number, log: (line: string) => void, transpiled: (c: Piece) => Promise<{ wit: string }>) {
  let piece = root;
  if (m.name !== root.name) {
    const { bytes, adapted } = await readWasm(m.file, maxWasmMiB);
    if (adapted) log(`${m.file} is a WASI preview1 core module: adapted to a component with the preview1 command adapter`);
    piece = { hash: sha256(bytes), name: m.name, bytes };
  }
  return { hash: piece.hash, bytes: piece.bytes, wit: (await transpiled(piece)).wit };
}

/**
 * A target's engines: the Node one given, and the browser engine in the Chromium given or in one
 * started on first use (closed by dispose). Refusals of the input itself come out as usage errors.
 */
function targetOver(
  node: Engine,
  prepare: () => Promise<PreparedComponent>,
  functions: RunTarget['functions'],
  dispose: () => void,
  given?: () => Promise<ChromiumEngine>,
): RunTarget {
  let chromium: Promise<ChromiumEngine> | null = null;
  const browser = chromiumEngine(given ?? (() => (chromium ??= ChromiumEngine.start())), prepare);
  return {
    engines: { node: usageErrors(node), browser: usageErrors(browser) },
    functions: () => asUsageError(functions()),
    async dispose() {
      dispose();
      await (await chromium?.catch(() => null))?.close();
    },
  };
}

/** An engine whose refusals of the input (not WebAssembly, too large…) are usage errors, as on the command line they are. */
function usageErrors(engine: Engine): Engine {
  return {
    name: engine.name,
    prepare: () => asUsageError(engine.prepare()),
    run: (runId, hooks) => asUsageError(engine.run(runId, hooks)),
    call: (runId, target, args, hooks) => asUsageError(engine.call(runId, target, args, hooks)),
    handle: (runId, request, hooks, options) => asUsageError(engine.handle(runId, request, hooks, options)),
    stop: (runId) => engine.stop(runId),
  };
}

/**
 * What the typed flags grant beyond the project folder, in the trust check's terms: a project
 * asking for the same (or a read-only mount of a folder typed read-write) needs no trust for it.
 */
function typedGrants(projectDir: string, typed: Partial<Policy>): string[] {
  const policy = policySchema.parse({ env: typed.env ?? [], mounts: typed.mounts ?? [], sockets: typed.sockets, http: typed.http });
  return grantsBeyondFolder(projectDir, { name: 'typed', language: 'c', policy, limits: DEFAULT_LIMITS }).map((g) => g.id);
}

/** A .wasm file as a component: its size is checked before a byte of it is read. */
export async function readWasm(path: string, maxWasmMiB: number): Promise<{ bytes: Uint8Array; adapted: boolean }> {
  const tooLarge = wasmTooLarge(statSync(path).size, maxWasmMiB, path);
  if (tooLarge) throw new UsageError(tooLarge);
  return asUsageError(checkComponent(new Uint8Array(readFileSync(path)), path, maxWasmMiB));
}

/** Refusals of the input itself: on the command line they are usage errors (one line, exit 2), as a file that is not WebAssembly is. */
const BAD_INPUT = new Set(['not-wasm', 'not-adaptable', 'too-large', 'invalid-component']);

export async function asUsageError<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw err instanceof StudioError && BAD_INPUT.has(err.code) ? new UsageError(err.message) : err;
  }
}
