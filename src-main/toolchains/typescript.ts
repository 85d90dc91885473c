import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import type { Diagnostic } from '../../src-shared/protocol/types';
import { COMMAND_RUN_TYPE } from './js-command';

/** What the QuickJS and StarlingMonkey guests have besides the language itself. */
const GUEST_GLOBALS = `
declare var console: { log(...data: unknown[]): void; error(...data: unknown[]): void; warn(...data: unknown[]): void; info(...data: unknown[]): void; debug(...data: unknown[]): void };
declare function queueMicrotask(callback: () => void): void;
declare class TextEncoder { encode(input?: string): Uint8Array }
declare class TextDecoder { constructor(label?: string); decode(input?: ArrayBufferView | ArrayBuffer): string }
`;

const CHECK_FILE = '__studio_world_check__.ts';
const GLOBALS_FILE = '__studio_globals__.d.ts';

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ES2022,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts'],
  strict: true,
  noEmit: true,
  allowJs: true,
  checkJs: false,
  allowImportingTsExtensions: true,
  skipLibCheck: true,
  types: [],
};

/** Library files parsed once per worker: they are most of a type-check's time. */
const libCache = new Map<string, ts.SourceFile>();
const libDir = dirname(ts.getDefaultLibFilePath(options));

function host(files: Map<string, string>): ts.CompilerHost {
  return {
    getSourceFile(fileName, languageVersion) {
      const text = files.get(fileName);
      if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
      if (fileName.startsWith(libDir)) {
        let sf = libCache.get(fileName);
        if (!sf) {
          try {
            sf = ts.createSourceFile(fileName, readFileSync(fileName, 'utf8'), languageVersion, true);
          } catch {
            return undefined;
          }
          libCache.set(fileName, sf);
        }
        return sf;
      }
      return undefined;
    },
    getDefaultLibFileName: (o) => join(libDir, ts.getDefaultLibFileName(o)),
    getDefaultLibLocation: () => libDir,
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getDirectories: () => [],
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => files.has(f) || (f.startsWith(libDir) && ts.sys.fileExists(f)),
    readFile: (f) => files.get(f) ?? (f.startsWith(libDir) ? ts.sys.readFile(f) : undefined),
    directoryExists: (d) => d === '/' || [...files.keys()].some((f) => f.startsWith(d.endsWith('/') ? d : `${d}/`)),
  };
}

/**
 * Type-checks the project against the world's generated declarations, in memory. A synthetic
 * module assigns the entry module's namespace to the world's declared exports, so a missing or
 * mistyped export is an error that names the export. For JavaScript only that check (and syntax)
 * is reported.
 */
export function checkTypes(input: {
  sources: Record<string, string>;
  code: string[];
  entry: string;
  declarations: Record<string, string>;
  world: string;
  js: boolean;
  /** A command: the module exports a plain `run()` in place of the world's wasi:cli/run interface. */
  command?: boolean;
  /** World exports the module may leave out (one the componentizer supplies itself). */
  optional?: string[];
}): { diagnostics: Diagnostic[] } {
  const files = new Map<string, string>();
  for (const f of input.code) files.set(`/${f}`, input.sources[f]!);
  for (const [f, text] of Object.entries(input.sources)) if (f.endsWith('.d.ts')) files.set(`/${f}`, text);
  for (const [f, text] of Object.entries(input.declarations)) files.set(`/types/${f}`, text);
  files.set(`/${GLOBALS_FILE}`, GUEST_GLOBALS);
  const worldFile = input.declarations[`${input.world}.d.ts`] ?? '';
  const worldModule = /declare module '([^']+)'/.exec(worldFile)?.[1];
  // A script that exports nothing, where every export is one the componentizer may supply (a fetch
  // event listener for incoming-handler), has no exports to hold to the world.
  const exportsNothing = Boolean(input.optional?.length) && !/^\s*export\b/m.test(input.sources[input.entry] ?? '');
  if (worldModule && !exportsNothing) {
    const entrySpecifier = `./${input.entry}`;
    // TypeScript is held to the world's types; plain JavaScript, whose types are only inferred, to
    // the names it must export (inferred types would reject correct code, e.g. an array for a tuple).
    const optional = (input.optional ?? []).map((n) => JSON.stringify(n)).join(' | ') || 'never';
    const expected = input.js
      ? `{ [K in Exclude<keyof typeof World, ${optional}>]: unknown }`
      : input.command
        ? `Omit<typeof World, 'run'> & ${COMMAND_RUN_TYPE}`
        : input.optional?.length
          ? `Omit<typeof World, ${optional}>`
          : `typeof World`;
    files.set(
      `/${CHECK_FILE}`,
      `import type * as World from '${worldModule}';\nimport * as Implementation from '${entrySpecifier}';\nexport const implementation: ${expected} = Implementation;\n`,
    );
  }
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host: host(files) });
  const all = input.js
    ? [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics(program.getSourceFile(`/${CHECK_FILE}`))]
    : ts.getPreEmitDiagnostics(program);
  return { diagnostics: all.map((d) => toDiagnostic(d, input.entry, input.world)) };
}

function toDiagnostic(d: ts.Diagnostic, entry: string, world: string): Diagnostic {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
  const severity = d.category === ts.DiagnosticCategory.Error ? 'error' : d.category === ts.DiagnosticCategory.Warning ? 'warning' : 'note';
  const name = d.file?.fileName.replace(/^\//, '');
  if (!d.file || name === CHECK_FILE) {
    return { file: entry, line: 1, column: 1, severity, message: `${entry} does not match the world "${world}": ${worldMessage(message)}`, source: 'typescript' };
  }
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  return { file: name!, line: line + 1, column: character + 1, severity, message: `${message} (TS${d.code})`, source: 'typescript' };
}

/** "Property 'greet' is missing in type 'typeof import(…)' but required in type …" -> the gist. */
function worldMessage(message: string): string {
  const missing = /Property '([^']+)' is missing in type/.exec(message);
  if (missing) return `it must export "${missing[1]}" (see the world's declarations in types/)`;
  return message.replace(/typeof import\("[^"]*"\)/g, 'the module').split('\n').map((l) => l.trim()).join(' ');
}

/** Rewrites relative import specifiers to the .js files the stripped modules become. */
function rewriteSpecifiers(context: ts.TransformationContext): ts.Transformer<ts.SourceFile> {
  const f = context.factory;
  const fix = (spec: string) => {
    if (!spec.startsWith('./') && !spec.startsWith('../')) return spec;
    if (/\.(m?)ts$/.test(spec)) return spec.replace(/\.(m?)ts$/, '.$1js');
    return /\.[cm]?js$/.test(spec) ? spec : `${spec}.js`;
  };
  const visit = (node: ts.Node): ts.Node => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      return f.updateImportDeclaration(node, node.modifiers, node.importClause, f.createStringLiteral(fix(node.moduleSpecifier.text)), node.attributes);
    }
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      return f.updateExportDeclaration(node, node.modifiers, node.isTypeOnly, node.exportClause, f.createStringLiteral(fix(node.moduleSpecifier.text)), node.attributes);
    }
    return node;
  };
  return (sf) => ts.visitEachChild(sf, visit, context);
}

/** Type stripping with transpileModule: one file at a time, no type information needed. */
export function stripTypes(sources: Record<string, string>, code: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of code) {
    const { outputText } = ts.transpileModule(sources[f]!, {
      fileName: f,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ES2022, verbatimModuleSyntax: false, sourceMap: false },
      transformers: { before: [rewriteSpecifiers] },
    });
    out[f.replace(/\.(m?)ts$/, '.$1js')] = outputText;
  }
  return out;
}
