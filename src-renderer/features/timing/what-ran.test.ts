import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src-shared/protocol/types';
import { tickLabel } from './scale';
import { temperatureOf, whatRan } from './what-ran';

const result = (timings: RunResult['timings']): RunResult => ({ engine: 'node', exitCode: 0, stdout: '', stderr: '', timedOut: false, stopped: false, error: null, timings, trace: [] });

describe('timing rows', () => {
  it('calls a run cold when it transpiled or compiled, warm when it reused both', () => {
    expect(temperatureOf(result({ prepare: 0.7, compile: 8, instantiate: 180, run: 190 }))).toBe('cold');
    expect(temperatureOf(result({ transpile: 30, instantiate: 3, run: 1 }))).toBe('cold');
    expect(temperatureOf(result({ prepare: 2.7, instantiate: 1.9, run: 10 }))).toBe('warm');
  });

  it('says whether the row is a run or a call, with what was passed', () => {
    expect(whatRan({})).toBe('run');
    expect(whatRan({ call: { label: 'greet', args: ['"Ada"'] } })).toBe('call greet("Ada")');
    expect(whatRan({ call: { label: 'stats', args: ['[1.5, 2]', 'true'] } })).toBe('call stats([1.5, 2], true)');
  });

  it('labels axis ticks with their unit', () => {
    expect(tickLabel(0, 400)).toBe('0');
    expect(tickLabel(100, 400)).toBe('100 ms');
    expect(tickLabel(0.2, 0.8)).toBe('0.2 ms');
    expect(tickLabel(2000, 8000)).toBe('2 s');
    expect(tickLabel(2500, 10000)).toBe('2.5 s');
  });
});
