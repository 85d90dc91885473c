import type { StateCreator } from 'zustand';
import type { Policy } from '../../src-shared/capabilities/policy';
import type { FileChange } from '../../src-shared/engine/snapshot-diff';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { DEFAULT_LIMITS } from '../../src-shared/protocol/project';
import type { ComponentDescription } from '../../src-shared/protocol/types';
import type { CompositionDescription } from '../../src-shared/protocol/composition';
import type { StoreDeps } from './deps';
import { sha256Hex } from './sha256';
import type { StudioState } from './store';

export type BottomTab = 'problems' | 'capabilities' | 'trace' | 'composition' | 'commands' | 'calls' | 'request';

export interface InspectorSlice {
  description: ComponentDescription | null;
  /** The project's members and their link plan; null for a project of one component. */
  composition: CompositionDescription | null;
  /** A .wasm the user opened: runs and calls use it, without building, until the next Build. */
  opened: { name: string; adapted: boolean; size: number } | null;
  openComponent(name: string, bytes: Uint8Array): Promise<void>;
  bottomTab: BottomTab;
  setBottomTab(tab: BottomTab): void;
  loadDescription(): Promise<void>;
  /**
   * Writes a file the browser engine changed in a snapshot back to its mount's host folder. Unless
   * `overwrite`, refused (RemoteError `conflict`) when the host file is no longer what the snapshot held.
   */
  writeBack(change: FileChange, overwrite?: boolean): Promise<string>;
  /** Saves a new policy; with rerun, runs both engines again so the effect shows at once. */
  applyPolicy(change: (p: Policy) => Policy, rerun?: boolean): Promise<void>;
}

export const inspectorSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], InspectorSlice> =>
  (set, get) => ({
    description: null,
    composition: null,
    opened: null,
    async openComponent(name, bytes) {
      // Refused here too, so an oversized file is never sent (the browser-mode socket would drop it unanswered).
      const tooLarge = wasmTooLarge(bytes.length, get().project?.config.limits.maxWasmMiB ?? DEFAULT_LIMITS.maxWasmMiB, name);
      if (tooLarge) return get().setNotice(tooLarge);
      try {
        const opened = await deps.client.call('component.open', { name, bytes });
        set({ opened, buildResult: null });
        get().setNotice(`Opened ${name}${opened.adapted ? ': a WASI preview1 core module, adapted to a component with the preview1 command adapter' : ''}. Run and Call use it until the next Build.`);
        await get().loadDescription();
      } catch (err) {
        get().setNotice((err as Error).message);
      }
    },
    bottomTab: 'problems',
    setBottomTab: (bottomTab) => set({ bottomTab }),
    async writeBack(change, overwrite = false) {
      const expectedSha256 = overwrite ? undefined : change.before ? await sha256Hex(change.before) : null;
      const { written } = await deps.client.call('mount.writeBack', { guest: change.guest, ...(change.member ? { member: change.member } : {}), path: change.path, content: change.after, expectedSha256 });
      return written;
    },
    async loadDescription() {
      const dir = get().project?.dir;
      try {
        const description = await deps.client.call('component.describe', {});
        // The same component keeps the same object: forms built on its functions keep what was typed.
        if (get().project?.dir === dir && get().description?.hash !== description.hash) set({ description });
      } catch {
        if (get().project?.dir === dir) set({ description: null });
      }
      try {
        const { composition } = await deps.client.call('composition.describe', {});
        if (get().project?.dir === dir) set({ composition });
      } catch {
        if (get().project?.dir === dir) set({ composition: null });
      }
    },
    async applyPolicy(change, rerun = false) {
      const project = get().project;
      if (!project) return;
      try {
        const updated = await deps.client.call('project.setPolicy', { policy: change(project.config.policy) });
        set({ project: updated });
        // studio.json changed on disk: an open editor buffer of it must not overwrite the new policy.
        const open = get().buffers['studio.json'];
        if (open && open.text === open.saved) {
          const { content } = await deps.client.call('file.read', { path: 'studio.json' });
          set((s) => ({ buffers: { ...s.buffers, 'studio.json': { saved: content, text: content } } }));
        }
      } catch (err) {
        get().setNotice((err as Error).message);
        return;
      }
      if (rerun) await get().run(['node', 'browser']);
    },
  });
