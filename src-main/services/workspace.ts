import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { StudioError } from '../../src-shared/protocol/envelope';
import { wasmTooLarge } from '../../src-shared/engine/wasm-size';
import { isSourceOf } from '../../src-shared/languages/registry';
import { PROJECT_FILE, checkProject, parseProject } from '../../src-shared/protocol/project';
import { defaultSourceDir, projectMembers } from '../../src-shared/protocol/members';
import type { Diagnostic, ProjectConfig, ProjectInfo, SourceMember } from '../../src-shared/protocol/types';
import { confine, writeAtomic } from '../fs-safe';

const SKIP_DIRS = new Set(['build', 'node_modules', 'target']);
const MAX_FILES = 5000;
const MAX_READ = 8 * 1024 * 1024;

/** Whether a project-relative path is one the file list shows (no dot-folders, build output or dependencies). */
export function isListedPath(rel: string): boolean {
  const parts = rel.split('/');
  return parts.every((p, i) => p !== '' && !p.startsWith('.') && (i === parts.length - 1 || !SKIP_DIRS.has(p)));
}

/** Paths a client may create, rename or delete: listed files other than studio.json. */
function checkEditable(rel: string, what: string): void {
  if (rel === PROJECT_FILE) throw new StudioError('protected', `${PROJECT_FILE} cannot be ${what}: it defines the project`);
  if (!isListedPath(rel)) throw new StudioError('bad-path', `${rel} cannot be ${what}: use a path without empty, hidden or build/ folders`);
}

/** An open project folder: its studio.json, its files, and confined reads and atomic writes. */
export class Workspace {
  /** Called after the studio itself changed a file, so a watcher does not report the studio's own writes. */
  onOwnChange: (rel: string) => void = () => {};

  private constructor(
    readonly dir: string,
    private config: ProjectConfig,
  ) {}

  private problem: Diagnostic | null = null;

  static open(dir: string): Workspace {
    const full = resolve(dir);
    if (!existsSync(full)) throw new StudioError('no-project', `the project folder ${full} does not exist`);
    if (!statSync(full).isDirectory()) throw new StudioError('no-project', `${full} is not a folder`);
    const file = join(full, PROJECT_FILE);
    if (!existsSync(file)) {
      throw new StudioError('not-a-project', `${full} has no ${PROJECT_FILE}: it is not a Component Studio project yet (create a new project there, or open one of the samples)`);
    }
    try {
      return new Workspace(full, parseProject(readFileSync(file, 'utf8')));
    } catch (err) {
      throw new StudioError('bad-project', (err as Error).message);
    }
  }

  get project(): ProjectConfig {
    return this.config;
  }

  /**
   * Why studio.json as it is on disk cannot be used (null: it can). While it stands, the project
   * keeps its previous settings for showing, and builds refuse: nothing runs on settings the file
   * no longer says.
   */
  get configProblem(): Diagnostic | null {
    return this.problem;
  }

  /** Re-reads studio.json, so edits to it apply to the next build and run; a broken one is kept as the problem. */
  reload(): void {
    const path = join(this.dir, PROJECT_FILE);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      this.problem = { file: PROJECT_FILE, line: 1, column: 1, severity: 'error', message: `${PROJECT_FILE} cannot be read: ${(err as Error).message}`, source: PROJECT_FILE };
      return;
    }
    const checked = checkProject(text);
    if ('problem' in checked) this.problem = checked.problem;
    else {
      this.config = checked.config;
      this.problem = null;
    }
  }

  info(): ProjectInfo {
    return { dir: this.dir, config: this.config, configProblem: this.problem, files: this.list() };
  }

  list(): string[] {
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const entry of readdirSync(join(this.dir, rel), { withFileTypes: true })) {
        if (out.length >= MAX_FILES) return;
        if (entry.name.startsWith('.')) continue;
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.isDirectory()) {
          if (!SKIP_DIRS.has(entry.name)) walk(path);
        } else if (entry.isFile()) out.push(path);
      }
    };
    walk('');
    return out.sort();
  }

  read(rel: string): string {
    const path = confine(this.dir, rel);
    if (!existsSync(path)) throw new StudioError('not-found', `no such file: ${rel}`);
    const st = statSync(path);
    if (!st.isFile()) throw new StudioError('not-a-file', `${rel} is not a file`);
    if (st.size > MAX_READ) throw new StudioError('too-large', `${rel} is larger than 8 MiB`);
    return readFileSync(path, 'utf8');
  }

  write(rel: string, content: string): number {
    const path = confine(this.dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeAtomic(path, content);
    this.onOwnChange(rel);
    if (rel === PROJECT_FILE) this.reload();
    return Buffer.byteLength(content);
  }

  writeBytes(rel: string, bytes: Uint8Array): void {
    const path = confine(this.dir, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeAtomic(path, bytes);
  }

  /** Creates a new file; refuses to replace one that exists (the final link is exclusive, the content complete). */
  create(rel: string, content = ''): void {
    const path = confine(this.dir, rel);
    checkEditable(rel, 'created');
    if (existsSync(path)) throw new StudioError('exists', `${rel} already exists`);
    mkdirSync(dirname(path), { recursive: true });
    const tmp = join(dirname(path), `.${randomBytes(6).toString('hex')}.new`);
    writeAtomic(tmp, content);
    try {
      linkSync(tmp, path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StudioError('exists', `${rel} already exists`);
      throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    this.onOwnChange(rel);
  }

  /** Renames a file; the new name must be free (link then unlink: never replaces another file). */
  rename(from: string, to: string): void {
    const src = confine(this.dir, from);
    const dst = confine(this.dir, to);
    checkEditable(from, 'renamed');
    checkEditable(to, 'created');
    if (!existsSync(src) || !statSync(src).isFile()) throw new StudioError('not-found', `no such file: ${from}`);
    if (existsSync(dst)) throw new StudioError('exists', `${to} already exists`);
    mkdirSync(dirname(dst), { recursive: true });
    try {
      linkSync(src, dst);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StudioError('exists', `${to} already exists`);
      throw err;
    }
    unlinkSync(src);
    this.onOwnChange(from);
    this.onOwnChange(to);
  }

  /** Deletes a file (folders are left alone). */
  remove(rel: string): void {
    const path = confine(this.dir, rel);
    checkEditable(rel, 'deleted');
    if (!existsSync(path) || !statSync(path).isFile()) throw new StudioError('not-found', `no such file: ${rel}`);
    unlinkSync(path);
    this.onOwnChange(rel);
  }

  /** A .wasm of the project (a member built elsewhere), refused past the size limit before it is read. */
  readWasm(rel: string, maxWasmMiB: number): Uint8Array {
    const path = confine(this.dir, rel);
    if (!existsSync(path)) throw new StudioError('not-found', `no such file: ${rel}`);
    const st = statSync(path);
    if (!st.isFile()) throw new StudioError('not-a-file', `${rel} is not a file`);
    const tooLarge = wasmTooLarge(st.size, maxWasmMiB, rel);
    if (tooLarge) throw new StudioError('too-large', tooLarge);
    return new Uint8Array(readFileSync(path));
  }

  /**
   * The sources a member compiles (default: the root, or the one component): listed in
   * studio.json, or every file of its language under its source folder (src/, or src/<member>/).
   */
  sources(member: SourceMember = projectMembers(this.config)[0] as SourceMember): Record<string, string> {
    const dir = defaultSourceDir(this.config, member);
    const names = member.sources ?? this.list().filter((f) => f.startsWith(dir) && isSourceOf(member.language, f));
    const out: Record<string, string> = {};
    for (const name of names) out[name] = this.read(name);
    return out;
  }
}
