/**
 * jco 1.35's glue probes for JSPI at every instantiation with
 * `try { x = WebAssembly.promising(f) } catch { x = f }`. Where there is no JSPI (Node 20) the call
 * throws "WebAssembly.promising is not a function", and V8 writes that message by re-parsing the
 * source of the function around the call: for a StarlingMonkey handler that is the glue's
 * 27,000-line instantiation generator, ~12 ms per probe and two probes per instance (measured: a
 * fresh instance of http-hello 49 -> 14 ms median). The same probe through a small function that
 * throws its own message costs microseconds and takes the same branch; with JSPI nothing changes.
 */
export function cheapJspiProbe(glue: string): string {
  if (!glue.includes(PROBE)) return glue;
  return `${glue.split(PROBE).join(`(WebAssembly.promising ?? ${THROWER})(`)}\nfunction ${THROWER}() {\n  throw new TypeError('WebAssembly.promising is not available (no JSPI)');\n}\n`;
}

const PROBE = 'WebAssembly.promising(';
const THROWER = '__studioNoJspi';
