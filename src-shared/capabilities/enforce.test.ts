import { describe, expect, it } from 'vitest';
import { enforce } from './enforce';
import { CapabilityDenied, ExitSignal, isDenied, type ImportObject } from './imports';
import { denyAll, policySchema, resolveGrants, type Grants } from './policy';
import { seededRandom } from './seeded-random';

type Fn = (...a: unknown[]) => unknown;
const fn = (imports: ImportObject, iface: string, name: string): Fn => {
  const f = imports[iface]?.[name];
  if (typeof f !== 'function') throw new Error(`${iface}.${name} is missing`);
  return f as Fn;
};

/** What a shim would hand over: real clocks, real random, the host's whole environment, a working network. */
const hostEnv = { HOME: '/home/me', SECRET_TOKEN: 'hunter2' };
const subscribed: bigint[] = [];
function fakeBase(): ImportObject {
  return {
    'wasi:cli/environment': {
      getEnvironment: () => Object.entries(hostEnv),
      getArguments: () => ['node', 'host-script.js', '--secret'],
      initialCwd: () => '/home/me',
    },
    'wasi:cli/exit': { exit: () => { throw new Error('process.exit would have been called'); } },
    'wasi:clocks/wall-clock': { now: () => ({ seconds: 1_700_000_000n, nanoseconds: 5 }), resolution: () => ({ seconds: 0n, nanoseconds: 1 }) },
    'wasi:clocks/monotonic-clock': {
      now: () => 123_456_789n,
      resolution: () => 1n,
      subscribeDuration: (d: bigint) => { subscribed.push(d); return { pollable: d }; },
      subscribeInstant: (i: bigint) => ({ pollable: i }),
    },
    'wasi:random/random': { getRandomBytes: (n: bigint) => new Uint8Array(Number(n)).fill(7), getRandomU64: () => 77n },
    'wasi:random/insecure': { getInsecureRandomBytes: () => new Uint8Array(1), getInsecureRandomU64: () => 1n },
    'wasi:random/insecure-seed': { insecureSeed: () => [1n, 2n] },
    'wasi:sockets/tcp-create-socket': { createTcpSocket: () => ({ socket: true }) },
    'wasi:sockets/udp-create-socket': { createUdpSocket: () => ({ socket: true }) },
    'wasi:sockets/ip-name-lookup': { resolveAddresses: () => ({ stream: true }) },
    'wasi:http/outgoing-handler': { handle: () => ({ response: true }) },
    'wasi:io/streams': { marker: 'untouched' },
  };
}

const grantsOf = (policy: unknown, program = 'prog.wasm'): Grants => resolveGrants(policySchema.parse(policy), program, hostEnv);
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('enforce: deny-all', () => {
  const imports = enforce(fakeBase(), resolveGrants(denyAll(), 'prog.wasm', hostEnv));

  it('passes only the program name as args and an empty environment', () => {
    expect(fn(imports, 'wasi:cli/environment', 'getArguments')()).toEqual(['prog.wasm']);
    expect(fn(imports, 'wasi:cli/environment', 'getEnvironment')()).toEqual([]);
    expect(fn(imports, 'wasi:cli/environment', 'initialCwd')()).toBeUndefined();
  });

  it.each([
    ['wasi:clocks/wall-clock', 'now'],
    ['wasi:clocks/wall-clock', 'resolution'],
    ['wasi:clocks/monotonic-clock', 'now'],
    ['wasi:clocks/monotonic-clock', 'subscribeDuration'],
    ['wasi:clocks/monotonic-clock', 'subscribeInstant'],
  ])('clocks denied: %s.%s traps with a message naming the capability', (iface, name) => {
    const f = fn(imports, iface, name);
    expect(isDenied(f)).toBe(true);
    const e = thrown(() => f(1n));
    expect(e).toBeInstanceOf(CapabilityDenied);
    expect(e).toBeInstanceOf(Error); // an Error is a trap, not a WASI error value
    expect((e as Error).message).toMatch(/^clocks capability denied/);
    expect((e as Error).message).toContain(`${iface}.${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
  });

  it.each([
    ['wasi:random/random', 'getRandomBytes'],
    ['wasi:random/random', 'getRandomU64'],
    ['wasi:random/insecure', 'getInsecureRandomBytes'],
    ['wasi:random/insecure', 'getInsecureRandomU64'],
    ['wasi:random/insecure-seed', 'insecureSeed'],
  ])('random denied: %s.%s traps with a message naming the capability', (iface, name) => {
    const f = fn(imports, iface, name);
    expect(isDenied(f)).toBe(true);
    const e = thrown(() => f(8n));
    expect(e).toBeInstanceOf(CapabilityDenied);
    expect((e as Error).message).toMatch(/^random capability denied/);
    expect((e as Error).message).toContain(`${iface}.${name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase())}`);
  });

  it.each([
    ['wasi:sockets/tcp-create-socket', 'createTcpSocket'],
    ['wasi:sockets/udp-create-socket', 'createUdpSocket'],
    ['wasi:sockets/ip-name-lookup', 'resolveAddresses'],
  ])('sockets refuse with the WASI error "access-denied": %s.%s', (iface, name) => {
    const f = fn(imports, iface, name);
    expect(isDenied(f)).toBe(true);
    const e = thrown(() => f('ipv4'));
    expect(e).toBe('access-denied');
  });

  it('outgoing http refuses with {tag: "HTTP-request-denied"}', () => {
    const f = fn(imports, 'wasi:http/outgoing-handler', 'handle');
    expect(isDenied(f)).toBe(true);
    const e = thrown(() => f({}, undefined));
    expect(e).not.toBeInstanceOf(Error);
    expect(e).toEqual({ tag: 'HTTP-request-denied' });
  });

  it('keeps interfaces it does not govern', () => {
    expect(imports['wasi:io/streams']?.marker).toBe('untouched');
  });

  it('the host environment never leaks, whatever the guest calls', () => {
    const seen = JSON.stringify(
      [
        fn(imports, 'wasi:cli/environment', 'getEnvironment')(),
        fn(imports, 'wasi:cli/environment', 'getArguments')(),
        fn(imports, 'wasi:cli/environment', 'initialCwd')(),
      ],
      (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    );
    expect(seen).not.toContain('hunter2');
    expect(seen).not.toContain('SECRET_TOKEN');
    expect(seen).not.toContain('/home/me');
    expect(seen).not.toContain('--secret');
  });
});

describe('enforce: environment', () => {
  it('inherits only the named host variable', () => {
    const imports = enforce(fakeBase(), grantsOf({ env: [{ name: 'HOME' }, { name: 'UNKNOWN_VAR' }, { name: 'X', value: '1' }] }));
    expect(fn(imports, 'wasi:cli/environment', 'getEnvironment')()).toEqual([
      ['HOME', '/home/me'],
      ['X', '1'],
    ]);
  });

  it('hands out copies, so a caller cannot change the grants', () => {
    const grants = grantsOf({ args: ['a'], env: [{ name: 'X', value: '1' }] });
    const imports = enforce(fakeBase(), grants);
    const args = fn(imports, 'wasi:cli/environment', 'getArguments')() as string[];
    args.push('injected');
    const env = fn(imports, 'wasi:cli/environment', 'getEnvironment')() as [string, string][];
    env[0]![1] = 'changed';
    expect(fn(imports, 'wasi:cli/environment', 'getArguments')()).toEqual(['prog.wasm', 'a']);
    expect(fn(imports, 'wasi:cli/environment', 'getEnvironment')()).toEqual([['X', '1']]);
  });
});

describe('enforce: exit', () => {
  const imports = enforce(fakeBase(), resolveGrants(denyAll(), 'p', {}));
  const exitCode = (f: () => unknown): number => {
    const e = thrown(f);
    expect(e).toBeInstanceOf(ExitSignal);
    return (e as ExitSignal).code;
  };
  it('exit(ok) -> 0, exit(err) -> 1, exitWithCode(n) -> n', () => {
    expect(exitCode(() => fn(imports, 'wasi:cli/exit', 'exit')({ tag: 'ok' }))).toBe(0);
    expect(exitCode(() => fn(imports, 'wasi:cli/exit', 'exit')({ tag: 'err' }))).toBe(1);
    expect(exitCode(() => fn(imports, 'wasi:cli/exit', 'exitWithCode')(42))).toBe(42);
    expect(exitCode(() => fn(imports, 'wasi:cli/exit', 'exitWithCode')(0))).toBe(0);
  });
});

describe('enforce: clocks', () => {
  it('frozen: wall clock returns the given instant, monotonic never advances', () => {
    const imports = enforce(fakeBase(), grantsOf({ clocks: { mode: 'frozen', at: '2024-03-04T05:06:07.890Z' } }));
    const wall = fn(imports, 'wasi:clocks/wall-clock', 'now');
    const expected = { seconds: BigInt(Date.UTC(2024, 2, 4, 5, 6, 7) / 1000), nanoseconds: 890_000_000 };
    expect(wall()).toEqual(expected);
    expect(wall()).toEqual(expected);
    const mono = fn(imports, 'wasi:clocks/monotonic-clock', 'now');
    expect(mono()).toBe(0n);
    expect(mono()).toBe(0n);
    expect(isDenied(wall)).toBe(false);
  });

  it('frozen: sleeping still goes to the real clock', () => {
    subscribed.length = 0;
    const imports = enforce(fakeBase(), grantsOf({ clocks: { mode: 'frozen', at: '2024-01-01T00:00:00Z' } }));
    fn(imports, 'wasi:clocks/monotonic-clock', 'subscribeDuration')(5n);
    fn(imports, 'wasi:clocks/monotonic-clock', 'subscribeInstant')(9n);
    expect(subscribed).toEqual([5n, 9n]);
  });

  it('real: the shim clocks are used', () => {
    const imports = enforce(fakeBase(), grantsOf({ clocks: { mode: 'real' } }));
    expect(fn(imports, 'wasi:clocks/monotonic-clock', 'now')()).toBe(123_456_789n);
    expect(fn(imports, 'wasi:clocks/wall-clock', 'now')()).toEqual({ seconds: 1_700_000_000n, nanoseconds: 5 });
  });
});

describe('enforce: random', () => {
  it('seeded: deterministic for a seed, different across seeds, splitmix64 values', () => {
    const a = enforce(fakeBase(), grantsOf({ random: { mode: 'seeded', seed: 7 } }));
    const b = enforce(fakeBase(), grantsOf({ random: { mode: 'seeded', seed: 7 } }));
    const c = enforce(fakeBase(), grantsOf({ random: { mode: 'seeded', seed: 8 } }));
    const bytes = (i: ImportObject) => fn(i, 'wasi:random/random', 'getRandomBytes')(16n) as Uint8Array;
    const u64 = (i: ImportObject) => fn(i, 'wasi:random/random', 'getRandomU64')();
    const ba = bytes(a);
    expect(ba).toBeInstanceOf(Uint8Array);
    expect(ba.length).toBe(16);
    expect(ba).toEqual(bytes(b));
    expect(ba).not.toEqual(bytes(c));
    expect(u64(a)).toBe(u64(b));
    expect(ba).toEqual(seededRandom(7n).bytes(16));
    expect(ba).not.toEqual(new Uint8Array(16).fill(7)); // not the shim's random
  });

  it('seeded: insecure and insecure-seed are seeded too', () => {
    const a = enforce(fakeBase(), grantsOf({ random: { mode: 'seeded', seed: 3 } }));
    const b = enforce(fakeBase(), grantsOf({ random: { mode: 'seeded', seed: 3 } }));
    for (const i of [a, b]) expect(isDenied(fn(i, 'wasi:random/insecure-seed', 'insecureSeed'))).toBe(false);
    expect(fn(a, 'wasi:random/insecure-seed', 'insecureSeed')()).toEqual(fn(b, 'wasi:random/insecure-seed', 'insecureSeed')());
    expect(fn(a, 'wasi:random/insecure', 'getInsecureRandomU64')()).toBe(fn(b, 'wasi:random/insecure', 'getInsecureRandomU64')());
  });

  it('real: the shim random is used', () => {
    const imports = enforce(fakeBase(), grantsOf({ random: { mode: 'real' } }));
    expect(fn(imports, 'wasi:random/random', 'getRandomU64')()).toBe(77n);
  });
});
