import type { Language, MemberConfig, ProjectConfig, WasmMember } from './types';

/**
 * The members of a project, the root first. A single-component project is a composition of one
 * member named after the project, so callers (build, trust, runs) never branch on the shape.
 */
export function projectMembers(config: ProjectConfig): MemberConfig[] {
  if (config.components) return config.components;
  const { name, language, sources, build, world, jsBackend, policy } = config;
  return [{ name, language, sources, build, world, jsBackend, policy }];
}

export const isWasmMember = (m: MemberConfig): m is WasmMember => 'wasm' in m;

/** What a member is written in, or 'wasm' for one built elsewhere. */
export const memberLanguage = (m: MemberConfig): Language | 'wasm' => (isWasmMember(m) ? 'wasm' : m.language);

/** Where a member's sources are when studio.json lists none: src/ for a single component, src/<member>/ in a composition. */
export const defaultSourceDir = (config: ProjectConfig, member: MemberConfig): string => (config.components ? `src/${member.name}/` : 'src/');
