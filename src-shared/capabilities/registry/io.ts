import { formatEnvEntry, parseEnvEntry } from '../env-entry';
import type { Capability } from './types';
import { FlagError } from './types';

const WRAPPER = 'src-shared/capabilities/enforce.ts';

export const args: Capability = {
  id: 'args',
  label: 'Arguments',
  interfaces: ['wasi:cli/environment'],
  support: { node: 'yes', browser: 'yes' },
  policyField: 'args',
  enforcedBy: WRAPPER,
  granted: (p) => (p.args.length ? p.args.join(' ') : null),
  // Guest arguments follow "--" on the command line, as wasmtime's follow the component.
  flags: [],
  render: (p) => ({ guestArgs: p.args }),
};

export const env: Capability = {
  id: 'env',
  label: 'Environment',
  interfaces: ['wasi:cli/environment'],
  support: { node: 'yes', browser: 'yes' },
  policyField: 'env',
  enforcedBy: WRAPPER,
  granted: (p) => (p.env.length ? p.env.map((e) => (e.value === undefined ? `${e.name} (from host)` : `${e.name}=${e.value}`)).join(', ') : null),
  flags: [{ name: 'env', value: 'NAME[=VALUE]', multiple: true, help: ["pass one variable (NAME alone: the host's value); repeatable"] }],
  fromFlags(values) {
    const list = values.env ?? [];
    if (!list.length) return {};
    return {
      env: list.map((text) => {
        const e = parseEnvEntry(text);
        if (typeof e === 'string') throw new FlagError(`--env: ${e}`);
        return e;
      }),
    };
  },
  render(p) {
    const flags = p.env.flatMap((e) => ['--env', formatEnvEntry(e)]);
    return { studio: flags, wasmtime: flags };
  },
  // A NAME=VALUE is the project's own text; a NAME alone reads the user's environment.
  trust: (p) =>
    p.env
      .filter((e) => e.value === undefined)
      .map((e) => ({ id: `env:${e.name}`, kind: 'env', text: `read your environment variable ${e.name} (its value on this machine is given to the component)` })),
};

export const stdin: Capability = {
  id: 'stdin',
  label: 'Standard input',
  interfaces: ['wasi:cli/stdin', 'wasi:cli/terminal-stdin'],
  support: { node: 'yes', browser: 'yes' },
  policyField: 'stdin',
  // The engines' shims read it from the grants: a run's stdin is this text, then end of file.
  enforcedBy: 'src-shared/engine/execute.ts',
  granted: (p) => (p.stdin === null ? null : `${p.stdin.length} characters`),
  flags: [{ name: 'stdin', value: 'FILE|-', multiple: false, help: ["the guest's standard input: this file's text, or - for this command's", 'own input (default: the guest reads end of file)'] }],
  fromFlags(values, host) {
    const from = values.stdin?.at(-1);
    if (from === undefined) return {};
    if (from !== '-' && !host.exists(from)) throw new FlagError(`--stdin: no such file: ${from}`);
    return { stdin: host.readText(from) };
  },
  render: (p) => (p.stdin === null ? {} : { stdin: p.stdin, studio: ['--stdin', '-'] }),
  fixIts: () => [{ label: 'Give stdin a line of text', apply: (p) => ({ ...p, stdin: 'hello from the studio\n' }) }],
};

export const output: Capability = {
  id: 'output',
  label: 'Output and exit',
  interfaces: ['wasi:cli/stdout', 'wasi:cli/stderr', 'wasi:cli/exit', 'wasi:cli/terminal-input', 'wasi:cli/terminal-output', 'wasi:cli/terminal-stdout', 'wasi:cli/terminal-stderr'],
  support: { node: 'yes', browser: 'yes' },
  policyField: null,
  enforcedBy: 'src-shared/engine/output.ts',
  granted: () => 'always (captured by the studio)',
  flags: [],
};
