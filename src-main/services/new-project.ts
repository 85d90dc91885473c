import { homedir } from 'node:os';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { StudioError } from '../../src-shared/protocol/envelope';
import { freeName } from '../../src-shared/protocol/free-name';
import { PROJECT_FILE, parseProject } from '../../src-shared/protocol/project';
import { memberLanguage } from '../../src-shared/protocol/members';
import type { SampleInfo, TemplateName } from '../../src-shared/protocol/types';
import { expandHome } from './folders';
import { writeAtomic } from '../fs-safe';
import { TEMPLATES } from './templates';
import { projectsHome } from '../user-dirs';

/** Build output and the studio's own state are never copied out of a sample. */
const NOT_COPIED = new Set(['build', '.studio', 'node_modules', 'target']);

/**
 * The full path of a folder typed for a new project: "~" is the home folder, and a relative path is
 * taken inside the projects folder. Never the process's working folder: for the app that is the
 * studio's own install, where a project does not belong.
 */
export function projectFolder(typed: string, projectsDir: string, home = homedir()): string {
  const dir = typed.trim();
  if (!dir) throw new StudioError('bad-folder', 'type a folder for the new project');
  // "~name" means another user's home in a shell; the studio does not guess it.
  if (/^~[^/\\]/.test(dir)) throw new StudioError('bad-folder', `${dir}: only ~ and ~/… are understood; type the full path`);
  const expanded = expandHome(dir.replace(/^~\\/, '~/'), home);
  return isAbsolute(expanded) ? resolve(expanded) : resolve(projectsDir, expanded);
}

/** A folder a new project may go into: missing (it is made) or empty. Takes and returns a full path. */
export function prepareEmptyFolder(full: string): string {
  if (existsSync(full)) {
    if (!statSync(full).isDirectory()) throw new StudioError('not-a-folder', `${full} is a file, not a folder`);
    const entries = readdirSync(full);
    if (entries.length) {
      throw new StudioError('not-empty', `${full} is not empty (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}): a new project goes into a new or empty folder, so nothing there is overwritten`);
    }
  }
  mkdirSync(full, { recursive: true });
  return full;
}

/** A project name from a folder name: the characters studio.json allows, or "my-component". */
export function nameFromFolder(dir: string): string {
  const name = basename(resolve(dir)).replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^[^a-zA-Z0-9]+/, '').slice(0, 64);
  return name || 'my-component';
}

/** Writes a template's hello world into dir (see projectFolder for how a typed folder is read). */
export function createFromTemplate(language: TemplateName, dir: string, projectsDir = projectsHome()): string {
  const template = TEMPLATES[language];
  if (!template) throw new StudioError('bad-language', `no template for ${JSON.stringify(language)}`);
  const full = prepareEmptyFolder(projectFolder(dir, projectsDir));
  const name = nameFromFolder(full);
  for (const [rel, text] of Object.entries(template.files)) {
    const path = join(full, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeAtomic(path, text.replaceAll('NAME', name));
  }
  return full;
}

/** The shipped samples: every folder of samplesDir with a valid studio.json, described in one line. */
export function listSamples(samplesDir: string): SampleInfo[] {
  if (!existsSync(samplesDir)) return [];
  const out: SampleInfo[] = [];
  for (const name of readdirSync(samplesDir).sort()) {
    const file = join(samplesDir, name, PROJECT_FILE);
    if (!existsSync(file)) continue;
    try {
      const config = parseProject(readFileSync(file, 'utf8'));
      const description = config.description ?? readmeLine(join(samplesDir, name));
      out.push({ name, language: config.language, description, ...(config.components ? { languages: config.components.map(memberLanguage) } : {}) });
    } catch {
      // A broken sample is left out of the gallery rather than shown as one that cannot open.
    }
  }
  return out;
}

/** The first sentence of a README's first paragraph after its title. */
function readmeLine(dir: string): string {
  try {
    const text = readFileSync(join(dir, 'README.md'), 'utf8');
    const para = text.split(/\n\s*\n/).find((p) => p.trim() && !p.trim().startsWith('#'));
    const flat = (para ?? '').replace(/\s+/g, ' ').trim();
    return (/^.*?[.:](\s|$)/.exec(flat)?.[0] ?? flat).trim().replace(/:$/, '.');
  } catch {
    return '';
  }
}

/** Copies a sample into dir (new or empty; a typed folder is read as projectFolder does); the shipped sample is never opened or written. */
export function copySample(samplesDir: string, sample: string, dir: string, projectsDir = projectsHome()): string {
  const src = join(samplesDir, sample);
  if (!/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/.test(sample) || !existsSync(join(src, PROJECT_FILE))) {
    throw new StudioError('no-sample', `there is no sample named ${JSON.stringify(sample)}`);
  }
  const full = prepareEmptyFolder(projectFolder(dir, projectsDir));
  cpSync(src, full, { recursive: true, filter: (p) => p === src || !NOT_COPIED.has(basename(p)) });
  return full;
}

/** A folder under `home` for a copy of a sample: home/<sample>, or home/<sample>-2, -3… if taken. */
export function freshFolder(home: string, base: string): string {
  const taken = (name: string) => {
    const dir = join(home, name);
    return existsSync(dir) && !(statSync(dir).isDirectory() && readdirSync(dir).length === 0);
  };
  return join(home, freeName(base, taken));
}
