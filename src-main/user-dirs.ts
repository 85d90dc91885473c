import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The studio's per-user folder: $COMPONENT_STUDIO_CONFIG_DIR (tests point it at a temporary
 * folder), else $XDG_CONFIG_HOME/component-studio, else ~/.config/component-studio.
 * XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
 */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.COMPONENT_STUDIO_CONFIG_DIR) return env.COMPONENT_STUDIO_CONFIG_DIR;
  const xdg = env.XDG_CONFIG_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.config'), 'component-studio');
}

/**
 * The studio's per-user cache (what can be made again, like built components):
 * $COMPONENT_STUDIO_CACHE_DIR (tests point it at a temporary folder), else
 * $XDG_CACHE_HOME/component-studio, else ~/.cache/component-studio.
 */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  if (env.COMPONENT_STUDIO_CACHE_DIR) return env.COMPONENT_STUDIO_CACHE_DIR;
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(home, '.cache'), 'component-studio');
}

/**
 * Where copies of samples and new projects go by default: $COMPONENT_STUDIO_PROJECTS_DIR, else
 * ~/ComponentStudio (a visible folder, since people look for their projects there).
 */
export function projectsHome(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return env.COMPONENT_STUDIO_PROJECTS_DIR || join(home, 'ComponentStudio');
}
