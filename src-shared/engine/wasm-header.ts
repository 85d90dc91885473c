/** What the first eight bytes of a .wasm say it is, before anything parses it. */
export type WasmHeader =
  | { kind: 'component' }
  | { kind: 'core' }
  | { kind: 'not-wasm'; head: string }
  | { kind: 'unknown'; version: number; layer: number };

export function wasmHeader(bytes: Uint8Array): WasmHeader {
  const magic = bytes.length >= 8 && bytes[0] === 0 && bytes[1] === 0x61 && bytes[2] === 0x73 && bytes[3] === 0x6d;
  if (!magic) return { kind: 'not-wasm', head: Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ') };
  const version = bytes[4]! | (bytes[5]! << 8);
  const layer = bytes[6]! | (bytes[7]! << 8);
  if (layer === 1) return { kind: 'component' };
  if (layer === 0 && version === 1) return { kind: 'core' };
  return { kind: 'unknown', version, layer };
}

/** "x.wasm is not WebAssembly (it starts with …)", for the headers that are neither a component nor a core module. */
export function notWasmMessage(name: string, header: Extract<WasmHeader, { kind: 'not-wasm' | 'unknown' }>): string {
  return header.kind === 'not-wasm'
    ? `${name} is not WebAssembly (it starts with ${header.head || 'nothing: the file is empty'})`
    : `${name} is WebAssembly of an unknown version (${header.version}, layer ${header.layer})`;
}
