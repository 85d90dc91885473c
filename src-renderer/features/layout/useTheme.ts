import { useEffect } from 'react';
import type { StudioStore } from '../../store/store';
import { selectTheme } from '../../store/ui-slice';
import { useStudio } from '../../store/use-studio';

/** Follows the system's light or dark setting live, unless the palette set one; the page's colours follow. */
export function useTheme(store: StudioStore): void {
  const theme = useStudio(selectTheme);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => store.getState().setSystemDark(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, [store]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
}
