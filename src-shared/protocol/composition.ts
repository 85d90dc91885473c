import type { Policy } from '../capabilities/policy';

/**
 * A composition: several components linked at instantiation, each with its own grants.
 * The one model of it, read by the planner (src-shared/compose/plan.ts), the engines (which
 * follow a plan's wires), the composition view and the CLI.
 */

/** What the planner knows of one member: its name and what its bytes import and export. */
export interface MemberFacts {
  /** Unique in the composition: a letter, then letters, digits, "-" or "_". */
  name: string;
  /** Interfaces and functions the component imports, as jco names them (versioned: `docs:calc/math@0.1.0`). */
  imports: string[];
  exports: string[];
  /**
   * The WIT text of every interface the member imports or exports, when known (a project member:
   * its wit/ folder), so that a wire's two sides can be compared type by type. Null for a plain
   * .wasm whose interfaces' types are not known: its wires are checked by name and version only.
   */
  wit: string | null;
}

/** One wire: member `to`'s import is member `from`'s export of the same interface. */
export interface Wire {
  from: string;
  to: string;
  /** The interface as the exporter names it (versioned when the package is). */
  export: string;
  /** The interface as the importer names it. */
  import: string;
  /**
   * How far the planner could check the wire: `types` when both members' WIT declares the
   * interface and its functions were compared; `names` when one side has none (a plain .wasm),
   * so only the interface's name and version were matched (not an error).
   */
  checked?: 'types' | 'names';
}

/** An import that no member exports: the host gives it (WASI, under the importer's own policy). */
export interface HostImport {
  member: string;
  import: string;
}

/** Why a composition cannot run as wired, said before anything runs. */
export interface LinkProblem {
  kind: 'unsatisfied' | 'cycle' | 'type-mismatch' | 'ambiguous' | 'duplicate-name';
  /** The members the problem is about (the importer first). */
  members: string[];
  message: string;
}

export interface LinkPlan {
  /** Members in instantiation order: every member after the members it imports from; the root last. */
  order: string[];
  root: string;
  wires: Wire[];
  host: HostImport[];
  problems: LinkProblem[];
}

/** Calls made so far from one member into another over one interface (a run's live count, before its trace arrives). */
export interface CrossCalls {
  component: string;
  callee: string;
  interface: string;
  calls: number;
}

/** The key under which jco's glue asks for an import: the interface without its version. */
export const glueImportKey = (name: string): string => name.replace(/@[^/]*$/, '');

/** What the composition view is given: the plan, and each member as it was built, with its own policy. */
export interface CompositionDescription {
  plan: LinkPlan;
  /** `source`: the file a click on the member opens (its first source, or its .wasm), relative to the project. */
  members: { name: string; language: string; size: number; policy: Policy; source: string | null }[];
}
