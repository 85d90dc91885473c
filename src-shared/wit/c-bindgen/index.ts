// C bindings of WIT worlds, in wit-bindgen's C conventions.
export { BindgenError, generateCBindings, type BindgenProblem, type CBindings, type WitSource } from './generate';

/** Where a C/C++ world project's generated bindings are written (and shown as generated, read-only). */
export const BINDINGS_DIR = 'bindings';

/**
 * Changes whenever the generated code changes, so the build cache (keyed by the toolchain's
 * version) never answers with a component built from older bindings.
 */
export const BINDGEN_REVISION = 2;
