// stats-js: implements the world in wit/world.wit. Each WIT export is an export of this module
// (WIT names in kebab-case become camelCase). A record is a plain object with camelCase fields,
// a variant is { tag, val }, and a function returning result<T, E> returns T for ok and throws
// E for err.

/**
 * @param {ArrayLike<number>} values (a Float64Array: list<f64> arrives as a typed array)
 * @returns {{ count: number, mean: number, min: number, max: number }}
 */
export function stats(values) {
  // An empty list has no mean, minimum or maximum: every field is 0 and count says so.
  if (values.length === 0) return { count: 0, mean: 0, min: 0, max: 0 };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { count: values.length, mean: sum / values.length, min, max };
}

/**
 * @param {string} text
 * @returns {bigint} the integer (ok); throws a parse-error variant (err)
 */
export function parseNumber(text) {
  const t = text.trim();
  if (t === '') throw { tag: 'empty' };
  if (!/^[+-]?[0-9]+$/.test(t)) throw { tag: 'not-a-number', val: t };
  const n = Number(t);
  // QuickJS guests hold 64-bit integers as JS numbers (returning a BigInt traps): only
  // ±(2^53 - 1) round-trip exactly, so anything beyond is out of range here.
  if (!Number.isSafeInteger(n)) throw { tag: 'out-of-range' };
  // The build's type check follows jco's types (s64 is a bigint); the QuickJS guest wants a number.
  return /** @type {bigint} */ (/** @type {unknown} */ (n));
}
