import { describe, expect, it } from 'vitest';
import { TRACE_LIMIT, Tracer } from '../capabilities/trace';
import { endedRun } from './ended-run';
import { OutputCollector, TRUNCATION_MARKER } from './output';
import { JournalWriter, TEXT_BYTES, journalBytes, newRunJournal, readJournal, sharedClock } from './run-journal';
import { encodeText } from './text';

/** A collector and a tracer recording into one journal, as executeRun wires them. */
function recording(limit: number) {
  const buffer = newRunJournal(limit)!;
  const journal = new JournalWriter(buffer);
  const output = new OutputCollector(limit, () => 0, null, undefined, (s, kept, cut) => journal.output(s, kept, cut));
  let t = 0;
  const tracer = new Tracer('node', () => (t += 1), undefined, journal);
  const call = (iface: string, fn: string, args: string, denied = false) => tracer.record(iface, fn, () => [args, 'ok'], denied, false, tracer.clock());
  return { buffer, journal, output, tracer, call };
}

describe('run journal: output', () => {
  it('holds every byte written, in order, in both streams, without the worker posting anything', () => {
    const { buffer, output } = recording(1024 * 1024);
    let expected = '';
    for (let i = 0; i < 2000; i++) {
      const line = `line ${i} ✓\n`;
      expected += line;
      output.write('stdout', encodeText(line));
    }
    output.write('stderr', encodeText('oops'));
    const read = readJournal(buffer, 'node', sharedClock());
    expect(read.stdout).toBe(expected);
    expect(read.stderr).toBe('oops');
    expect(read.truncated).toBe(false);
    expect(read).toMatchObject(output.result());
  });

  it('says truncated exactly when a stream passed the limit, with the marker the collector adds', () => {
    const exact = recording(10);
    exact.output.write('stdout', encodeText('0123456789'));
    expect(readJournal(exact.buffer, 'node', 0)).toMatchObject({ stdout: '0123456789', truncated: false });

    const over = recording(10);
    over.output.write('stderr', encodeText('0123456'));
    over.output.write('stderr', encodeText('789abc'));
    over.output.write('stderr', encodeText('more'));
    const read = readJournal(over.buffer, 'node', 0);
    expect(read).toMatchObject({ stdout: '', stderr: '0123456789' + TRUNCATION_MARKER, truncated: true });
    expect(read.stderr).toBe(over.output.result().stderr);
  });

  it('is sized by the output limit: a flooding writer cannot grow it', () => {
    expect(journalBytes(2048) - journalBytes(1024)).toBe(2 * 1024);
    const { buffer, journal } = recording(8);
    // Even a writer that ignores the limit is held to the journal's room.
    journal.output('stdout', encodeText('0123456789abcdef'), false);
    expect(buffer.byteLength).toBe(journalBytes(8));
    expect(readJournal(buffer, 'node', 0).stdout).toBe('01234567');
  });
});

describe('run journal: phases', () => {
  it('has no phases before the guest started, and then counts run until the kill', () => {
    const { buffer, journal } = recording(16);
    expect(readJournal(buffer, 'node', sharedClock()).timings).toEqual({});
    journal.running({ compile: 1.5, instantiate: 2.25 });
    const started = sharedClock();
    const { timings } = readJournal(buffer, 'node', started + 4000);
    expect(timings.compile).toBe(1.5);
    expect(timings.instantiate).toBe(2.25);
    expect(timings.run).toBeGreaterThanOrEqual(3999);
    expect(timings.run).toBeLessThanOrEqual(4000);
  });
});

describe('run journal: trace', () => {
  it('holds the rows the tracer holds, with the row still open at the kill shown as folded', () => {
    const { buffer, tracer, call } = recording(16);
    call('wasi:cli/environment', 'get-arguments', '');
    call('wasi:filesystem/preopens', 'get-directories', '', true);
    for (let i = 0; i < 50; i++) call('wasi:io/streams', 'blocking-write-and-flush', `<${i} bytes>`);
    call('wasi:clocks/monotonic-clock', 'now', '');
    for (let i = 0; i < 3; i++) call('wasi:io/streams', 'blocking-write-and-flush', `<${i} bytes>`);
    const read = readJournal(buffer, 'node', sharedClock());
    const rows = tracer.entries;
    expect(read.trace).toHaveLength(rows.length);
    // Every row but the open latest one matches exactly, text and all.
    expect(read.trace.slice(0, -1)).toEqual(rows.slice(0, -1));
    expect(read.trace.at(-1)).toEqual({ ...rows.at(-1), args: '…', result: '' });
    expect(read.trace[1]).toMatchObject({ function: 'get-directories', denied: true });
    expect(read.trace.find((r) => r.count === 48)).toBeDefined();
    expect(read.traceCounts).toEqual(tracer.counts);
  });

  it('keeps a latest row that another call closed, text included', () => {
    const { buffer, tracer, call } = recording(16);
    call('wasi:io/streams', 'blocking-write-and-flush', '<1 bytes>');
    call('wasi:io/streams', 'blocking-write-and-flush', '<2 bytes>');
    call('wasi:cli/exit', 'exit', '0');
    expect(readJournal(buffer, 'node', 0).trace.slice(0, 2)).toEqual(tracer.entries.slice(0, 2));
    expect(readJournal(buffer, 'node', 0).trace[1]!.args).toBe('<2 bytes>');
  });

  it('is bounded: rows stop at the trace limit, text at its heap', () => {
    const rows = recording(16);
    for (let i = 0; i < TRACE_LIMIT + 100; i++) rows.call('wasi:random/random', i % 2 ? 'get-random-u64' : 'get-random-bytes', '8');
    expect(readJournal(rows.buffer, 'node', 0).trace).toHaveLength(TRACE_LIMIT);

    const text = recording(16);
    const long = 'x'.repeat(1000);
    for (let i = 0; i < 1000; i++) text.call('wasi:filesystem/types', i % 2 ? 'stat' : 'open-at', long);
    const read = readJournal(text.buffer, 'node', 0).trace;
    expect(read.length).toBeGreaterThan(0);
    expect(read.length).toBeLessThan(TEXT_BYTES / 1000);
    // Whatever was published is whole; the row whose text no longer fit shows none.
    for (const r of read.slice(0, -1)) expect([r.interface, r.args]).toEqual(['wasi:filesystem/types', long]);
    expect([long, '…']).toContain(read.at(-1)!.args);
  });
});

describe('endedRun', () => {
  it('reports a killed run from its journal, and from the posted output where there is none', () => {
    const { buffer, output, journal } = recording(64);
    journal.running({ instantiate: 1 });
    output.write('stdout', encodeText('all of it'));
    expect(endedRun('node', buffer, { stdout: 'all', stderr: '' }, { by: 'timedOut', timeoutMs: 2000 })).toMatchObject({
      stdout: 'all of it', exitCode: null, timedOut: true, stopped: false, error: 'timed out after 2000 ms', timings: { instantiate: 1 },
    });
    const without = endedRun('browser', null, { stdout: 'all', stderr: '' }, { by: 'stopped' });
    expect(without).toMatchObject({ stdout: 'all', stopped: true, timedOut: false, trace: [], timings: {} });
    expect(without.error).toMatch(/^stopped by the user \(without shared memory here, the last output, the trace and the timings of this run are lost\)$/);
    expect(endedRun('node', buffer, { stdout: '', stderr: '' }, { by: 'lost', error: 'the run worker exited unexpectedly' }).error).toBe(
      'the run worker exited unexpectedly',
    );
  });
});
