/**
 * jco 1.35's glue probes for JSPI at every instantiation with
 * `try { x = WebAssembly.promising(f) } catch { x = f }`. Where there is no JSPI (Node 20) the call
 * throws "WebAssembly.promising is not a function", and V8 writes that message by re-parsing the
 * source of the function around the call: for a StarlingMonkey handler that is the glue's
 * 27,000-line instantiation generator, ~12 ms per probe and two probes per instance (measured: a
 * fresh instance of http-hello 49 -> 14 ms median).
 *
 * A probe whose catch assigns the same function it tried to wrap takes that function through an
 * identity instead: no exception at all (a throw from a small function still cost ~0.5 ms each,
 * 1.1 ms of a fresh http-hello instance). Any other probe throws from a small function of its own,
 * which takes the same branch. With JSPI nothing changes.
 */
export function cheapJspiProbe(glue: string): string {
  if (!glue.includes(PROBE)) return glue;
  const plain = glue.replace(FALLS_BACK_TO_SAME, (_all, pre: string, target: string, fn: string, post: string) => `${pre}(WebAssembly.promising ?? ${UNWRAPPED})(${fn})${post}`);
  const rest = plain.split(PROBE).join(`(WebAssembly.promising ?? ${THROWER})(`);
  const helpers = [
    rest.includes(THROWER) ? `function ${THROWER}() {\n  throw new TypeError('WebAssembly.promising is not available (no JSPI)');\n}` : '',
    plain !== glue ? `function ${UNWRAPPED}(f) {\n  return f;\n}` : '',
  ].filter(Boolean);
  return `${rest}\n${helpers.join('\n')}\n`;
}

const PROBE = 'WebAssembly.promising(';
const THROWER = '__studioNoJspi';
const UNWRAPPED = '__studioWithoutJspi';
/** `try { X = WebAssembly.promising(F); } catch(err) { X = F; }`, the shape jco 1.35 writes, with the same X and F twice. */
const FALLS_BACK_TO_SAME = /(try\s*\{\s*([\w$]+)\s*=\s*)WebAssembly\.promising\(([\w$.]+)\)(;?\s*\}\s*catch\s*\(\s*\w*\s*\)\s*\{\s*\2\s*=\s*\3\s*;?\s*\})/g;
