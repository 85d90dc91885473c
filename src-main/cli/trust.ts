import type { Studio } from '../services/studio';
import { untrustedMessage } from '../services/trust';
import { UsageError } from './args';

export const trustHelp = `  --trust                      allow what the project's studio.json asks for beyond its own folder
                               (mounts outside it, host variables, network allow-lists, a native
                               build) for this command only; without it such a project exits 2
                               listing those grants, unless the folder was trusted in the studio.
                               Flags typed here are your own grants and need no --trust`;

/**
 * Refuses, before anything is built or run, a project whose studio.json asks for more than its
 * folder and that was neither trusted in the studio nor given --trust: exit 2 with the list.
 */
export function requireTrust(studio: Studio, action: 'Build' | 'Run' | 'Call'): void {
  const s = studio.trust.status(studio.workspace.project);
  if (s.state !== 'trusted') throw new UsageError(untrustedMessage(action, s.pending));
}
