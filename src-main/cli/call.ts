import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { argsToJs } from '../../src-shared/engine/calls';
import type { RunResult } from '../../src-shared/protocol/types';
import { engineFlag } from './engine-flag';
import { MAX_WASM_HELP, maxWasmFlag, parse, UsageError } from './args';
import { LINK_HELP } from './links';
import { openTarget } from './targets';
import { trustHelp } from './trust';

export const callHelp = `Usage: component-studio call <FILE.wasm | PROJECT-DIR> <EXPORT> [ARGS as WAVE text...] [--engine node|browser|both] [--link FILE.wasm]... [--max-wasm MIB] [--json] [--trust]

Calls an exported function (a project is built first) and prints its result as WAVE text, the
value encoding of wasmtime's --invoke. Strings are quoted: '"world"'. EXPORT is the function's
name (greet) or interface.function (my:pkg/api.do-thing). Nothing is granted to a .wasm file;
a project's capability policy applies to the call as to a run. With --link, EXPORT is one of the
file's own exports, its imports answered by the linked files' exports.
${LINK_HELP}
${MAX_WASM_HELP}
${trustHelp}`;

export async function callCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    engine: { type: 'string' },
    json: { type: 'boolean' },
    'max-wasm': { type: 'string' },
    trust: { type: 'boolean' },
    link: { type: 'string', multiple: true },
  });
  if (values.help) {
    console.log(callHelp);
    return 0;
  }
  const [path, name, ...args] = positionals;
  if (!path || !name) throw new UsageError('call takes a component file or project folder and an export name (then its arguments)');
  if (!existsSync(path)) throw new UsageError(`no such file or folder: ${path}`);
  const engines = engineFlag(values.engine);
  const maxWasmMiB = maxWasmFlag(values['max-wasm']);
  const source = await openTarget(path, { policy: {}, limits: maxWasmMiB ? { maxWasmMiB } : {}, trace: false, trust: Boolean(values.trust), action: 'Call', links: values.link ?? [] }, (line) => console.error(line));
  try {
    const { functions, functionsError } = await source.functions();
    const target = functions.find((f) => f.label === name || f.path.join('.') === name || f.fn.name === name);
    if (!target) {
      const known = functions.map((f) => f.label).join(', ') || 'none';
      throw new UsageError(`the component exports no function "${name}" (it exports: ${known})${functionsError ? `; ${functionsError}` : ''}`);
    }
    const checked = argsToJs(args, target.fn);
    if (!checked.ok) throw new UsageError(checked.error);
    const results: RunResult[] = await Promise.all(engines.map((e) => source.engines[e].call(randomUUID(), target, args)));
    if (values.json) {
      console.log(JSON.stringify({ calls: results.map(({ engine, value, error, exitCode, stdout, stderr, timings }) => ({ engine, value, error, exitCode, stdout, stderr, timings })) }));
    } else {
      for (const r of results) console.log(`${engines.length > 1 ? `${r.engine}: ` : ''}${r.error ? `error: ${r.error}` : (r.value ?? '(no result)')}`);
    }
    const failed = results.some((r) => r.error);
    const differ = results.length === 2 && results[0]!.value !== results[1]!.value;
    if (differ && !values.json) console.log('The engines returned different values.');
    return failed ? 1 : differ ? 3 : 0;
  } finally {
    await source.dispose();
  }
}
