/** Medians and the bits of bookkeeping every case shares. */

export function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const round1 = (ms: number) => Math.round(ms * 10) / 10;

/** Named phase durations per repetition; reported as medians per phase. */
export class Phases {
  private readonly samples = new Map<string, number[]>();

  add(name: string, ms: number | undefined): void {
    if (ms === undefined || !Number.isFinite(ms)) return;
    const list = this.samples.get(name) ?? [];
    list.push(ms);
    this.samples.set(name, list);
  }

  addAll(prefix: string, timings: Record<string, number | undefined>): void {
    for (const [k, v] of Object.entries(timings)) this.add(`${prefix}${k}`, v);
  }

  medians(): [string, number][] {
    return [...this.samples].map(([k, v]) => [k, round1(median(v))]);
  }
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}

export function check(ok: unknown, what: string): asserts ok {
  if (!ok) throw new Error(`benchmark check failed: ${what}`);
}
