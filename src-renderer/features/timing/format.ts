/** Milliseconds with as many decimals as are worth reading at that size. */
export const formatMs = (n: number): string => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toString());
