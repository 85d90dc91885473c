import type { InstantiateCore } from './run-command';
import { MemoryLimitError } from './wasm-limits';

/**
 * Refuses a second instance of one core module within a run. The memory cap is planned per module
 * (memory-limit.ts), and every instance gets its module's memories and tables anew: a component
 * instantiating one module eight times had eight times the memory limit. The components the
 * studio's toolchains build instantiate each core module once.
 */
export function oncePerModule(inner: InstantiateCore): InstantiateCore {
  const seen = new WeakSet<object>();
  return (module, imports) => {
    if (typeof module === 'object' && module !== null) {
      if (seen.has(module)) {
        return Promise.reject(
          new MemoryLimitError(
            'the component instantiates one of its core modules more than once; each instance would get its memories and tables anew, past the memory limit, so the studio does not run it',
          ),
        );
      }
      seen.add(module);
    }
    return inner(module, imports);
  };
}
