/**
 * A scale that ends on a round number, with its tick marks: bars are drawn against `max`, so the
 * axis under them reads true (0, 100, 200, 300, 400 ms rather than an unlabelled 382 ms).
 */
export function niceScale(value: number, intervals = 5): { max: number; ticks: number[] } {
  const v = Math.max(value, 1e-3);
  let power = 10 ** Math.floor(Math.log10(v / intervals));
  let step = power;
  // The smallest round step that covers the value in at most `intervals` steps: the least empty space.
  for (let i = 0; Math.ceil(v / step - 1e-9) > intervals; i++) {
    const m = [1, 2, 2.5, 5][i % 4]!;
    if (i && i % 4 === 0) power *= 10;
    step = m * power;
  }
  const max = Math.ceil(v / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= max + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { max: Number(max.toPrecision(12)), ticks };
}

/** A tick's label: seconds on a scale of seconds, milliseconds otherwise, always with the unit. */
export function tickLabel(t: number, max: number): string {
  if (t === 0) return '0';
  return max >= 2000 ? `${+(t / 1000).toFixed(3)} s` : `${+t.toFixed(3)} ms`;
}
