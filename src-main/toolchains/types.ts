import type { BuildStep, Diagnostic, JsBackend, Language } from '../../src-shared/protocol/types';

export type ProgressReporter = (message: string, fraction: number | null) => void;

export interface ToolchainOutput {
  ok: boolean;
  steps: BuildStep[];
  log: string;
  diagnostics: Diagnostic[];
  component?: Uint8Array;
  coreSize?: number;
  /**
   * Files the build generated for the project itself (project-relative path -> text), e.g. the
   * world's TypeScript declarations under types/. The studio writes them; the worker never
   * writes into the project.
   */
  generated?: Record<string, string>;
}

export interface ToolchainJob {
  language: Language;
  /** Project-relative path -> text: the language's sources plus wit/ (and Cargo.toml for Rust). */
  sources: Record<string, string>;
  flags: string[];
  output: string;
  /** JS/TS: the world to implement (default: the only world of wit/). */
  world?: string;
  /** JS/TS: the componentizer. */
  jsBackend?: JsBackend;
  /** Rust: cargo builds in the project folder itself (it needs its registry and target/ cache). */
  projectDir?: string;
  /** Rust: how long cargo may take, in milliseconds. */
  timeoutMs?: number;
}

/** A located error from studio code rather than a tool. */
export function studioError(message: string, file = '', line = 0, column = 0): Diagnostic {
  return { file, line, column, severity: 'error', message, source: 'studio' };
}
