import type { Language } from '../../src-shared/languages/registry';
import type { JsBackend } from '../../src-shared/protocol/types';
import type { StepReporter } from './steps';
import type { ProgressReporter, ToolchainJob, ToolchainOutput } from './types';
import { pkg } from './versions';
import { BINDGEN_REVISION } from '../../src-shared/wit/c-bindgen';

export interface Toolchain {
  build(job: ToolchainJob, progress: ProgressReporter, onStep?: StepReporter): Promise<ToolchainOutput>;
  /**
   * Identifies what builds this language, for the build cache key: a new clang, componentizer or
   * rustc must not be answered with a component the old one made.
   */
  version(job: Pick<ToolchainJob, 'jsBackend'>): Promise<string> | string;
  /**
   * Loaded ahead of the first Build that needs it, in an interactive session (ToolchainHost.warm,
   * from studio.ts): clang takes ~1.5 s and ~3 s of CPU to load, which only a C or C++ project
   * whose sources are in no build cache, or that is being edited, should pay.
   */
  warmAhead?: boolean;
}

const clang: Toolchain = {
  // C and C++ share clang, which the worker loads once at start; the other adapters load on first use.
  build: async (job, progress, onStep) =>
    (await import('./c')).buildC(job.sources, { cpp: job.language === 'cpp', flags: job.flags, output: job.output, world: job.world }, progress, onStep),
  version: () => [pkg('@yowasp/clang'), pkg('@bytecodealliance/jco'), `c-bindgen ${BINDGEN_REVISION}`].join(' '),
  warmAhead: true,
};

const componentizeJs: Toolchain = {
  build: async (job, progress, onStep) => (await import('./js')).buildJs(job, progress, onStep),
  version: ({ jsBackend = 'quickjs' }) =>
    [jsBackend === 'quickjs' ? pkg('componentize-qjs') : pkg('@bytecodealliance/componentize-js'), pkg('@bytecodealliance/jco-transpile'), pkg('typescript')].join(' '),
};

/** The toolchain module of each language in the language registry. */
export const TOOLCHAINS: Record<Language, Toolchain> = {
  c: clang,
  cpp: clang,
  wat: {
    build: async (job, _progress, onStep) => (await import('./wat')).buildWat(job.sources, onStep),
    version: () => pkg('@bytecodealliance/jco'),
  },
  js: componentizeJs,
  ts: componentizeJs,
  rust: {
    build: async (job, progress, onStep) => (await import('./rust')).buildRust(job, progress, undefined, onStep),
    version: async () => {
      const r = await (await import('./rust')).runCommand('rustc', ['--version', '--verbose'], { timeoutMs: 15_000 });
      return r.code === 0 ? r.stdout.trim() : 'rustc unavailable';
    },
  },
};

/** Identifies the toolchain a build of this language uses, for the build cache key. */
export async function toolchainVersion(language: Language, jsBackend?: JsBackend): Promise<string> {
  return TOOLCHAINS[language].version({ jsBackend });
}
