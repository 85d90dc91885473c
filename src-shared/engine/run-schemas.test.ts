import { describe, expect, it } from 'vitest';
import { check } from '../protocol/channel';
import { executeResultSchema, snapshotsSchema } from './run-schemas';
import type { FileTree } from './contract';
import { nothingRan } from './execute';

describe('run schemas', () => {
  it('pass a snapshot on as it came, a file named __proto__ included, and refuse anything but a file tree', () => {
    const dir: Record<string, FileTree> = { b: { symlink: 'a' } };
    // An own property, as JSON.parse and structured clone make it.
    Object.defineProperty(dir, '__proto__', { value: { source: new Uint8Array([1]) }, enumerable: true });
    const snapshots = { '/data': { dir } };
    const checked = check(snapshotsSchema, snapshots);
    expect(checked).toEqual({ ok: true, value: snapshots });
    expect(checked.ok && checked.value).toBe(snapshots);
    expect(Object.keys((checked.ok && (checked.value as typeof snapshots)['/data'].dir) || {})).toEqual(['b', '__proto__']);
    for (const bad of [
      { '/data': { dir: { a: { source: 'text' } } } },
      { '/data': { dir: { a: { symlink: 1 } } } },
      { '/data': { dir: { a: { other: true } } } },
      { '/data': { dir: [] } },
      { '/data': null },
      [],
    ]) expect(check(snapshotsSchema, bad).ok).toBe(false);
    const deep: { dir?: object } = {};
    let at = deep;
    for (let i = 0; i < 2000; i++) at = (at.dir = { x: {} }).x as typeof at;
    expect(check(snapshotsSchema, { '/d': deep }).ok).toBe(false);
  });

  it("check a run's result field by field", () => {
    expect(check(executeResultSchema, nothingRan('x')).ok).toBe(true);
    expect(check(executeResultSchema, { ...nothingRan('x'), exitCode: 1.5 }).ok).toBe(false);
    expect(check(executeResultSchema, { ...nothingRan('x'), timings: { bogus: 1 } }).ok).toBe(false);
    expect(check(executeResultSchema, { ...nothingRan('x'), trace: [{ seq: 1 }] }).ok).toBe(false);
  });
});
