import { describe, expect, it } from 'vitest';
import type { TraceRecorder } from '../capabilities/trace';
import type { CrossCalls } from '../protocol/composition';
import { CrossCallCounter, namingMissing, wiredImports, wiresOf } from './link';

describe('linking', () => {
  it("a member's wires come from the plan, keyed as its glue asks (no version)", () => {
    const wires = [{ from: 'lib', to: 'app', export: 'docs:c/words@0.1.0', import: 'docs:c/words@0.1.0' }];
    expect(wiresOf({ wires }, 'app')).toEqual({ 'docs:c/words': { from: 'lib', export: 'docs:c/words@0.1.0' } });
    expect(wiresOf({ wires }, 'lib')).toEqual({});
  });

  it("an import is the exporter's instance's export, wrapped per exporter; a missing one is named", () => {
    const words = { shout: (t: string) => t.toUpperCase() };
    const instances = new Map<string, object>([['lib', { 'docs:c/words@0.1.0': words }]]);
    const seen: string[] = [];
    const imports = wiredImports('app', { 'docs:c/words': { from: 'lib', export: 'docs:c/words@0.1.0' } }, instances, (from, part) => {
      seen.push(from);
      return part;
    });
    expect(imports['docs:c/words']).toBe(words);
    expect(seen).toEqual(['lib']);
    expect(() => wiredImports('app', { 'docs:c/x': { from: 'lib', export: 'docs:c/x@1.0.0' } }, instances, (_f, p) => p)).toThrow('app imports docs:c/x from lib, which does not export docs:c/x@1.0.0');
    expect(() => wiredImports('app', { 'docs:c/x': { from: 'zed', export: 'docs:c/x' } }, instances, (_f, p) => p)).toThrow('not instantiated before it');
  });

  it('an import nothing provides is named when the glue asks for it', () => {
    const imports = namingMissing({ 'wasi:cli/stdout': {} }, 'app');
    expect(imports['wasi:cli/stdout']).toEqual({});
    expect(() => imports['docs:c/words']).toThrow('app imports docs:c/words, which no member of the composition exports and the host does not provide');
    expect(() => namingMissing({}, null)['docs:c/words']).toThrow('the component imports docs:c/words, which the host does not provide');
  });

  it('counts calls between members and reports them at most every 100 ms, the first at once', () => {
    let now = 0;
    const reports: CrossCalls[][] = [];
    const recorded: string[] = [];
    const recorder: TraceRecorder = { clock: () => now, record: (iface, fn) => void recorded.push(`${iface}.${fn}`) };
    const counter = new CrossCallCounter(() => now, (c) => reports.push(c));
    const r = counter.counting(recorder, 'app', 'lib');
    const call = () => r.record('docs:c/words', 'shout', () => ['', ''], false, false, now);
    call();
    now = 50;
    call();
    now = 120;
    call();
    expect(recorded).toHaveLength(3); // the trace still records every call
    expect(reports).toEqual([
      [{ component: 'app', callee: 'lib', interface: 'docs:c/words', calls: 1 }],
      [{ component: 'app', callee: 'lib', interface: 'docs:c/words', calls: 3 }],
    ]);
  });
});
