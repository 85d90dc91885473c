import { useEffect } from 'react';
import type { StudioStore } from '../../store/store';

/**
 * No lost work: restores unsaved buffers kept from before the studio stopped, and backs up whatever
 * is pending when the page goes away. Closing with unsaved changes keeps them (hot exit).
 */
export function useBackups(store: StudioStore): void {
  useEffect(() => {
    void store.getState().restoreBackups();
    const flush = () => store.getState().flushBackups();
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, [store]);
}
