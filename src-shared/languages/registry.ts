/**
 * The languages a project can be written in, with everything about each that is not its
 * toolchain (which runs in Node: src-main/toolchains/registry.ts maps an id to its module).
 * Adding a language is one entry here, one toolchain module there, and its template files.
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
  /** Whether New Project offers it (it needs a template in src-main/services/templates.ts). */
  template: boolean;
  /** The build runs in the project folder itself rather than on a copy of its sources. */
  buildsInPlace: boolean;
}

const wasmToolchain = { buildInputs: [], nativeBuild: null, template: true, buildsInPlace: false } as const;

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
    // Rust needs the user's own cargo and its wasm32-wasip2 target: no template to start from.
    template: false,
    // cargo needs its registry and target/ cache.
    buildsInPlace: true,
  },
} as const satisfies Record<string, LanguageInfo>;

export type Language = keyof typeof LANGUAGE_REGISTRY;
export const LANGUAGES = Object.keys(LANGUAGE_REGISTRY) as [Language, ...Language[]];

/** Languages a new project can start from. */
export type TemplateLanguage = { [L in Language]: (typeof LANGUAGE_REGISTRY)[L]['template'] extends true ? L : never }[Language];
export const TEMPLATE_LANGUAGES = LANGUAGES.filter((l) => LANGUAGE_REGISTRY[l].template) as [TemplateLanguage, ...TemplateLanguage[]];

export const languageInfo = (language: Language): LanguageInfo => LANGUAGE_REGISTRY[language];

/**
 * Templates besides each language's own (named after the language): a project of that language
 * in another shape. Each needs its files in src-main/services/templates.ts.
 */
export const TEMPLATE_VARIANTS = {
  'c-world': { language: 'c', label: 'C: a WIT world (calculator)' },
  'cpp-world': { language: 'cpp', label: 'C++: a WIT world (calculator)' },
  'c-http': { language: 'c', label: 'C HTTP handler (wasi:http)' },
  'cpp-http': { language: 'cpp', label: 'C++ HTTP handler (wasi:http)' },
  'js-http': { language: 'js', label: 'JavaScript HTTP handler (wasi:http)' },
  'ts-http': { language: 'ts', label: 'TypeScript HTTP handler (wasi:http)' },
  'js-command': { language: 'js', label: 'JavaScript command (wasi:cli)' },
  'ts-command': { language: 'ts', label: 'TypeScript command (wasi:cli)' },
} as const satisfies Record<string, { language: TemplateLanguage; label: string }>;

export type TemplateName = TemplateLanguage | keyof typeof TEMPLATE_VARIANTS;
export const TEMPLATE_NAMES = [...TEMPLATE_LANGUAGES, ...Object.keys(TEMPLATE_VARIANTS)] as [TemplateName, ...TemplateName[]];

/** What New Project calls a template. */
export function templateLabel(name: TemplateName): string {
  return name in TEMPLATE_VARIANTS ? TEMPLATE_VARIANTS[name as keyof typeof TEMPLATE_VARIANTS].label : languageInfo(name as Language).label;
}

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
