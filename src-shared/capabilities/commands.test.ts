import { describe, expect, it } from 'vitest';
import { equivalentCommands } from './commands';
import { policySchema } from './policy';

const commands = (policy: unknown) => equivalentCommands(policySchema.parse(policy), 'build/x.wasm');

describe('equivalentCommands: network grants', () => {
  it('denied: no network flags for either tool', () => {
    const { wasmtime, studio } = commands({});
    expect(wasmtime.command).toBe('wasmtime run build/x.wasm');
    expect(studio.command).toBe('npx component-studio run build/x.wasm');
  });

  it('a socket allow-list: wasmtime inherits the whole network (said in a caveat), the studio CLI lists each entry', () => {
    const { wasmtime, studio } = commands({ sockets: { mode: 'allow', hosts: ['127.0.0.1:8080', '[::1]:*'] } });
    expect(wasmtime.command).toBe('wasmtime run -S inherit-network build/x.wasm');
    expect(wasmtime.caveats.join('\n')).toMatch(/no per-address allow-list.*127\.0\.0\.1:8080, \[::1\]:\*/);
    expect(studio.command).toBe("npx component-studio run --allow-net 127.0.0.1:8080 --allow-net '[::1]:*' build/x.wasm");
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
    expect(studio.command).toBe('npx component-studio run --allow-http http://127.0.0.1:8080 --allow-http https://example.com build/x.wasm');
    expect(studio.caveats).toEqual([]);
  });
});
