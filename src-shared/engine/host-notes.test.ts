import { describe, expect, it } from 'vitest';
import type { TraceEntry } from '../capabilities/trace';
import { hostNoteLine, hostNotes } from './host-notes';

const row = (o: Partial<TraceEntry>): TraceEntry => ({ seq: 0, at: 0, engine: 'browser', interface: 'wasi:io/poll', function: 'poll', args: '', result: '', denied: false, error: false, ms: 0, ...o });

describe('hostNotes', () => {
  it('keeps refusals and failed outgoing HTTP calls, nothing else', () => {
    const refused = row({ interface: 'wasi:http/outgoing-handler', function: 'handle', args: '<OutgoingRequest>', result: 'error: {tag: "HTTP-request-denied"}', denied: true, error: true });
    const failed = row({ interface: 'wasi:http/outgoing-handler', function: 'handle', result: 'error: {tag: "internal-error", val: "no JSPI"}', error: true });
    const otherError = row({ interface: 'wasi:filesystem/types', function: '[method]descriptor.stat', error: true, result: 'error: no-entry' });
    const fine = row({ interface: 'wasi:http/outgoing-handler', function: 'handle', result: '<FutureIncomingResponse>' });
    expect(hostNotes([fine, refused, otherError, failed, row({})])).toEqual([refused, failed]);
    expect(hostNotes([refused, failed]).map(hostNoteLine)).toEqual([
      'refused wasi:http/outgoing-handler.handle(<OutgoingRequest>) -> error: {tag: "HTTP-request-denied"}',
      'failed wasi:http/outgoing-handler.handle() -> error: {tag: "internal-error", val: "no JSPI"}',
    ]);
  });
});
