import { describe, expect, it } from 'vitest';
import { denyAll, policySchema } from '../../../src-shared/capabilities/policy';
import { networkFixIts } from './fixits';

const tcp = 'wasi:sockets/tcp@0.2.12';
const http = 'wasi:http/outgoing-handler@0.2.12';

describe('networkFixIts', () => {
  it('offers the refused address, added once to the socket allow-list', () => {
    const [fix, ...rest] = networkFixIts({ interface: tcp, result: 'error: "access-denied" (connect to 127.0.0.1:8081: not in the allow-list)' });
    expect(rest).toEqual([]);
    expect(fix!.label).toBe('Allow 127.0.0.1:8081');
    const once = fix!.apply(denyAll());
    expect(once.sockets).toEqual({ mode: 'allow', hosts: ['127.0.0.1:8081'] });
    expect(fix!.apply(once).sockets).toEqual({ mode: 'allow', hosts: ['127.0.0.1:8081'] });
    expect(policySchema.safeParse(once).success).toBe(true);
  });

  it('offers an IPv6 address and a refused name lookup (any port)', () => {
    expect(networkFixIts({ interface: 'wasi:sockets/udp', result: 'error: "access-denied" (send to [0:0:0:0:0:0:0:1]:53: not in the allow-list)' })[0]!.label).toBe('Allow [0:0:0:0:0:0:0:1]:53');
    const [fix] = networkFixIts({ interface: 'wasi:sockets/ip-name-lookup', result: 'error: "access-denied" (look up "db.internal": no entry names it)' });
    expect(fix!.label).toBe('Allow db.internal (any port)');
    expect(policySchema.parse(fix!.apply(denyAll())).sockets).toEqual({ mode: 'allow', hosts: ['db.internal:*'] });
  });

  it('offers the refused origin, whether HTTP was denied or the origin unlisted', () => {
    for (const result of [
      'error: {tag: "HTTP-request-denied"} (http://127.0.0.1:9999 is not in the allow-list)',
      'error: {tag: "HTTP-request-denied"} (http://127.0.0.1:9999: outgoing HTTP is not granted)',
    ]) {
      const [fix] = networkFixIts({ interface: http, result });
      expect(fix!.label).toBe('Allow origin http://127.0.0.1:9999');
      expect(policySchema.parse(fix!.apply(denyAll())).http).toEqual({ mode: 'allow', origins: ['http://127.0.0.1:9999'] });
    }
  });

  it('offers nothing when no address is known', () => {
    expect(networkFixIts({ interface: 'wasi:sockets/tcp-create-socket', result: 'error: "access-denied"' })).toEqual([]);
    expect(networkFixIts({ interface: http, result: 'error: {tag: "HTTP-request-denied"} (a request: outgoing HTTP is not granted)' })).toEqual([]);
  });
});
