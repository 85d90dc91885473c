import { BINDINGS_DIR } from '../wit/c-bindgen';
import type { Language } from './registry';

/**
 * Whether a project file is one the build writes (the C/C++ bindings of the world, a TypeScript
 * world's declarations): the file tree marks it, the editor opens it read-only, and an edit
 * would be overwritten by the next build anyway.
 */
export function isGeneratedFile(project: (Built & { components?: (Built | { wasm: string })[] }) | null | undefined, path: string): boolean {
  if (!project) return false;
  // A composition's members each generate their own (the root's settings are mirrored at the top).
  const members = project.components ? project.components.filter((m): m is Built => 'language' in m) : [project];
  return members.some((m) => generates(m, path));
}

interface Built {
  language: Language;
  world?: string;
}

function generates(member: Built, path: string): boolean {
  if ((member.language === 'c' || member.language === 'cpp') && member.world !== undefined) return path.startsWith(`${BINDINGS_DIR}/`);
  if (member.language === 'ts') return path.startsWith('types/');
  return false;
}
