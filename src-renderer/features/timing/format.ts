/** Milliseconds with as many decimals as are worth reading at that size. */
export const formatMs = (n: number): string => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());

/** A duration with its unit: milliseconds below a second (runs), seconds above (builds). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${formatMs(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : Math.round(s)} s`;
}
