type Jco = typeof import('@bytecodealliance/jco');

let loading: Promise<Jco> | null = null;

/**
 * jco, imported on first use. Importing it compiles its transpiler and wasm-tools (Rust built to
 * Wasm): about 0.7 s of CPU, which every CLI command and every runner process paid at start-up,
 * while a run whose transpile the cache answers never calls jco at all.
 */
export const jco = (): Promise<Jco> => (loading ??= import('@bytecodealliance/jco'));
