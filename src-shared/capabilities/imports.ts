/** A jco import object: interface name (unversioned) -> that interface's functions and resource classes. */
export type ImportObject = Record<string, Record<string, unknown>>;

/** Thrown by the exit import to unwind the guest; the engine turns it into an exit code. */
export class ExitSignal {
  constructor(readonly code: number) {}
}

const DENIED = Symbol('denied');

/** Marks an import as refused by the policy, so the trace records it as denied. */
export function denied<F extends (...args: never[]) => unknown>(fn: F): F {
  return Object.assign(fn, { [DENIED]: true });
}

export function isDenied(fn: unknown): boolean {
  return typeof fn === 'function' && DENIED in fn;
}

let refusedNow = false;
let refusedWhy = '';
let refusedAtWall = false;

/**
 * For refusals decided inside a call (a read-only mount, a path that escapes, an address not on
 * the allow-list): records that the error about to be thrown is the policy's, not the host's,
 * and returns it for `throw`. `why` is shown beside the error in the trace (e.g. the refused origin).
 * Runs are single-threaded, so the tracer reads it back right after the call.
 */
export function refusal<E>(error: E, why = ''): E {
  refusedNow = true;
  refusedWhy = why;
  refusedAtWall = false;
  return error;
}

/**
 * A refusal at the sandbox's walls (a path or link out of its mount, a NUL in a path): no grant
 * lifts it, so the trace marks it and no fix-it is offered beside it.
 */
export function wallRefusal<E>(error: E, why: string): E {
  refusal(error, why);
  refusedAtWall = true;
  return error;
}

export function takeRefusal(): boolean {
  return takeRefusalDetail() !== null;
}

/** The pending refusal's reason ('' when it gave none), or null when the error was not a refusal; clears it. */
export function takeRefusalDetail(): string | null {
  return takeRefusalOf()?.why ?? null;
}

/** The pending refusal (its reason, and whether it was at the sandbox's walls), or null; clears it. */
export function takeRefusalOf(): { why: string; wall: boolean } | null {
  const r = refusedNow ? { why: refusedWhy, wall: refusedAtWall } : null;
  refusedNow = false;
  refusedWhy = '';
  refusedAtWall = false;
  return r;
}

/** A refusal the guest cannot see as a WASI error: the call traps with a message naming the capability. */
export class CapabilityDenied extends Error {
  constructor(capability: string, call: string) {
    super(`${capability} capability denied by policy (${call})`);
    this.name = 'CapabilityDenied';
  }
}
