/**
 * The languages a project can be written in, with everything about each that is not its
 * toolchain (which runs in Node: src-main/toolchains/registry.ts maps an id to its module), and
 * the templates a new project starts from. Adding a language is one entry here, one toolchain
 * module there, and (for New Project) a template entry below with its files in
 * src-main/services/templates.ts.
 */
export interface LanguageInfo {
  /** Shown in the welcome screen, the samples gallery and New Project. */
  label: string;
  /** Source file extensions, without the dot; the first is the main one (src/main.<ext>). */
  extensions: readonly string[];
  /** Build flags when studio.json gives none. */
  defaultFlags: readonly string[];
  /** Monaco's language id for this language's sources. */
  editorLanguage: string;
  /** What an empty main source should hold, finishing "src/main.c is empty: …". */
  emptySource: string;
  /** Project files besides sources and wit/ that a build reads (and whose change rebuilds). */
  buildInputs: readonly string[];
  /**
   * Why building runs native code on the user's machine (a trust grant, in the trust prompt's
   * words), or null when the build runs only the studio's sandboxed Wasm toolchains.
   */
  nativeBuild: string | null;
  /** The build runs in the project folder itself rather than on a copy of its sources. */
  buildsInPlace: boolean;
}

const wasmToolchain = { buildInputs: [], nativeBuild: null, buildsInPlace: false } as const;

export const LANGUAGE_REGISTRY = {
  c: {
    ...wasmToolchain,
    label: 'C',
    extensions: ['c', 'h'],
    defaultFlags: ['-O2'],
    editorLanguage: 'c',
    emptySource: 'write an `int main(void)` that the command runs',
  },
  cpp: {
    ...wasmToolchain,
    label: 'C++',
    extensions: ['cpp', 'cc', 'cxx', 'c', 'h', 'hh', 'hpp'],
    defaultFlags: ['-O2'],
    editorLanguage: 'cpp',
    emptySource: 'write an `int main()` that the command runs',
  },
  wat: {
    ...wasmToolchain,
    label: 'WAT',
    extensions: ['wat'],
    defaultFlags: [],
    editorLanguage: 'wat',
    emptySource: 'write a (module …) that exports "_start" and "memory", or a (component …)',
  },
  js: {
    ...wasmToolchain,
    label: 'JavaScript',
    extensions: ['js', 'mjs'],
    defaultFlags: [],
    editorLanguage: 'javascript',
    emptySource: 'export the functions of the world, e.g. `export function greet(name) { … }`',
  },
  ts: {
    ...wasmToolchain,
    label: 'TypeScript',
    extensions: ['ts', 'mts'],
    defaultFlags: [],
    editorLanguage: 'typescript',
    emptySource: 'export the functions of the world, e.g. `export function greet(name: string): string { … }`',
  },
  rust: {
    label: 'Rust',
    extensions: ['rs'],
    defaultFlags: [],
    editorLanguage: 'rust',
    emptySource: 'write a `fn main()`',
    buildInputs: ['Cargo.toml', 'Cargo.lock'],
    nativeBuild:
      "run native code on this machine when building: cargo compiles the project and runs its build scripts (build.rs) and procedural macros with your user's rights and environment",
    // cargo needs its registry and target/ cache.
    buildsInPlace: true,
  },
} as const satisfies Record<string, LanguageInfo>;

export type Language = keyof typeof LANGUAGE_REGISTRY;
export const LANGUAGES = Object.keys(LANGUAGE_REGISTRY) as [Language, ...Language[]];

/** A starting point for New Project (and the command line's `new --template NAME`). */
export interface TemplateInfo {
  language: Language;
  /** Shown in New Project's list. */
  label: string;
  /** What the new project is and how to try it, in a few words. */
  summary: string;
}

/**
 * The templates, by name. Each has its files in src-main/services/templates.ts. Rust has none:
 * it needs the user's own cargo and its wasm32-wasip2 target.
 */
export const TEMPLATE_REGISTRY = {
  c: { language: 'c', label: 'C', summary: 'a command: Run prints a greeting' },
  cpp: { language: 'cpp', label: 'C++', summary: 'a command: Run prints a greeting' },
  wat: { language: 'wat', label: 'WAT', summary: 'a WASI preview 1 module adapted to a command: Run prints a greeting' },
  js: { language: 'js', label: 'JavaScript', summary: 'a WIT world exporting greet: try it under Calls' },
  ts: { language: 'ts', label: 'TypeScript', summary: 'a WIT world exporting greet: try it under Calls' },
  'js-command': { language: 'js', label: 'JavaScript command', summary: 'a wasi:cli command: Run prints its arguments with console.log' },
  'ts-command': { language: 'ts', label: 'TypeScript command', summary: 'a wasi:cli command: Run prints its arguments with console.log' },
  'js-http': { language: 'js', label: 'JavaScript HTTP handler (wasi:http)', summary: 'a wasi:http handler: send it requests under Request, or serve it' },
} as const satisfies Record<string, TemplateInfo>;

export type TemplateName = keyof typeof TEMPLATE_REGISTRY;
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_REGISTRY) as [TemplateName, ...TemplateName[]];

export const languageInfo = (language: Language): LanguageInfo => LANGUAGE_REGISTRY[language];

/** Whether a project-relative path is a source of this language (by extension). */
export function isSourceOf(language: Language, path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot > path.lastIndexOf('/') && (LANGUAGE_REGISTRY[language].extensions as readonly string[]).includes(path.slice(dot + 1));
}

/** Editor languages of files that are no project's source language. */
const OTHER_FILES: Record<string, string> = { json: 'json', wit: 'wit', wast: 'wat', md: 'markdown', toml: 'ini' };

/** Monaco's language of a project file, by its extension (the first language to claim one wins). */
export function editorLanguageOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  const owner = LANGUAGES.find((l) => (LANGUAGE_REGISTRY[l].extensions as readonly string[]).includes(ext));
  return owner ? LANGUAGE_REGISTRY[owner].editorLanguage : (OTHER_FILES[ext] ?? 'plaintext');
}
