import type { Diagnostic, RunResult } from '../../src-shared/protocol/types';
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

export interface Comparison {
  agree: boolean;
  differences: ('exit code' | 'stdout' | 'stderr' | 'error')[];
}

/** Compares the two engines' last runs once both have finished; null while either has no result. */
export function compareRuns(node: RunResult | null, browser: RunResult | null): Comparison | null {
  if (!node || !browser) return null;
  const differences: Comparison['differences'] = [];
  if (node.exitCode !== browser.exitCode) differences.push('exit code');
  if (node.stdout !== browser.stdout) differences.push('stdout');
  if (node.stderr !== browser.stderr) differences.push('stderr');
  if (Boolean(node.error) !== Boolean(browser.error)) differences.push('error');
  return { agree: differences.length === 0, differences };
}
