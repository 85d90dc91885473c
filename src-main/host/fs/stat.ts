import type { BigIntStats, Dirent } from 'node:fs';

export function typeOf(s: Pick<Dirent, 'isFile' | 'isDirectory' | 'isSymbolicLink' | 'isFIFO' | 'isSocket' | 'isCharacterDevice' | 'isBlockDevice'>): string {
  if (s.isFile()) return 'regular-file';
  if (s.isDirectory()) return 'directory';
  if (s.isSymbolicLink()) return 'symbolic-link';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isBlockDevice()) return 'block-device';
  return 'unknown';
}

const NS = 1_000_000_000n;
const datetime = (ns: bigint) => ({ seconds: ns / NS, nanoseconds: Number(ns % NS) });

/** wasi:filesystem's descriptor-stat of a host stat. */
export function descriptorStat(s: BigIntStats) {
  return {
    type: typeOf(s),
    linkCount: s.nlink,
    size: s.size,
    dataAccessTimestamp: datetime(s.atimeNs),
    dataModificationTimestamp: datetime(s.mtimeNs),
    statusChangeTimestamp: datetime(s.ctimeNs),
  };
}

/** wasi:filesystem's metadata-hash: the same for two descriptors of one file, as wasmtime's (device, inode). */
export const metadataHash = (s: BigIntStats) => ({ upper: s.dev, lower: s.ino });

type NewTimestamp = { tag: 'no-change' } | { tag: 'now' } | { tag: 'timestamp'; val: { seconds: bigint; nanoseconds: number } };

/** A new-timestamp in seconds as node:fs's utimes takes them; `current` is the time kept by no-change. */
export function secondsOf(t: NewTimestamp, currentNs: bigint): number {
  if (t.tag === 'no-change') return Number(currentNs) / 1e9;
  if (t.tag === 'now') return Date.now() / 1000;
  return Number(t.val.seconds) + t.val.nanoseconds / 1e9;
}
