import { parseSocketEntry } from './net-allow';
import type { Policy } from './policy';

const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

export interface EquivalentCommand {
  command: string;
  /** What this tool cannot express of the policy, so the user knows where the two differ. */
  caveats: string[];
}

/** The policy as the command lines of wasmtime and of the studio's own CLI. */
export function equivalentCommands(policy: Policy, componentPath: string): { wasmtime: EquivalentCommand; studio: EquivalentCommand } {
  const w: string[] = ['wasmtime', 'run'];
  const s: string[] = ['npx', 'component-studio', 'run'];
  const wCaveats: string[] = [];
  const sCaveats: string[] = [];
  for (const m of policy.mounts) {
    w.push('--dir', quote(`${m.host}::${m.guest}`));
    s.push('--dir', quote(`${m.host}::${m.guest}${m.mode === 'ro' ? '::ro' : ''}`));
    if (m.mode === 'ro') wCaveats.push(`wasmtime mounts ${m.guest} read-write: it has no read-only flag here`);
  }
  for (const e of policy.env) {
    const flag = e.value === undefined ? e.name : `${e.name}=${e.value}`;
    w.push('--env', quote(flag));
    s.push('--env', quote(flag));
  }
  if (policy.clocks.mode !== 'real') wCaveats.push(`wasmtime always grants the real clock (the policy says ${policy.clocks.mode})`);
  if (policy.random.mode !== 'real') wCaveats.push(`wasmtime always grants real randomness (the policy says ${policy.random.mode})`);
  if (policy.clocks.mode !== 'denied' || policy.random.mode !== 'denied') {
    sCaveats.push('the CLI takes clocks and random from a project folder\'s studio.json, not from flags');
  }
  if (policy.sockets.mode === 'allow') {
    w.push('-S', 'inherit-network');
    const names = policy.sockets.hosts.filter((h) => {
      const e = parseSocketEntry(h);
      return typeof e !== 'string' && e.kind === 'name';
    });
    if (names.length) w.push('-S', 'allow-ip-name-lookup');
    for (const h of policy.sockets.hosts) s.push('--allow-net', quote(h));
    wCaveats.push(
      `wasmtime has no per-address allow-list: -S inherit-network lets the guest reach any address, not only ${policy.sockets.hosts.join(', ') || 'the listed ones'}` +
        (names.length ? `, and -S allow-ip-name-lookup lets it look up any name` : ''),
    );
  }
  if (policy.http.mode === 'allow') {
    w.push('-S', 'http');
    for (const o of policy.http.origins) s.push('--allow-http', quote(o));
    wCaveats.push(`wasmtime has no origin allow-list: -S http lets the guest send requests anywhere, not only to ${policy.http.origins.join(', ') || 'the listed origins'}`);
  }
  w.push(quote(componentPath));
  s.push(quote(componentPath));
  if (policy.args.length) {
    w.push(...policy.args.map(quote));
    s.push('--', ...policy.args.map(quote));
  }
  const stdin = policy.stdin === null ? '' : `printf '%s' ${quote(policy.stdin)} | `;
  if (stdin) sCaveats.push('the CLI takes stdin from a project folder\'s studio.json');
  return {
    wasmtime: { command: stdin + w.join(' '), caveats: wCaveats },
    studio: { command: s.join(' '), caveats: sCaveats },
  };
}
