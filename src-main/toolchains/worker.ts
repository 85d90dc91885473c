import { parentPort } from 'node:worker_threads';
// Imported here so clang's module loads with the worker, before the first build asks for it.
import './c';
import { TOOLCHAINS } from './registry';
import { responder } from '../../src-shared/protocol/channel';
import { parentThreadPort } from '../channel-ports';
import type { StepReporter } from './steps';
import type { ToolchainJob, ToolchainOutput } from './types';
import { toolchainSchemas, type ToolchainProtocol } from './worker-protocol';

/**
 * The toolchain worker: stays alive for the studio's lifetime so clang's large module is
 * loaded once, and keeps compiles off the studio's event loop. It dispatches by language through
 * the toolchain registry; the JS/TS, WAT and Rust adapters are loaded on first use.
 */
type Progress = (message: string, fraction: number | null) => void;

export async function runJob(job: ToolchainJob, progress: Progress, onStep?: StepReporter): Promise<ToolchainOutput> {
  const toolchain = TOOLCHAINS[job.language];
  if (!toolchain) throw new Error(`no toolchain for language ${JSON.stringify(job.language)}`);
  return toolchain.build(job, progress, onStep);
}

const WARM_JOB: ToolchainJob = { language: 'c', sources: { 'warm.c': 'int main(void){return 0;}' }, flags: [], output: 'warm.wasm' };

if (parentPort) {
  responder<ToolchainProtocol>(parentThreadPort(parentPort), toolchainSchemas, {
    build: (job, ctx) =>
      runJob(job, (message, fraction) => ctx.progress({ type: 'progress', message, fraction }), (step) => ctx.progress({ type: 'step', step })),
    warm: (_none, ctx) => runJob(WARM_JOB, (message, fraction) => ctx.progress({ type: 'progress', message, fraction })),
  });
}
