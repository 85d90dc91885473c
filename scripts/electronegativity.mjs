// Electronegativity (Doyensec's Electron security scanner) over src-main, gated on its SARIF:
// exits non-zero on any high or medium finding that the allow-list below does not explain.
//
//   npm run lint:electron            (part of `npm test`)
//   node scripts/electronegativity.mjs --keep   keeps the SARIF and the scanned copy for a look
//
// How it runs, and why:
// - Through the package's runner API, not its CLI: @doyensec/electronegativity 1.10.3 does not
//   declare `commander`, and the hoisted commander 14 (from jco) breaks its CLI at start-up.
// - Offline: the runner fetches translations and Electron's release list over the network.
//   `got` is replaced by a stub that fails at once; the scan itself is unchanged.
// - Electron's version is taken from node_modules/electron (src-main has no package.json to read).
// - It scans a temporary copy of src-main plus one generated file, __resolved__/main.js: the
//   BrowserWindow options that windowOptions() returns and the CSP that the studio:// handler
//   sends, as literals. Electronegativity reads each file's AST alone and cannot follow a call
//   (`new BrowserWindow(windowOptions(p))`) or an imported constant (STUDIO_CSP), so without this
//   it would check nothing about them. The generated file is built by running the real code.
// - Electronegativity's SARIF carries no severity (its `level` is "note" for manual-review
//   items, "warning" otherwise). Each SARIF result is matched to the runner's finding of the same
//   index, which carries severity and confidence; a mismatch fails the gate.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const keep = process.argv.includes('--keep');
const GATED = new Set(['HIGH', 'MEDIUM']);

/**
 * Findings that are not problems, by check id and file (relative to src-main). Each must also
 * sit on a line matching `line`, so a second, different call in the same file is not excused.
 * `probe: true` accepts it only if the same check passes on __resolved__/main.js, where the real
 * values are visible to the scanner.
 */
const ALLOW = [
  ...['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK'].map((id) => ({
    id,
    file: 'app/setup.ts',
    line: /new BrowserWindow\(windowOptions\(/,
    probe: true,
    why: 'the options come from windowOptions() (window-options.ts, asserted by window-options.test.ts); the scanner cannot follow the call, so the same check runs on the returned object in __resolved__/main.js and must pass there',
  })),
  ...['app/setup.ts', '__resolved__/main.js'].map((file) => ({
    id: 'AUXCLICK_JS_CHECK',
    file,
    line: /new BrowserWindow\(/,
    probe: false,
    why: "asks for disableBlinkFeatures: 'Auxclick', a defence from before setWindowOpenHandler (Electron 12): every new window, middle-click included, now goes through setWindowOpenHandler, which denies all (setup.test.ts); a middle-click navigation goes through will-navigate",
  })),
  {
    id: 'PRELOAD_JS_CHECK',
    file: '__resolved__/main.js',
    line: /"preload":/,
    probe: false,
    why: 'a "review the preload" marker raised for any preload; reviewed: it exposes only call/on (the StudioApi client), never ipcRenderer, on two fixed channels (src-main/preload/index.test.ts)',
  },
  {
    id: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'app/setup.ts',
    line: /shell\.openExternal\(url\)/,
    probe: false,
    why: 'flags any non-literal URL; the only URLs reaching it are the output of externalUrl() (http/https, a host, no credentials, re-serialized), see security.test.ts and setup.test.ts',
  },
];

// ---------------------------------------------------------------------------------------------

const runnerPath = join(repo, 'node_modules/@doyensec/electronegativity/dist/runner.js');
if (!existsSync(runnerPath)) {
  console.error('lint:electron: @doyensec/electronegativity is not installed (npm install)');
  process.exit(2);
}
const requireEn = createRequire(runnerPath);

// No network: a `got` that fails at once (translations and release lists fall back to local data).
const gotPath = requireEn.resolve('got');
const offline = () => Promise.reject(new Error('lint:electron runs offline'));
requireEn.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };

/** Imports one TypeScript file that has no runtime imports, by transpiling it alone. */
async function importTs(file) {
  const source = readFileSync(join(repo, file), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  if (/^\s*import\s(?!type\b)/m.test(outputText)) throw new Error(`${file} must keep type-only imports: lint:electron evaluates it alone`);
  return import(`data:text/javascript;base64,${Buffer.from(outputText).toString('base64')}`);
}

const { windowOptions } = await importTs('src-main/app/window-options.ts');
const { STUDIO_CSP } = await importTs('src-shared/protocol/csp.ts');
const options = windowOptions('/app/out/preload/index.cjs');

const stage = mkdtempSync(join(tmpdir(), 'studio-electronegativity-'));
const input = join(stage, 'src-main');
const sarifPath = join(stage, 'electronegativity.sarif');
cpSync(join(repo, 'src-main'), input, { recursive: true });
mkdirSync(join(input, '__resolved__'));
writeFileSync(
  join(input, '__resolved__', 'main.js'),
  [
    '// Generated by scripts/electronegativity.mjs from the real code: what src-main/app/setup.ts passes at run time.',
    "const { BrowserWindow, session } = require('electron');",
    `new BrowserWindow(${JSON.stringify(options, null, 2)});`,
    '// The CSP every studio:// response carries (protocolResponseHeaders in security.ts).',
    `session.defaultSession.webRequest.onHeadersReceived((details, callback) => callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [${JSON.stringify(STUDIO_CSP)}] } }));`,
    '',
  ].join('\n'),
);

const electronVersion = JSON.parse(readFileSync(join(repo, 'node_modules/electron/package.json'), 'utf8')).version;
const run = requireEn(runnerPath);

// The runner talks on stdout (offline notices, progress): keep it for a failure report only.
const chatter = [];
const log = console.log;
console.log = (...a) => chatter.push(a.join(' '));
let result;
try {
  result = await run(
    { input, output: sarifPath, isSarif: true, isRelative: true, customScan: [], excludeFromScan: [], electronVersionOverride: electronVersion, parserPlugins: [] },
    false,
  );
} finally {
  console.log = log;
}

// The runner writes the SARIF with an unawaited fs.writeFile: wait for a complete file.
let sarif = null;
for (let i = 0; i < 100 && !sarif; i++) {
  try {
    sarif = JSON.parse(readFileSync(sarifPath, 'utf8'));
  } catch {
    await new Promise((r) => setTimeout(r, 50));
  }
}
const fail = (msg) => {
  console.error(`lint:electron: ${msg}`);
  if (chatter.length) console.error(chatter.join('\n'));
  if (!keep) rmSync(stage, { recursive: true, force: true });
  process.exit(1);
};
if (!sarif) fail(`no SARIF written at ${sarifPath}`);

const results = sarif.runs?.[0]?.results;
if (!Array.isArray(results)) fail('the SARIF has no runs[0].results');
if (results.length !== result.issues.length) fail(`SARIF has ${results.length} results, the runner ${result.issues.length}`);

const findings = results.map((r, i) => {
  const issue = result.issues[i];
  const loc = r.locations?.[0]?.physicalLocation;
  const file = loc?.artifactLocation?.uri === 'file:///' ? 'N/A' : loc?.artifactLocation?.uri;
  const line = loc?.region?.startLine ?? 0;
  if (r.ruleId !== issue.id || file !== issue.file) fail(`SARIF result ${i} (${r.ruleId} ${file}) does not match the runner's (${issue.id} ${issue.file})`);
  return { id: r.ruleId, file, line, column: loc?.region?.startColumn ?? 0, level: r.level, severity: issue.severity.name, confidence: issue.confidence.name, text: r.message?.text ?? '' };
});

const sourceLine = (f) => {
  try {
    return readFileSync(join(input, f.file), 'utf8').split('\n')[f.line - 1] ?? '';
  } catch {
    return '';
  }
};
const probeIds = new Set(findings.filter((f) => f.file === '__resolved__/main.js').map((f) => f.id));
const allowedBy = (f) => ALLOW.find((a) => a.id === f.id && a.file === f.file && a.line.test(sourceLine(f)) && !(a.probe && probeIds.has(f.id)));

const gated = findings.filter((f) => GATED.has(f.severity));
const blocking = gated.filter((f) => !allowedBy(f));
const allowed = gated.filter((f) => allowedBy(f));
const parseErrors = result.errors.filter((e) => !e.tolerable);

const describe = (f) => `  ${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line}:${f.column}\n      ${f.text}\n      ${sourceLine(f).trim()}`;
if (blocking.length || parseErrors.length) {
  console.error(`lint:electron: ${blocking.length} high/medium finding(s) in src-main:`);
  for (const f of blocking) console.error(describe(f));
  for (const e of parseErrors) console.error(`  could not parse ${e.file}: ${e.message} (that file was not scanned)`);
  if (keep) console.error(`SARIF: ${sarifPath}`);
  else rmSync(stage, { recursive: true, force: true });
  process.exit(1);
}

const unused = ALLOW.filter((a) => !allowed.some((f) => f.id === a.id && f.file === a.file));
const low = findings.length - gated.length;
log(
  `lint:electron: Electronegativity ${sarif.runs[0].tool?.driver?.version ?? '?'} (Electron ${electronVersion}, ${result.globalChecks + result.atomicChecks} checks): ` +
    `no high or medium finding in src-main (${allowed.length} explained by the allow-list, ${low} low/informational` +
    `${unused.length ? `, ${unused.length} allow-list entries unused` : ''})${keep ? ` — SARIF: ${sarifPath}` : ''}`,
);
if (process.argv.includes('--verbose')) for (const f of findings) log(describe(f));
if (!keep) rmSync(stage, { recursive: true, force: true });
