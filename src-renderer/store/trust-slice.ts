import type { StateCreator } from 'zustand';
import type { ProjectTrust } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import type { StudioState } from './store';

export interface TrustSlice {
  /** What the open project asks for beyond its folder and whether it is trusted (the server decides). */
  trust: ProjectTrust | null;
  /** The trust prompt is on screen: asked by the server's state, or reopened by the user. */
  trustPromptOpen: boolean;
  loadTrust(): Promise<void>;
  /** The user's answer about the grants the prompt shows. */
  decideTrust(trust: boolean): Promise<void>;
  setTrustPrompt(open: boolean): void;
}

/**
 * The trust prompt's state. The server is what refuses builds and runs of an untrusted project;
 * this only asks the question and shows the answer. It follows the project: a switch, a policy
 * change and an edit of studio.json on disk fetch the trust state anew (a new grant asks again).
 */
export const trustSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], TrustSlice> =>
  (set, get, api) => {
    let asked = 0;
    api.subscribe((s, prev) => {
      if (s.project && (s.project.dir !== prev.project?.dir || s.project.config !== prev.project?.config)) void get().loadTrust();
    });
    deps.client.on('file.changed', ({ path }) => {
      if (path === 'studio.json' && get().project) void get().loadTrust();
    });
    return {
      trust: null,
      trustPromptOpen: false,
      async loadTrust() {
        const dir = get().project?.dir;
        const n = ++asked;
        try {
          const trust = await deps.client.call('trust.get', {});
          // Only the latest answer for the project still open counts.
          if (n !== asked || get().project?.dir !== dir) return;
          set({ trust, trustPromptOpen: trust.state === 'ask' });
        } catch (err) {
          if (n === asked) get().setNotice(`Could not tell whether this project is trusted: ${(err as Error).message}`);
        }
      },
      async decideTrust(yes) {
        const shown = get().trust?.pending.map((g) => g.id) ?? [];
        try {
          const trust = await deps.client.call('trust.decide', { grants: shown, trust: yes });
          asked++;
          // Still 'ask' when studio.json added a grant while the prompt was open: it stays, with the new list.
          set({ trust, trustPromptOpen: trust.state === 'ask' });
        } catch (err) {
          get().setNotice(`The answer could not be saved: ${(err as Error).message}`);
        }
      },
      setTrustPrompt: (open) => set({ trustPromptOpen: open }),
    };
  };
