import type { Engine, RunHooks } from '../../src-shared/engine/engine';
import type { StudioClient } from '../../src-shared/protocol/api';

/**
 * The Node engine as the UI holds it: runs happen on the studio's side (the runner pool), asked
 * for over the StudioApi; their output and phases come back as events, routed here by run id.
 */
export function nodeEngineOver(client: StudioClient): Engine {
  const hooksOf = new Map<string, RunHooks>();
  client.on('run.output', (o) => hooksOf.get(o.runId)?.onOutput?.(o.stream, o.text));
  client.on('run.phases', (p) => hooksOf.get(p.runId)?.onPhases?.(p.timings));
  client.on('run.calls', (c) => hooksOf.get(c.runId)?.onCalls?.(c.calls));
  const heard = async <T>(runId: string, hooks: RunHooks | undefined, work: () => Promise<T>): Promise<T> => {
    if (hooks) hooksOf.set(runId, hooks);
    try {
      return await work();
    } finally {
      hooksOf.delete(runId);
    }
  };
  return {
    name: 'node',
    // Describing the component transpiles it in the runner, which keeps the result for the first run.
    prepare: async () => void (await client.call('component.describe', {})),
    run: (runId, hooks) => heard(runId, hooks, () => client.call('run.node', { runId })),
    call: (runId, target, args, hooks) => heard(runId, hooks, () => client.call('call.node', { runId, path: target.path, args })),
    handle: (runId, request, hooks, options) => heard(runId, hooks, () => client.call('handle.node', { runId, request, ...(options?.reuse ? { reuse: true } : {}) })),
    stop: async (runId) => (await client.call('run.stop', { runId })).stopped,
  };
}
