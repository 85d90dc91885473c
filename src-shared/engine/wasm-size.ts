const MIB = 1024 * 1024;

/** What a size reads as in a message: whole MiB stay whole, anything else gets one decimal. */
function mib(bytes: number): string {
  return bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${(bytes / MIB).toFixed(1)} MiB (${bytes} bytes)`;
}

/**
 * Refuses a .wasm over the size limit before anything parses it: transpiling and adapting cost
 * many times the input (a 256 MiB .wasm took 5.1 GB to run), so the size is checked first,
 * wherever a .wasm enters. Null when it fits; otherwise the sentence to show.
 */
export function wasmTooLarge(size: number, maxWasmMiB: number, name: string): string | null {
  if (size <= maxWasmMiB * MIB) return null;
  return `${name} is ${mib(size)}, over the ${maxWasmMiB} MiB limit on a .wasm (raise it with limits.maxWasmMiB in studio.json or --max-wasm on the command line)`;
}
