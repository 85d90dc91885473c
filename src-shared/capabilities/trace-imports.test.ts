import { describe, expect, it } from 'vitest';
import { enforce } from './enforce';
import { ExitSignal, type ImportObject } from './imports';
import { denyAll, resolveGrants } from './policy';
import { TRACE_LIMIT, Tracer, summarize } from './trace';
import { traceImports } from './trace-imports';

/** As in jco's glue and preview2-shim (lib here is ES2022, which does not name Symbol.dispose). */
const symbolDispose: symbol = (Symbol as unknown as { dispose?: symbol }).dispose ?? Symbol.for('dispose');

/* Fake shim classes in plain JS shapes, with #private fields like preview2-shim's:
 * any call made with a proxy as `this` or as an argument throws a TypeError. */
class Pollable {
  #ready: boolean;
  constructor(ready: boolean) {
    this.#ready = ready;
  }
  ready(): boolean {
    return this.#ready;
  }
  static readyOf(p: Pollable): boolean {
    return p.#ready;
  }
}

class InputStream {
  #data: Uint8Array;
  constructor(data: Uint8Array) {
    this.#data = data;
  }
  read(len: bigint): Uint8Array {
    if (this.#data.length === 0) throw { tag: 'closed' };
    const out = this.#data.subarray(0, Number(len));
    this.#data = this.#data.subarray(out.length);
    return out;
  }
  static drain(s: InputStream): Uint8Array {
    const d = s.#data;
    s.#data = new Uint8Array(0);
    return d;
  }
}

class OutputStream {
  #buf: Uint8Array[] = [];
  #disposed = false;
  write(b: Uint8Array): void {
    if (this.#disposed) throw new Error('write after dispose');
    this.#buf.push(b);
  }
  blockingFlush(): void {
    void this.#buf;
  }
  splice(src: InputStream, _len: bigint): bigint {
    const d = InputStream.drain(src);
    this.#buf.push(d);
    return BigInt(d.length);
  }
  subscribe(): Pollable {
    void this.#buf;
    return new Pollable(true);
  }
  self(): OutputStream {
    void this.#buf;
    return this;
  }
  explode(): void {
    void this.#buf;
    throw new Error('shim bug');
  }
  get written(): number {
    return this.#buf.reduce((n, b) => n + b.length, 0);
  }
  [symbolDispose](): void {
    this.#disposed = true;
  }
  isDisposed(): boolean {
    return this.#disposed;
  }
}

/** Not exported by any interface, like an engine's own stdout subclass. */
class CapturingStdout extends OutputStream {}

function fakeImports() {
  const stdout = new CapturingStdout();
  const stderr = new OutputStream();
  const imports: ImportObject = {
    // Listed before wasi:io/streams on purpose: methods must still be shown under wasi:io/streams.
    'wasi:cli/stdout': { getStdout: () => stdout },
    'wasi:cli/stderr': { getStderr: () => stderr },
    'wasi:cli/stdin': { getStdin: () => new InputStream(new Uint8Array([1, 2, 3])) },
    'wasi:io/streams': { InputStream, OutputStream },
    'wasi:io/poll': {
      Pollable,
      poll: (list: Pollable[]) => {
        const ready: number[] = [];
        list.forEach((p, i) => {
          if (Pollable.readyOf(p)) ready.push(i);
        });
        return new Uint32Array(ready);
      },
    },
    'wasi:cli/environment': { getArguments: () => ['prog', 'a'], getEnvironment: () => [['K', 'V']] },
    'wasi:cli/exit': {
      exit: (s: { tag: string }) => {
        throw new ExitSignal(s.tag === 'ok' ? 0 : 1);
      },
    },
    'wasi:filesystem/preopens': {
      getDirectories: () => [],
    },
    'wasi:sockets/tcp': {
      pair: () => [new InputStream(new Uint8Array([9])), new OutputStream()],
    },
  };
  return { imports, stdout, stderr };
}

function setup() {
  let t = 0;
  const tracer = new Tracer('node', () => (t += 1));
  const { imports, stdout, stderr } = fakeImports();
  const traced = traceImports(imports, tracer);
  const f = (iface: string, name: string) => traced[iface]![name] as (...a: any[]) => any;
  return { tracer, traced, f, stdout, stderr };
}

const thrown = (g: () => unknown): unknown => {
  try {
    g();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('traceImports: functions', () => {
  it('records interface, function (kebab-case), args summary and result', () => {
    const { tracer, f } = setup();
    expect(f('wasi:cli/environment', 'getArguments')()).toEqual(['prog', 'a']);
    const e = tracer.entries[0]!;
    expect(e).toMatchObject({
      seq: 0,
      engine: 'node',
      interface: 'wasi:cli/environment',
      function: 'get-arguments',
      args: '',
      result: '["prog", "a"]',
      denied: false,
      error: false,
    });
    expect(e.ms).toBeGreaterThanOrEqual(0);
    expect(e.at).toBeGreaterThanOrEqual(0);
  });

  it('summarizes args', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    out.write(new Uint8Array(12));
    expect(tracer.entries[1]).toMatchObject({ function: '[method]output-stream.write', args: '<12 bytes>', result: '' });
    expect(tracer.counts).toEqual({ 'wasi:cli/stdout': 1, 'wasi:io/streams': 1 });
  });

  it('records thrown WASI error values as error, not denied, and rethrows them unchanged', () => {
    const { tracer, f } = setup();
    const stdin = f('wasi:cli/stdin', 'getStdin')();
    expect(stdin.read(10n)).toEqual(new Uint8Array([1, 2, 3]));
    const err = thrown(() => stdin.read(10n));
    expect(err).toEqual({ tag: 'closed' });
    const last = tracer.entries.at(-1)!;
    expect(last).toMatchObject({
      interface: 'wasi:io/streams',
      function: '[method]input-stream.read',
      args: '10',
      result: 'error: {tag: "closed"}',
      error: true,
      denied: false,
    });
  });

  it('records a thrown Error as a trap', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stderr', 'getStderr')();
    expect(() => out.explode()).toThrow('shim bug');
    expect(tracer.entries.at(-1)).toMatchObject({ result: 'trap: shim bug', error: true, denied: false });
  });

  it('marks calls refused by the policy denied:true', () => {
    let t = 0;
    const tracer = new Tracer('browser', () => t++);
    const traced = traceImports(enforce({}, resolveGrants(denyAll(), 'p', {})), tracer);
    const call = (iface: string, name: string, ...a: unknown[]) => (traced[iface]![name] as (...x: unknown[]) => unknown)(...a);

    expect(() => call('wasi:clocks/wall-clock', 'now')).toThrow(/clocks capability denied/);
    expect(tracer.entries.at(-1)).toMatchObject({
      interface: 'wasi:clocks/wall-clock',
      function: 'now',
      denied: true,
      error: true,
      engine: 'browser',
    });
    expect(tracer.entries.at(-1)!.result).toMatch(/^trap: clocks capability denied/);

    expect(thrown(() => call('wasi:sockets/tcp-create-socket', 'createTcpSocket', 'ipv4'))).toBe('access-denied');
    expect(tracer.entries.at(-1)).toMatchObject({
      function: 'create-tcp-socket',
      args: '"ipv4"',
      result: 'error: "access-denied"',
      denied: true,
      error: true,
    });

    expect(thrown(() => call('wasi:http/outgoing-handler', 'handle'))).toEqual({ tag: 'HTTP-request-denied' });
    expect(tracer.entries.at(-1)).toMatchObject({ denied: true, error: true });
    expect(tracer.entries.at(-1)!.result).toMatch(/^error: \{tag: "HTTP-request-denied"\} \(.*not granted\)$/);

    // Allowed calls are not denied.
    call('wasi:cli/environment', 'getArguments');
    expect(tracer.entries.at(-1)).toMatchObject({ function: 'get-arguments', denied: false, error: false, result: '["p"]' });
  });

  it('lets ExitSignal through and records the exit code, not as an error', () => {
    const { tracer, f } = setup();
    const e = thrown(() => f('wasi:cli/exit', 'exit')({ tag: 'err' }));
    expect(e).toBeInstanceOf(ExitSignal);
    expect((e as ExitSignal).code).toBe(1);
    expect(tracer.entries.at(-1)).toMatchObject({ interface: 'wasi:cli/exit', function: 'exit', args: '1', error: false, denied: false });
  });

  it('passes an empty preopen list through', () => {
    const { f } = setup();
    expect(f('wasi:filesystem/preopens', 'getDirectories')()).toEqual([]);
  });
});

describe('traceImports: resources', () => {
  it('unwraps proxies before shim methods run (#private fields keep working)', () => {
    const { f, stdout } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    expect(out).not.toBe(stdout); // it is a stand-in
    out.write(new Uint8Array([104, 105]));
    out.blockingFlush();
    expect(stdout.written).toBe(2);
    expect(out.written).toBe(2); // getters run on the target too
  });

  it('attributes a method on a returned resource to the interface that exports its class', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    out.write(new Uint8Array(1));
    const p = out.subscribe();
    p.ready();
    expect(tracer.entries.map((e) => `${e.interface} ${e.function}`)).toEqual([
      'wasi:cli/stdout get-stdout',
      'wasi:io/streams [method]output-stream.write',
      'wasi:io/streams [method]output-stream.subscribe',
      'wasi:io/poll [method]pollable.ready',
    ]);
    expect(tracer.entries[0]!.result).toBe('<OutputStream>');
  });

  it('returns the same proxy for the same underlying object', () => {
    const { f } = setup();
    const a = f('wasi:cli/stdout', 'getStdout')();
    const b = f('wasi:cli/stdout', 'getStdout')();
    expect(a).toBe(b);
    expect(a.self()).toBe(a);
    expect(f('wasi:cli/stderr', 'getStderr')()).not.toBe(a);
  });

  it('keeps instanceof of the original class for a proxied instance', () => {
    const { f, traced } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    expect(out instanceof OutputStream).toBe(true);
    expect(out instanceof CapturingStdout).toBe(true);
    expect(out instanceof InputStream).toBe(false);
    expect(out.constructor).toBe(CapturingStdout);
    // The glue's class is a stand-in with the original's prototype, so its own instanceof checks hold too.
    const Traced = traced['wasi:io/streams']!.OutputStream as typeof OutputStream;
    expect(Traced.prototype).toBe(OutputStream.prototype);
    expect(out instanceof Traced).toBe(true);
    expect(out.subscribe() instanceof (traced['wasi:io/poll']!.Pollable as typeof Pollable)).toBe(true);
  });

  it("traces a resource's constructor and static methods, which get the shim's objects and hand out stand-ins", () => {
    const { tracer, traced } = setup();
    const T = traced['wasi:io/streams']! as unknown as { InputStream: typeof InputStream; OutputStream: typeof OutputStream };
    const P = traced['wasi:io/poll']!.Pollable as typeof Pollable;
    const input = new T.InputStream(new Uint8Array([7, 8]));
    expect(input instanceof InputStream).toBe(true);
    // A static method reads #private fields of its argument: it must get the shim's object, not the stand-in.
    expect([...T.InputStream.drain(input)]).toEqual([7, 8]);
    expect(P.readyOf(new P(true))).toBe(true);
    expect(tracer.entries.map((e) => `${e.interface} ${e.function}`)).toEqual([
      'wasi:io/streams [constructor]input-stream',
      'wasi:io/streams [static]input-stream.drain',
      'wasi:io/poll [constructor]pollable',
      'wasi:io/poll [static]pollable.ready-of',
    ]);
    // Calls on what a constructor made are traced too: it is a stand-in.
    expect(() => input.read(1n)).toThrow();
    expect(tracer.entries.at(-1)).toMatchObject({ function: '[method]input-stream.read', error: true });
    // Symbol-keyed members and the prototype are the class's own.
    expect(P.prototype).toBe(Pollable.prototype);
  });

  it('unwraps arrays of resources in arguments', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    const err = f('wasi:cli/stderr', 'getStderr')();
    const p1 = out.subscribe();
    const p2 = err.subscribe();
    const ready = f('wasi:io/poll', 'poll')([p1, p2]);
    expect(Array.from(ready)).toEqual([0, 1]);
    expect(tracer.entries.at(-1)).toMatchObject({ interface: 'wasi:io/poll', function: 'poll', args: '[<Pollable>, <Pollable>]', error: false });
  });

  it('unwraps a resource passed as a method argument', () => {
    const { f, stdout } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    const stdin = f('wasi:cli/stdin', 'getStdin')();
    expect(out.splice(stdin, 10n)).toBe(3n);
    expect(stdout.written).toBe(3);
  });

  it('wraps resources inside a returned tuple', () => {
    const { tracer, f } = setup();
    const [input, output] = f('wasi:sockets/tcp', 'pair')();
    expect(input).toBeInstanceOf(InputStream);
    expect(input.read(1n)).toEqual(new Uint8Array([9]));
    output.write(new Uint8Array(2));
    expect(tracer.entries.slice(-2).map((e) => e.function)).toEqual(['[method]input-stream.read', '[method]output-stream.write']);
  });

  it('calls a resource that is itself a Proxy through its get trap (the mount guard sees every call)', () => {
    let t = 0;
    const tracer = new Tracer('node', () => t++);
    const real = new OutputStream();
    const seen: PropertyKey[] = [];
    const guarded = new Proxy(real, {
      get(target, prop) {
        seen.push(prop);
        const v = Reflect.get(target, prop, target);
        if (prop === 'write') return () => {
          throw 'read-only';
        };
        return typeof v === 'function' ? (...a: unknown[]) => Reflect.apply(v, target, a) : v;
      },
    });
    const traced = traceImports({ 'wasi:io/streams': { OutputStream }, 'wasi:cli/stdout': { getStdout: () => guarded } }, tracer);
    const out = (traced['wasi:cli/stdout']!.getStdout as () => any)();
    expect(thrown(() => out.write(new Uint8Array(1)))).toBe('read-only');
    out.blockingFlush();
    expect(seen).toEqual(expect.arrayContaining(['write', 'blockingFlush']));
    expect(real.written).toBe(0);
    expect(tracer.entries.slice(1).map((e) => [e.function, e.error])).toEqual([
      ['[method]output-stream.write', true],
      ['[method]output-stream.blocking-flush', false],
    ]);
  });

  it('runs Symbol.dispose (resource drop) on the target, untraced', () => {
    const { tracer, f, stdout } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    const before = tracer.entries.length;
    // jco's glue drops a resource with `if (rsc[symbolDispose]) rsc[symbolDispose]()`.
    if (out[symbolDispose]) out[symbolDispose]();
    expect(stdout.isDisposed()).toBe(true);
    expect(tracer.entries.length).toBe(before);
  });
});

describe('traceImports: limits', () => {
  it('caps rows at TRACE_LIMIT but keeps counts exact', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    const n = TRACE_LIMIT + 25;
    // Alternating functions: nothing folds, so every call wants a row.
    for (let i = 0; i < n; i++) {
      if (i % 2) out.blockingFlush();
      else out.write(new Uint8Array(1));
    }
    expect(tracer.entries.length).toBe(TRACE_LIMIT);
    expect(tracer.counts['wasi:io/streams']).toBe(n);
    expect(tracer.counts['wasi:cli/stdout']).toBe(1);
    expect(tracer.dropped).toBe(n + 1 - TRACE_LIMIT);
    expect(tracer.entries.at(-1)!.seq).toBe(TRACE_LIMIT - 1);
  });
});

describe('traceImports: repeated calls', () => {
  it('folds a run of one function into first call, a counted row and the latest call', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    const n = 20_000;
    for (let i = 0; i < n; i++) out.write(new Uint8Array(i === n - 1 ? 7 : 1));
    out.blockingFlush();
    const rows = tracer.entries;
    expect(rows.map((e) => [e.function, e.args, e.count])).toEqual([
      ['get-stdout', '', undefined],
      ['[method]output-stream.write', '<1 bytes>', undefined],
      ['[method]output-stream.write', '…', n - 2],
      ['[method]output-stream.write', '<7 bytes>', undefined],
      ['[method]output-stream.blocking-flush', '', undefined],
    ]);
    expect(rows.map((e) => e.seq)).toEqual([0, 1, 2, n, n + 1]);
    const middle = rows[2]!;
    expect(middle.lastAt).toBeGreaterThan(middle.at);
    expect(middle.lastAt).toBeLessThan(rows[3]!.at);
    expect(rows.reduce((a, e) => a + (e.count ?? 1), 0)).toBe(n + 2);
    expect(tracer.counts).toEqual({ 'wasi:cli/stdout': 1, 'wasi:io/streams': n + 1 });
  });

  it('shows two calls as two rows, without a count', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    out.write(new Uint8Array(1));
    out.write(new Uint8Array(2));
    expect(tracer.entries.slice(1).map((e) => [e.args, e.count])).toEqual([
      ['<1 bytes>', undefined],
      ['<2 bytes>', undefined],
    ]);
  });

  it('never folds refused or failed calls: each keeps its row', () => {
    let t = 0;
    const tracer = new Tracer('node', () => t++);
    const traced = traceImports(enforce({}, resolveGrants(denyAll(), 'p', {})), tracer);
    const now = traced['wasi:clocks/wall-clock']!.now as () => unknown;
    for (let i = 0; i < 50; i++) thrown(now);
    expect(tracer.entries).toHaveLength(50);
    expect(tracer.entries.every((e) => e.denied && e.count === undefined)).toBe(true);
    const { tracer: t2, f } = setup();
    const stdin = f('wasi:cli/stdin', 'getStdin')();
    stdin.read(10n);
    for (let i = 0; i < 5; i++) thrown(() => stdin.read(1n));
    expect(t2.entries.filter((e) => e.error)).toHaveLength(5);
  });

  it('keeps folding within the row limit', () => {
    const { tracer, f } = setup();
    const out = f('wasi:cli/stdout', 'getStdout')();
    for (let i = 0; i < TRACE_LIMIT * 3; i++) out.write(new Uint8Array(1));
    expect(tracer.entries).toHaveLength(4);
    expect(tracer.dropped).toBe(0);
  });
});

describe('summarize', () => {
  it('renders values briefly', () => {
    expect(summarize(undefined)).toBe('');
    expect(summarize(null)).toBe('null');
    expect(summarize(5n)).toBe('5');
    expect(summarize('x'.repeat(60))).toBe(JSON.stringify('x'.repeat(48) + '…'));
    expect(summarize(new Uint8Array(3))).toBe('<3 bytes>');
    expect(summarize([1, 2, 3, 4, 5, 6])).toBe('[1, 2, 3, 4, …2 more]');
    expect(summarize({ tag: 'ok', val: [[[1]]] })).toBe('{tag: "ok", val: […]}');
    expect(summarize(new OutputStream())).toBe('<OutputStream>');
  });

  it('names a resource by its WASI type in both engines, not by an engine\'s subclass', () => {
    class InputStream {}
    class Source extends InputStream {}
    class Reader extends Source {}
    expect(summarize(new Source())).toBe('<InputStream>');
    expect(summarize(new Reader())).toBe('<InputStream>');
    expect(summarize(new InputStream())).toBe('<InputStream>');
  });

  it('shows a flags value as the flags that are set', () => {
    expect(summarize({ read: true, write: false, mutateDirectory: true, fileIntegritySync: false })).toBe('read|mutate-directory');
    expect(summarize({ create: false, directory: false })).toBe('(none)');
    expect(summarize({})).toBe('{}');
  });
});
