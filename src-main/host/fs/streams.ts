import * as wasi from '@bytecodealliance/preview2-shim';
import { fstatSync, readSync, writeSync } from 'node:fs';
import { errorCodeOf } from './errno';
import { ready } from '../ready-pollable';

type Shim = {
  io: {
    streams: { InputStream: new () => object; OutputStream: new () => object };
    error: { Error: new (payload: unknown) => Error & { payload: unknown } };
  };
};
const { io } = wasi as unknown as Shim;

/** Reads and writes go straight to the fd; a guest asking for more gets at most this much per call. */
const CHUNK = 1 << 20;

/**
 * A stream error as the glue expects it: a wasi:io/error resource (the shim's class: the glue checks
 * instanceof) whose payload keeps only the errno code, never Node's message (which names the host path).
 */
function streamError(err: unknown): { tag: 'last-operation-failed'; val: Error } {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') throw err;
  return { tag: 'last-operation-failed', val: new io.error.Error({ code, message: code }) };
}

/** wasi:filesystem's filesystem-error-code: the code of a stream error from a file, none otherwise. */
export function filesystemErrorCode(err: { payload?: { code?: unknown } }): string | undefined {
  return errorCodeOf(err?.payload?.code) ?? undefined;
}

export function fileInputStream(fd: number, start: bigint): object {
  let offset = Number(start);
  const read = (len: bigint) => {
    const buf = Buffer.alloc(Math.min(Number(len), CHUNK));
    let n: number;
    try {
      n = readSync(fd, buf, 0, buf.length, offset);
    } catch (err) {
      throw streamError(err);
    }
    if (n === 0 && buf.length > 0) throw { tag: 'closed' };
    offset += n;
    return new Uint8Array(buf.buffer, buf.byteOffset, n);
  };
  return readerStream(read);
}

/** A wasi:io input stream (the shim's class: the glue checks instanceof) over a function that reads up to len bytes or throws. */
export function readerStream(take: (len: bigint) => Uint8Array): object {
  return new (class Reader extends io.streams.InputStream {
    read(len: bigint) {
      return take(len);
    }
    blockingRead(len: bigint) {
      return take(len);
    }
    skip(len: bigint) {
      return BigInt(take(len).length);
    }
    blockingSkip(len: bigint) {
      return BigInt(take(len).length);
    }
    subscribe() {
      return ready();
    }
  })();
}

/**
 * A wasi:io output stream (the shim's class: the glue checks instanceof) that hands every write to
 * `put`, which may throw a stream error. Zeroes are written at most a chunk at a time, as checkWrite permits.
 */
export function writerStream(put: (bytes: Uint8Array) => void): object {
  const zeroes = (n: bigint) => put(new Uint8Array(Math.min(Number(n), CHUNK)));
  const splice = (src: { blockingRead(len: bigint): Uint8Array }, len: bigint) => {
    const bytes = src.blockingRead(len);
    put(bytes);
    return BigInt(bytes.length);
  };
  return new (class Writer extends io.streams.OutputStream {
    checkWrite() {
      return BigInt(CHUNK);
    }
    write(bytes: Uint8Array) {
      put(bytes);
    }
    blockingWriteAndFlush(bytes: Uint8Array) {
      put(bytes);
    }
    writeZeroes(n: bigint) {
      zeroes(n);
    }
    blockingWriteZeroesAndFlush(n: bigint) {
      zeroes(n);
    }
    splice(src: { blockingRead(len: bigint): Uint8Array }, len: bigint) {
      return splice(src, len);
    }
    blockingSplice(src: { blockingRead(len: bigint): Uint8Array }, len: bigint) {
      return splice(src, len);
    }
    flush() {}
    blockingFlush() {}
    subscribe() {
      return ready();
    }
  })();
}

/** `start` null appends: each write goes to the file's end as it is then. */
export function fileOutputStream(fd: number, start: bigint | null): object {
  let offset = start === null ? null : Number(start);
  const write = (bytes: Uint8Array) => {
    try {
      const at = offset ?? Number(fstatSync(fd).size);
      let done = 0;
      while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
      if (offset !== null) offset += done;
    } catch (err) {
      throw streamError(err);
    }
  };
  return writerStream(write);
}
