import type { StateCreator } from 'zustand';
import type { Diagnostic } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

/**
 * Live WIT syntax problems of the open `.wit` files, keyed by project-relative path. The WIT
 * language services (editor/wit/providers.ts) publish them as the user types; the Problems panel
 * lists them next to the build's diagnostics.
 */
export interface WitProblemsSlice {
  witProblems: Record<string, Diagnostic[]>;
  /** Replaces the problems of one file; an empty list removes the file. */
  setWitProblems(path: string, problems: Diagnostic[]): void;
}

type Sink = (path: string, problems: Diagnostic[]) => void;

// The language services are registered once per page, outside React and the store: they publish
// here, and every store created on the page (there is one, but tests make several) listens.
const sinks = new Set<Sink>();
const latest = new Map<string, Diagnostic[]>();

/** Called by the WIT diagnostics whenever a file's syntax problems were recomputed. */
export function publishWitProblems(path: string, problems: Diagnostic[]): void {
  if (problems.length) latest.set(path, problems);
  else latest.delete(path);
  for (const sink of sinks) sink(path, problems);
}

const NO_PROBLEMS: Diagnostic[] = [];

export const selectWitProblemList = (() => {
  // Stable reference per witProblems object, as zustand selectors need.
  let lastIn: Record<string, Diagnostic[]> | undefined;
  let lastOut: Diagnostic[] = NO_PROBLEMS;
  return (s: StudioState): Diagnostic[] => {
    if (s.witProblems !== lastIn) {
      lastIn = s.witProblems;
      const paths = Object.keys(s.witProblems).sort();
      lastOut = paths.length ? paths.flatMap((p) => s.witProblems[p]!) : NO_PROBLEMS;
    }
    return lastOut;
  };
})();

export const witProblemsSlice =
  (_deps: StoreDeps): StateCreator<StudioState, [], [], WitProblemsSlice> =>
  (set, get) => {
    const setWitProblems = (path: string, problems: Diagnostic[]) => {
      const current = get().witProblems;
      if (!problems.length && !(path in current)) return;
      const next = { ...current };
      if (problems.length) next[path] = problems;
      else delete next[path];
      set({ witProblems: next });
    };
    sinks.add(setWitProblems);
    return {
      witProblems: Object.fromEntries(latest),
      setWitProblems,
    };
  };
