import type { EngineName, TrustGrant } from '../../protocol/types';
import type { Policy } from '../policy';

export type CapabilityId = 'args' | 'env' | 'files' | 'stdin' | 'clocks' | 'random' | 'sockets' | 'http' | 'output';

/** A flag of `component-studio run` that grants (part of) a capability. */
export interface CliFlag {
  /** Without the leading dashes. */
  name: string;
  /** The value as --help shows it, e.g. HOST[::GUEST]. */
  value: string;
  multiple: boolean;
  /** --help's description, one entry per line. */
  help: string[];
}

/** A flag's value is wrong: the CLI prints the message on one line and exits 2. */
export class FlagError extends Error {}

/** What the CLI lends a flag parser, since flags name host files and src-shared has no file system. */
export interface FlagHost {
  exists(path: string): boolean;
  /** A file's text; "-" is the CLI's own standard input. */
  readText(path: string): string;
}

/** A capability's part of the two equivalent command lines. */
export interface Rendered {
  /** Tokens (unquoted) of `component-studio run`. */
  studio?: string[];
  /** Tokens (unquoted) of `wasmtime run`. */
  wasmtime?: string[];
  /** What wasmtime cannot express of the grant, so the user knows where the two differ. */
  wasmtimeCaveats?: string[];
  /** Guest arguments, after the component (and after -- for the studio). */
  guestArgs?: string[];
  /** Text piped into both commands. */
  stdin?: string;
}

export interface FixIt {
  label: string;
  apply: (p: Policy) => Policy;
}

/** A refusal a fix-it is offered for: a traced call (its reason names what was asked), or only the capability. */
export interface Denial {
  entry?: { interface: string; result: string };
  projectFiles: string[];
}

/** Where a grant's host path really is, judged by the host (src-shared cannot resolve symlinks). */
export interface TrustHost {
  locate(hostPath: string): { real: string; inside: boolean };
}

/**
 * One capability, and everything the studio does with it apart from enforcing it: adding a
 * capability is one entry (and its enforcement module), read by the inspector, the policy's
 * words, the CLI's flags and --help, the Commands tab, the fix-its and the trust prompt.
 */
export interface Capability {
  id: CapabilityId;
  label: string;
  /** Interface prefixes (unversioned) that ask for this capability; one ending in "/" or "-" names a family. */
  interfaces: string[];
  /** What each engine can do with it, when granted. */
  support: Record<EngineName, 'yes' | 'no' | string>;
  /** The policy field that grants it (studio.json "policy"), or null for what is always given. */
  policyField: keyof Policy | null;
  /** The module that enforces it (it stays there; the registry only points to it). */
  enforcedBy: string;
  /** What the policy grants, in words; null for nothing. */
  granted(policy: Policy): string | null;
  flags: CliFlag[];
  /** This capability's flags (each value a list, in order given) as its part of a policy. */
  fromFlags?(values: Record<string, string[]>, host: FlagHost): Partial<Policy>;
  render?(policy: Policy): Rendered;
  fixIts?(denial: Denial): FixIt[];
  /** What this grant asks for beyond the project's own folder, in the trust prompt's words. */
  trust?(policy: Policy, host: TrustHost): TrustGrant[];
}
