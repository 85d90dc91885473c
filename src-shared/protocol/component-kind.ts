/**
 * What a component is for, read from its exports, and what each kind is used through: one table
 * that Run, the Commands tab and the engines' refusal of a run all read.
 * - a command exports wasi:cli/run (any version): Run runs it;
 * - an HTTP handler exports wasi:http/incoming-handler: it answers requests (Request, `request`, `serve`);
 * - anything else is a library, used through its exported functions (Calls, `call`).
 */
export type ComponentKind = 'command' | 'http-handler' | 'library';

const unversioned = (e: string) => e.replace(/@.*$/, '');

export function componentKind(exports: readonly string[]): ComponentKind {
  const names = exports.map(unversioned);
  if (names.includes('wasi:cli/run')) return 'command';
  if (names.includes('wasi:http/incoming-handler')) return 'http-handler';
  return 'library';
}

export const isCommand = (exports: readonly string[]): boolean => componentKind(exports) === 'command';

/** Why Run has nothing to run, for the kinds that are not commands, and what they are used through instead. */
export const NOT_RUNNABLE: Record<Exclude<ComponentKind, 'command'>, { what: string; use: string; cli: string }> = {
  'http-handler': {
    what: 'an HTTP handler (it exports wasi:http/incoming-handler and no wasi:cli/run)',
    use: 'Send it requests under Request',
    cli: 'component-studio request or serve',
  },
  library: {
    what: 'a library (it exports no wasi:cli/run)',
    use: 'Call its functions under Calls',
    cli: 'component-studio call',
  },
};
