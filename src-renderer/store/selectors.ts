import type { Diagnostic } from '../../src-shared/protocol/types';
import type { StudioState } from './store';

// Selectors must return stable references (zustand re-renders on every new object), hence shared empties.
const NO_DIAGNOSTICS: Diagnostic[] = [];
const NO_FILES: string[] = [];

export const selectFiles = (s: StudioState): string[] => s.project?.files ?? NO_FILES;

export const selectIsDirty = (s: StudioState, path: string): boolean => {
  const b = s.buffers[path];
  return Boolean(b && b.text !== b.saved);
};

export const selectAnyRunning = (s: StudioState): boolean => s.runs.node.status === 'running' || s.runs.browser.status === 'running';

export const selectDiagnostics = (s: StudioState): Diagnostic[] => s.buildResult?.diagnostics ?? NO_DIAGNOSTICS;

/** The component runs and calls use now: the last build's, or an opened .wasm's (described once opened). */
export const selectComponentHash = (s: StudioState): string | null => s.buildResult?.hash ?? (s.opened ? (s.description?.hash ?? null) : null);
