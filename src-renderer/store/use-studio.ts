import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StudioState, StudioStore } from './store';

export const StoreContext = createContext<StudioStore | null>(null);

export function useStudio<T>(selector: (s: StudioState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio outside StoreContext');
  return useStore(store, selector);
}

export function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudioStore outside StoreContext');
  return store;
}
