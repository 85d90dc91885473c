import { callables, type CallableFunction } from '../../src-shared/engine/calls';
import { parseWorld } from '../../src-shared/wit';
import { vendoredWasi } from '../toolchains/wasi-wit';
import type { Workspace } from './workspace';

/**
 * WIT texts that define what a component's own WIT only names: jco prints just the root package,
 * so exported interfaces from other packages (wasi:cli/run, the project's own) come from here.
 */
export function witDeps(workspace?: Workspace): string[] {
  const project = workspace ? workspace.list().filter((f) => f.endsWith('.wit')).map((f) => workspace.read(f)) : [];
  return [...project, ...vendoredWasi().map((p) => p.text)];
}

/** The exported functions of a component, from the WIT text jco prints for it. */
export function exportedFunctions(wit: string, workspace?: Workspace): { functions: CallableFunction[]; functionsError: string | null } {
  try {
    return { functions: callables(parseWorld(wit, { deps: witDeps(workspace) })), functionsError: null };
  } catch (err) {
    return { functions: [], functionsError: `the exported functions' types could not be read: ${(err as Error).message}` };
  }
}
