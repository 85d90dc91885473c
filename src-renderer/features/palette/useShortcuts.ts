import { useEffect } from 'react';
import type { StudioStore } from '../../store/store';
import { runChord } from './commands';

/**
 * The studio's shortcuts anywhere in the page. Monaco handles its own keys first and stops them
 * (the editor registers the same commands as actions), so an event already handled is left alone.
 * F5 and Ctrl+S would otherwise reload or save the page.
 */
export function useShortcuts(store: StudioStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      if (runChord(store, e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
