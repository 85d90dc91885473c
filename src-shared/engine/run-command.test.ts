import { describe, expect, it } from 'vitest';
import { ExitSignal, type ImportObject } from '../capabilities/imports';
import { describe as describeError, runCommand, type CommandInstance, type Instantiate } from './run-command';

/** Like jco's glue: an Error subclass with an own `payload` property, thrown when wasi:cli/run returns err. */
class ComponentError extends Error {
  declare payload: unknown;
  constructor(value: unknown) {
    super(typeof value === 'string' ? value : `${String(value)} (see error.payload)`);
    Object.defineProperty(this, 'payload', { value, enumerable: typeof value !== 'string' });
  }
}

function ticking(step = 1) {
  let t = 0;
  return () => (t += step);
}

const compile = async (name: string) => ({ compiled: name });
const withRun = (run: () => void): Instantiate => () => ({ run: { run } });

describe('runCommand', () => {
  it('a run that returns normally exits 0', async () => {
    const out = await runCommand(withRun(() => {}), compile, {}, ticking());
    expect(out.exitCode).toBe(0);
    expect(out.error).toBeNull();
  });

  it.each([0, 3, 255])('maps ExitSignal(%i) to that exit code', async (code) => {
    const out = await runCommand(
      withRun(() => {
        throw new ExitSignal(code);
      }),
      compile,
      {},
      ticking(),
    );
    expect(out).toMatchObject({ exitCode: code, error: null });
  });

  it('maps a ComponentError (run returned err) to exit 1', async () => {
    const out = await runCommand(
      withRun(() => {
        throw new ComponentError(undefined);
      }),
      compile,
      {},
      ticking(),
    );
    expect(out).toMatchObject({ exitCode: 1, error: null });
  });

  it('a plain Error named ComponentError without a payload is a trap, not exit 1', async () => {
    class ComponentError extends Error {}
    const out = await runCommand(
      withRun(() => {
        throw new ComponentError('not from the glue');
      }),
      compile,
      {},
      ticking(),
    );
    expect(out.exitCode).toBeNull();
    expect(out.error).toContain('not from the glue');
  });

  it('a trap gives exitCode null and the message', async () => {
    class RuntimeError extends Error {
      override name = 'RuntimeError';
    }
    const out = await runCommand(
      withRun(() => {
        throw new RuntimeError('unreachable');
      }),
      compile,
      {},
      ticking(),
    );
    expect(out.exitCode).toBeNull();
    expect(out.error).toBe('RuntimeError: unreachable');
  });

  it('a non-Error thrown value is reported too', async () => {
    const out = await runCommand(
      withRun(() => {
        throw { tag: 'weird' };
      }),
      compile,
      {},
      ticking(),
    );
    expect(out.exitCode).toBeNull();
    expect(out.error).toBe('{"tag":"weird"}');
  });

  it('an instance without the run export is a clear error', async () => {
    const out = await runCommand(() => ({}) as unknown as CommandInstance, compile, {}, ticking());
    expect(out.exitCode).toBeNull();
    expect(out.error).toMatch(/^this component is a library \(it exports no wasi:cli\/run\), not a command: use component-studio call$/);
    expect(out.timings.run).toBeUndefined();
  });

  it('an instantiate failure is an error, not a crash', async () => {
    const out = await runCommand(
      async () => {
        throw new TypeError('import "wasi:cli/stdout" missing');
      },
      compile,
      {},
      ticking(),
    );
    expect(out.exitCode).toBeNull();
    expect(out.error).toBe('instantiation failed: TypeError: import "wasi:cli/stdout" missing');
    expect(out.timings.instantiate).toBeDefined();
  });

  it('a compile failure inside instantiate is an instantiation error', async () => {
    const out = await runCommand(
      async (getCoreModule) => {
        await getCoreModule('a.core.wasm');
        return { run: { run() {} } };
      },
      async () => {
        throw new Error('bad magic');
      },
      {},
      ticking(),
    );
    expect(out.exitCode).toBeNull();
    expect(out.error).toBe('instantiation failed: bad magic');
  });

  it('passes the import object through and compiles the modules asked for', async () => {
    const imports: ImportObject = { 'wasi:cli/environment': { getArguments: () => ['x'] } };
    const asked: string[] = [];
    let seen: ImportObject | null = null;
    const out = await runCommand(
      async (getCoreModule, i) => {
        seen = i;
        expect(await getCoreModule('one.core.wasm')).toEqual({ compiled: 'one.core.wasm' });
        await getCoreModule('two.core.wasm');
        return { run: { run() {} } };
      },
      async (name) => {
        asked.push(name);
        return { compiled: name };
      },
      imports,
      ticking(),
    );
    expect(out.exitCode).toBe(0);
    expect(seen).toBe(imports);
    expect(asked).toEqual(['one.core.wasm', 'two.core.wasm']);
  });

  it('times compile, instantiate and run separately', async () => {
    let t = 0;
    const now = () => t;
    const out = await runCommand(
      async (getCoreModule) => {
        t += 2; // instantiate work
        await getCoreModule('m');
        t += 3; // more instantiate work
        return {
          run: {
            run() {
              t += 7;
            },
          },
        };
      },
      async () => {
        t += 5; // compiling
        return {};
      },
      {},
      now,
    );
    expect(out.timings).toEqual({ compile: 5, instantiate: 5, run: 7 });
  });

  it('runs share no state: each call uses its own imports', async () => {
    const inst: Instantiate = (_g, imports) => ({
      run: {
        run() {
          const code = (imports['wasi:test/code']!.get as () => number)();
          throw new ExitSignal(code);
        },
      },
    });
    const [a, b] = await Promise.all([
      runCommand(inst, compile, { 'wasi:test/code': { get: () => 4 } }, ticking()),
      runCommand(inst, compile, { 'wasi:test/code': { get: () => 9 } }, ticking()),
    ]);
    expect(a.exitCode).toBe(4);
    expect(b.exitCode).toBe(9);
  });
});

describe('describe()', () => {
  it('names non-plain errors and includes the cause', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new RangeError('deep'))).toBe('RangeError: deep');
    expect(describeError(new Error('outer', { cause: new Error('inner') }))).toBe('outer (inner)');
    expect(describeError('text')).toBe('text');
    expect(describeError({ a: 1 })).toBe('{"a":1}');
  });
});

describe('runCommand memory', () => {
  // A core module that defines a 3-page memory and exports it as "m".
  const MODULE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 5, 3, 1, 0, 3, 7, 5, 1, 1, 0x6d, 2, 0]);

  it('reports the largest memory the glue instantiated, as it was when the run ended', async () => {
    const instantiate: Instantiate = async (_get, _imports, instantiateCore) => {
      const { exports } = await instantiateCore!(new WebAssembly.Module(MODULE), {});
      return { run: { run: () => void (exports.m as { grow(pages: number): number }).grow(2) } };
    };
    const out = await runCommand(instantiate, compile, {}, ticking());
    expect(out.memoryBytes).toBe(5 * 65536);
  });

  it('reports 0 when nothing was instantiated', async () => {
    expect((await runCommand(withRun(() => {}), compile, {}, ticking())).memoryBytes).toBe(0);
  });
});

describe('runCommand phases', () => {
  it('reports compile and instantiate as the guest starts running, before the run ends', async () => {
    const seen: string[] = [];
    const instantiate: Instantiate = () => ({ run: { run: () => void seen.push('run') } });
    await runCommand(instantiate, compile, {}, ticking(), { kind: 'run' }, (t) => seen.push(Object.keys(t).sort().join(',')));
    expect(seen).toEqual(['compile,instantiate', 'run']);
  });

  it('reports nothing when instantiation fails', async () => {
    const seen: unknown[] = [];
    const failing: Instantiate = () => {
      throw new Error('bad import');
    };
    await runCommand(failing, compile, {}, ticking(), { kind: 'run' }, (t) => seen.push(t));
    expect(seen).toEqual([]);
  });
});
