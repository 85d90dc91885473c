import { describe, expect, it } from 'vitest';
import { formatDuration } from './format';
import { niceScale } from './scale';

describe('timing scales', () => {
  it('ends on a round number at or above the longest bar, with a few even ticks', () => {
    expect(niceScale(382)).toEqual({ max: 400, ticks: [0, 100, 200, 300, 400] });
    expect(niceScale(7673)).toEqual({ max: 8000, ticks: [0, 2000, 4000, 6000, 8000] });
    expect(niceScale(14.8)).toEqual({ max: 15, ticks: [0, 5, 10, 15] });
    expect(niceScale(0.7)).toEqual({ max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(niceScale(100).max).toBe(100);
    expect(niceScale(21_500)).toEqual({ max: 25_000, ticks: [0, 5000, 10_000, 15_000, 20_000, 25_000] });
    expect(niceScale(382, 2)).toEqual({ max: 400, ticks: [0, 200, 400] });
    for (const v of [1, 3, 57.7, 145, 999, 8186]) {
      const { max, ticks } = niceScale(v);
      expect(max).toBeGreaterThanOrEqual(v);
      expect(ticks.at(-1)).toBe(max);
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it('writes every duration with its unit', () => {
    expect(formatDuration(0.46)).toBe('0.46 ms');
    expect(formatDuration(57.7)).toBe('57.7 ms');
    expect(formatDuration(382.3)).toBe('382 ms');
    expect(formatDuration(4647)).toBe('4.65 s');
    expect(formatDuration(12_300)).toBe('12.3 s');
  });
});
