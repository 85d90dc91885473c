import { BINDINGS_DIR } from '../wit/c-bindgen';
import type { Language } from './registry';

/**
 * Whether a project file is one the build writes (the C/C++ bindings of the world, a TypeScript
 * world's declarations): the file tree marks it, the editor opens it read-only, and an edit
 * would be overwritten by the next build anyway.
 */
export function isGeneratedFile(project: { language: Language; world?: string } | null | undefined, path: string): boolean {
  if (!project) return false;
  if ((project.language === 'c' || project.language === 'cpp') && project.world !== undefined) return path.startsWith(`${BINDINGS_DIR}/`);
  if (project.language === 'ts') return path.startsWith('types/');
  return false;
}
