import type { Diagnostic, Severity } from '../../src-shared/protocol/types';

const LOCATED = /^(.+?):(\d+):(\d+): (fatal error|error|warning|note): (.*)$/;
const TOOL = /^(?:clang|wasm-ld|clang\+\+)(?:-\d+)?: (?:(fatal error|error|warning)): (.*)$/;

/** Parses clang and wasm-ld output into diagnostics; lines that are neither (source excerpts, carets) are context only. */
export function parseClangOutput(text: string, source = 'clang'): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = LOCATED.exec(line);
    if (m) {
      out.push({
        file: m[1]!,
        line: Number(m[2]),
        column: Number(m[3]),
        severity: severity(m[4]!),
        message: m[5]!,
        source,
      });
      continue;
    }
    const t = TOOL.exec(line);
    if (t) out.push({ file: '', line: 0, column: 0, severity: severity(t[1]!), message: t[2]!, source: line.startsWith('wasm-ld') ? 'wasm-ld' : source });
  }
  return out;
}

function severity(word: string): Severity {
  return word === 'warning' ? 'warning' : word === 'note' ? 'note' : 'error';
}
