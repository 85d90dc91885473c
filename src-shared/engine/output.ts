import { newDecoder } from './text';

export type StreamName = 'stdout' | 'stderr';

export const TRUNCATION_MARKER = '\n[output truncated: limit reached]\n';

/**
 * Collects a run's output with a byte limit per stream, and hands decoded text to a listener in
 * batches. The guest runs synchronously, so timers cannot fire during a run: batching is by time
 * observed at each write.
 */
export class OutputCollector {
  private readonly text: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly bytes: Record<StreamName, number> = { stdout: 0, stderr: 0 };
  private readonly decoders = { stdout: newDecoder(), stderr: newDecoder() };
  private pending: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly cut: Record<StreamName, boolean> = { stdout: false, stderr: false };
  private lastFlush: number;
  truncated = false;

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly listener: ((stream: StreamName, text: string) => void) | null = null,
    private readonly intervalMs = 50,
    /** Also hears the bytes kept, as they are written (the run journal, src-shared/engine/run-journal.ts). */
    private readonly mirror: ((stream: StreamName, kept: Uint8Array, cut: boolean) => void) | null = null,
  ) {
    this.lastFlush = now();
  }

  write(stream: StreamName, chunk: Uint8Array): void {
    // Once a stream is cut, the rest is dropped. Checking the cut rather than the room left means a
    // write after output that filled the limit exactly is still reported as truncated.
    if (this.cut[stream]) return;
    const room = Math.max(0, this.limit - this.bytes[stream]);
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.bytes[stream] += kept.length;
    this.mirror?.(stream, kept, kept.length < chunk.length);
    let decoded = this.decoders[stream].decode(kept, { stream: true });
    if (kept.length < chunk.length) {
      this.cut[stream] = true;
      this.truncated = true;
      decoded += this.decoders[stream].decode() + TRUNCATION_MARKER;
    }
    this.text[stream] += decoded;
    if (this.listener) {
      this.pending[stream] += decoded;
      if (this.now() - this.lastFlush >= this.intervalMs) this.flush();
    }
  }

  flush(): void {
    this.lastFlush = this.now();
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream]) this.listener?.(stream, this.pending[stream]);
      this.pending[stream] = '';
    }
  }

  result(): Record<StreamName, string> {
    for (const stream of ['stdout', 'stderr'] as const) {
      const tail = this.decoders[stream].decode();
      this.text[stream] += tail;
      this.pending[stream] += tail;
    }
    this.flush();
    return { ...this.text };
  }
}
