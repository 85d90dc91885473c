import { describe, expect, it } from 'vitest';
import { equivalentCommands } from './commands';
import { policySchema } from './policy';
import { DEFAULT_LIMITS } from '../protocol/project';
import type { RunLimits } from '../protocol/types';

const commands = (policy: unknown) => equivalentCommands(policySchema.parse(policy), 'build/x.wasm');

describe('equivalentCommands: network grants', () => {
  it('denied: no network flags for either tool', () => {
    const { wasmtime, studio } = commands({});
    expect(wasmtime.command).toBe('wasmtime run build/x.wasm');
    expect(studio.command).toBe('component-studio run build/x.wasm');
  });

  it('a socket allow-list: wasmtime inherits the whole network (said in a caveat), the studio CLI lists each entry', () => {
    const { wasmtime, studio } = commands({ sockets: { mode: 'allow', hosts: ['127.0.0.1:8080', '[::1]:*'] } });
    expect(wasmtime.command).toBe('wasmtime run -S inherit-network build/x.wasm');
    expect(wasmtime.caveats.join('\n')).toMatch(/no per-address allow-list.*127\.0\.0\.1:8080, \[::1\]:\*/);
    expect(studio.command).toBe("component-studio run --allow-net 127.0.0.1:8080 --allow-net '[::1]:*' build/x.wasm");
  });

  it('a host name adds name lookup for wasmtime, with its caveat', () => {
    const { wasmtime } = commands({ sockets: { mode: 'allow', hosts: ['localhost:5432'] } });
    expect(wasmtime.command).toBe('wasmtime run -S inherit-network -S allow-ip-name-lookup build/x.wasm');
    expect(wasmtime.caveats.join('\n')).toMatch(/look up any name/);
  });

  it('an http allow-list: -S http for wasmtime (any origin, said in a caveat), --allow-http per origin for the studio', () => {
    const { wasmtime, studio } = commands({ http: { mode: 'allow', origins: ['http://127.0.0.1:8080', 'https://example.com'] } });
    expect(wasmtime.command).toBe('wasmtime run -S http build/x.wasm');
    expect(wasmtime.caveats.join('\n')).toMatch(/no origin allow-list.*http:\/\/127\.0\.0\.1:8080, https:\/\/example\.com/);
    expect(studio.command).toBe('component-studio run --allow-http http://127.0.0.1:8080 --allow-http https://example.com build/x.wasm');
    expect(studio.caveats).toEqual([]);
  });
});

describe('equivalentCommands: clocks, random and stdin', () => {
  it('the studio CLI takes them as flags; wasmtime cannot, and says so; stdin is piped into both', () => {
    const { wasmtime, studio } = commands({ stdin: "it's\n", clocks: { mode: 'frozen', at: '2030-01-01T00:00:00Z' }, random: { mode: 'seeded', seed: 7 } });
    expect(studio.command).toBe("printf '%s' 'it'\\''s\n' | component-studio run --stdin - --clocks frozen=2030-01-01T00:00:00Z --random seeded=7 build/x.wasm");
    expect(studio.caveats).toEqual([]);
    expect(wasmtime.command).toBe("printf '%s' 'it'\\''s\n' | wasmtime run build/x.wasm");
    expect(wasmtime.caveats).toEqual(['wasmtime always grants the real clock (the policy says frozen)', 'wasmtime always grants real randomness (the policy says seeded)']);
  });

  it('real clocks and randomness: a flag for the studio, nothing to say for wasmtime', () => {
    const { wasmtime, studio } = commands({ clocks: { mode: 'real' }, random: { mode: 'real' } });
    expect(studio.command).toBe('component-studio run --clocks real --random real build/x.wasm');
    expect(wasmtime).toEqual({ command: 'wasmtime run build/x.wasm', caveats: [] });
  });
});


describe('equivalentCommands: run limits', () => {
  const limited = (limits: Partial<RunLimits>) => equivalentCommands(policySchema.parse({}), 'build/x.wasm', { ...DEFAULT_LIMITS, ...limits });

  it("the CLI's defaults add nothing", () => {
    expect(limited({}).studio).toEqual({ command: 'component-studio run build/x.wasm', caveats: [] });
  });

  it('a project limit that differs is a flag of the studio line; wasmtime is left as it was', () => {
    const { studio, wasmtime } = limited({ timeoutMs: 2000, maxMemoryMiB: 48, maxWasmMiB: 8 });
    expect(studio).toEqual({ command: 'component-studio run --timeout 2 --max-memory 48 --max-wasm 8 build/x.wasm', caveats: [] });
    expect(wasmtime.command).toBe('wasmtime run build/x.wasm');
  });

  it('what no flag can say is said: a time limit in part seconds, an output limit', () => {
    const { studio } = limited({ timeoutMs: 2500, maxOutputBytes: 100 });
    expect(studio.command).toBe('component-studio run --timeout 3 build/x.wasm');
    expect(studio.caveats).toEqual([
      "--timeout takes whole seconds: the project's limit is 2500 ms (the project line keeps it)",
      "no flag sets the output limit: the project keeps 100 bytes per stream, this line 1048576 (the project line keeps the project's)",
    ]);
  });
});
