import { parentPort } from 'node:worker_threads';
// Imported here so clang's module loads with the worker, before the first build asks for it.
import './c';
import { TOOLCHAINS } from './registry';
import type { BuildStep } from '../../src-shared/protocol/types';
import type { StepReporter } from './steps';
import type { ToolchainJob, ToolchainOutput } from './types';

/**
 * The toolchain worker: stays alive for the studio's lifetime so clang's large module is
 * loaded once, and keeps compiles off the studio's event loop. It dispatches by language through
 * the toolchain registry; the JS/TS, WAT and Rust adapters are loaded on first use.
 */
export type WorkerRequest = { id: number; job: ToolchainJob } | { id: number; warm: true };
export type WorkerReply =
  | { id: number; type: 'progress'; message: string; fraction: number | null }
  | { id: number; type: 'step'; step: BuildStep }
  | { id: number; type: 'done'; output: ToolchainOutput }
  | { id: number; type: 'failed'; error: string };

type Progress = (message: string, fraction: number | null) => void;

export async function runJob(job: ToolchainJob, progress: Progress, onStep?: StepReporter): Promise<ToolchainOutput> {
  const toolchain = TOOLCHAINS[job.language];
  if (!toolchain) throw new Error(`no toolchain for language ${JSON.stringify(job.language)}`);
  return toolchain.build(job, progress, onStep);
}

const port = parentPort;
if (port) {
  port.on('message', async (req: WorkerRequest) => {
    const progress = (message: string, fraction: number | null) => port.postMessage({ id: req.id, type: 'progress', message, fraction } satisfies WorkerReply);
    try {
      const job: ToolchainJob =
        'warm' in req
          ? { language: 'c', sources: { 'warm.c': 'int main(void){return 0;}' }, flags: [], output: 'warm.wasm' }
          : req.job;
      const onStep = (step: BuildStep) => port.postMessage({ id: req.id, type: 'step', step } satisfies WorkerReply);
      const output = await runJob(job, progress, onStep);
      port.postMessage({ id: req.id, type: 'done', output } satisfies WorkerReply);
    } catch (err) {
      port.postMessage({ id: req.id, type: 'failed', error: err instanceof Error ? err.message : String(err) } satisfies WorkerReply);
    }
  });
}
