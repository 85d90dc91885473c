import type { BuildStep, Diagnostic } from '../../src-shared/protocol/types';

export type ProgressReporter = (message: string, fraction: number | null) => void;

export interface ToolchainOutput {
  ok: boolean;
  steps: BuildStep[];
  log: string;
  diagnostics: Diagnostic[];
  component?: Uint8Array;
  coreSize?: number;
}

export interface ToolchainJob {
  language: 'c' | 'cpp';
  sources: Record<string, string>;
  flags: string[];
  output: string;
}
