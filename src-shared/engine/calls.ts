import { fromJsReturn, parseArgs, printWave, toJsArgs, type WitFunction, type WitWorldExports } from '../wit';
import { StudioError } from '../protocol/envelope';
import type { Action, Returned } from './run-command';

/** An exported function the studio can call: where jco's glue puts it, and its WIT type. */
export interface CallableFunction {
  /** Property path in jco's instance: ['greet'] or ['api', 'doThing']. */
  path: string[];
  /** As a user would name it: greet, or my:pkg/api.do-thing. */
  label: string;
  fn: WitFunction;
}

/** componentize-qjs's own initializer, exported by every component it builds: not the author's API. */
const isQuickJsInit = (fn: WitFunction) => fn.name === 'init' && fn.params.map((p) => p.name).join(',') === 'shim,script,entry-path,disable-gc';

/** Every exported function of a world, wasi:cli/run aside (running is what Run does). */
export function callables(world: WitWorldExports): CallableFunction[] {
  const out: CallableFunction[] = world.functions.filter((fn) => !isQuickJsInit(fn)).map((fn) => ({ path: [fn.jsName], label: fn.name, fn }));
  for (const iface of world.interfaces) {
    if (/^wasi:cli\/run(@|$)/.test(iface.name)) continue;
    for (const fn of iface.functions) out.push({ path: [iface.jsName, fn.jsName], label: `${iface.name}.${fn.name}`, fn });
  }
  return out;
}

/** WAVE argument texts to the JS values jco's glue takes; an error names the argument. */
export function argsToJs(args: readonly string[], fn: WitFunction): { ok: true; values: unknown[] } | { ok: false; error: string } {
  if (fn.unsupported) return { ok: false, error: `${fn.name} cannot be called from the studio: ${fn.unsupported}` };
  const parsed = parseArgs(args, fn);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  return { ok: true, values: toJsArgs(parsed.values, fn) };
}

/** What the glue returned (or threw as a WIT err) as WAVE text; null for a function with no result. */
export function returnedToWave(returned: Returned, fn: WitFunction): string | null {
  const value = fromJsReturn(returned.tag === 'ok' ? { returned: returned.val } : { thrown: { payload: returned.val } }, fn);
  return value === null || !fn.result ? null : printWave(value, fn.result);
}

/** The run action of a call; malformed arguments are refused before anything runs. */
export function callAction(target: CallableFunction, args: readonly string[]): Action {
  const js = argsToJs(args, target.fn);
  if (!js.ok) throw new StudioError('bad-args', js.error);
  return { kind: 'call', path: target.path, args: js.values };
}

/** A call's run result as every engine reports it: the returned value as WAVE text, the JS value dropped. */
export function calledResult<R extends { returned?: Returned }>(result: R, target: CallableFunction): Omit<R, 'returned'> & { value: string | null } {
  const { returned, ...rest } = result;
  return { ...rest, value: returned ? returnedToWave(returned, target.fn) : null };
}
