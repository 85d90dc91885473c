import { describe, expect, it } from 'vitest';
import { capabilityOf } from '../catalog';
import { denyAll, policySchema } from '../policy';

/** The fix-its the trace offers beside a refused call: its capability's, read from its reason. */
const fixIts = (entry: { interface: string; result: string }, projectFiles: string[] = []) => capabilityOf(entry.interface)?.fixIts?.({ entry, projectFiles }) ?? [];

const tcp = 'wasi:sockets/tcp@0.2.12';
const http = 'wasi:http/outgoing-handler@0.2.12';

describe('fix-its of a refused network call', () => {
  it('offers the refused address, added once to the socket allow-list', () => {
    const [fix, ...rest] = fixIts({ interface: tcp, result: 'error: "access-denied" (connect to 127.0.0.1:8081: not in the allow-list)' });
    expect(rest).toEqual([]);
    expect(fix!.label).toBe('Allow 127.0.0.1:8081');
    const once = fix!.apply(denyAll());
    expect(once.sockets).toEqual({ mode: 'allow', hosts: ['127.0.0.1:8081'] });
    expect(fix!.apply(once).sockets).toEqual({ mode: 'allow', hosts: ['127.0.0.1:8081'] });
    expect(policySchema.safeParse(once).success).toBe(true);
  });

  it('offers an IPv6 address and a refused name lookup (any port)', () => {
    expect(fixIts({ interface: 'wasi:sockets/udp', result: 'error: "access-denied" (send to [0:0:0:0:0:0:0:1]:53: not in the allow-list)' })[0]!.label).toBe('Allow [0:0:0:0:0:0:0:1]:53');
    const [fix] = fixIts({ interface: 'wasi:sockets/ip-name-lookup', result: 'error: "access-denied" (look up "db.internal": no entry names it)' });
    expect(fix!.label).toBe('Allow db.internal (any port)');
    expect(policySchema.parse(fix!.apply(denyAll())).sockets).toEqual({ mode: 'allow', hosts: ['db.internal:*'] });
  });

  it('offers the refused origin, whether HTTP was denied or the origin unlisted', () => {
    for (const result of [
      'error: {tag: "HTTP-request-denied"} (http://127.0.0.1:9999 is not in the allow-list)',
      'error: {tag: "HTTP-request-denied"} (http://127.0.0.1:9999: outgoing HTTP is not granted)',
    ]) {
      const [fix] = fixIts({ interface: http, result });
      expect(fix!.label).toBe('Allow origin http://127.0.0.1:9999');
      expect(policySchema.parse(fix!.apply(denyAll())).http).toEqual({ mode: 'allow', origins: ['http://127.0.0.1:9999'] });
    }
  });

  it('offers nothing when no address is known', () => {
    expect(fixIts({ interface: 'wasi:sockets/tcp-create-socket', result: 'error: "access-denied"' })).toEqual([]);
    expect(fixIts({ interface: http, result: 'error: {tag: "HTTP-request-denied"} (a request: outgoing HTTP is not granted)' })).toEqual([]);
  });
});

describe('fix-its of other refusals', () => {
  const read = 'wasi:filesystem/types@0.2.12';
  it('a read-only refusal offers writable mounts; another file refusal mounts data/ only when the project has one', () => {
    const ro = denyAll();
    ro.mounts = [{ host: 'data', guest: '/data', mode: 'ro' }];
    const [writable] = fixIts({ interface: read, result: 'error: "read-only" (write to /data/x)' });
    expect(writable!.apply(ro).mounts).toEqual([{ host: 'data', guest: '/data', mode: 'rw' }]);
    expect(fixIts({ interface: read, result: 'error: "access"' })).toEqual([]);
    expect(fixIts({ interface: read, result: 'error: "access"' }, ['data/in.txt', 'src/main.c'])[0]!.apply(denyAll()).mounts).toEqual([{ host: 'data', guest: '/data', mode: 'ro' }]);
  });

  it('a refused clock offers the real clock or a frozen one, both valid policies', () => {
    const fixes = fixIts({ interface: 'wasi:clocks/wall-clock@0.2.12', result: 'denied' });
    expect(fixes.map((f) => f.label)).toEqual(['Grant the real clock', 'Freeze the clock']);
    for (const f of fixes) expect(policySchema.safeParse(f.apply(denyAll())).success).toBe(true);
  });
});
