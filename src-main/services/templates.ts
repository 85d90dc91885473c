import type { TemplateName } from '../../src-shared/protocol/types';
import { C_HTTP_SOURCE, C_HTTP_WIT } from './template-c-http';

/**
 * The smallest project per language that builds and runs in both engines. C, C++ and WAT are
 * WASI commands (Run prints a greeting); JS and TS implement a one-function WIT world (Calls
 * runs greet in both engines). c-world and cpp-world implement a calculator world in C and C++
 * against the bindings the studio generates (bindings/calculator.h). js-command and ts-command
 * are commands with no wit/ at all (their world is wasi:cli/command, its WIT the studio's
 * vendored copy); js-http, ts-http, c-http and cpp-http are wasi:http handlers. `NAME` stands for the project's name. A
 * language's label lives in its registry entry, a variant's in TEMPLATE_VARIANTS.
 */
const CALCULATOR_WIT = [
  'package studio:calculator;',
  '',
  '/// A calculator: numbers in and out, a string, a record and a result.',
  'world calculator {',
  '  record stats { count: u32, sum: f64, mean: f64 }',
  '',
  '  export add: func(a: s32, b: s32) -> s32;',
  '  export divide: func(a: f64, b: f64) -> result<f64, string>;',
  '  export stats: func(values: list<f64>) -> stats;',
  '  /// `value` with `places` digits after the point.',
  '  export format: func(value: f64, places: u8) -> string;',
  '}',
  '',
].join('\n');

/** The same C in both languages: a result is `true` with *ret set, or `false` with *err set. */
const CALCULATOR_DIVIDE = [
  '// A result: true with *ret set, or false with *err set.',
  'bool exports_calculator_divide(double a, double b, double *ret, calculator_string_t *err) {',
  '    if (b == 0) {',
  '        calculator_string_dup(err, "division by zero");',
  '        return false;',
  '    }',
  '    *ret = a / b;',
  '    return true;',
  '}',
];

export const TEMPLATES: Record<TemplateName, { files: Record<string, string> }> = {
  c: {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A C command component: prints a greeting.', language: 'c', build: { flags: ['-O2', '-Wall'] }, policy: {} }),
      'src/main.c': '#include <stdio.h>\n\nint main(void) {\n    printf("Hello from NAME, a C component!\\n");\n    return 0;\n}\n',
    },
  },
  cpp: {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A C++ command component: prints a greeting.', language: 'cpp', build: { flags: ['-O2', '-Wall', '-std=c++20'] }, policy: {} }),
      'src/main.cpp': '#include <iostream>\n\nint main() {\n    std::cout << "Hello from NAME, a C++ component!\\n";\n    return 0;\n}\n',
    },
  },
  wat: {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A WASI preview 1 module in WebAssembly text, adapted to a command component.', language: 'wat', policy: {} }),
      'src/main.wat': [
        ';; A WASI preview 1 command module; the studio adapts it to a component.',
        '(module',
        '  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))',
        '  (memory (export "memory") 1)',
        '  (data (i32.const 16) "Hello from a WAT component!\\n")',
        '  (func (export "_start")',
        '    (i32.store (i32.const 0) (i32.const 16)) ;; iovec: where the text is',
        '    (i32.store (i32.const 4) (i32.const 28)) ;; and how long',
        '    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))',
        '',
      ].join('\n'),
    },
  },
  js: {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A JavaScript component exporting greet (try it in Calls).', language: 'js', world: 'hello', jsBackend: 'quickjs', policy: {} }),
      'wit/world.wit': 'package studio:hello;\n\nworld hello {\n  export greet: func(name: string) -> string;\n}\n',
      'src/main.js': '/** @param {string} name */\nexport function greet(name) {\n  return `Hello, ${name}! (from JavaScript)`;\n}\n',
    },
  },
  ts: {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A TypeScript component exporting greet (try it in Calls).', language: 'ts', world: 'hello', jsBackend: 'quickjs', policy: {} }),
      'wit/world.wit': 'package studio:hello;\n\nworld hello {\n  export greet: func(name: string) -> string;\n}\n',
      'src/main.ts': 'export function greet(name: string): string {\n  return `Hello, ${name}! (from TypeScript)`;\n}\n',
    },
  },
  'js-command': {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A JavaScript command (world wasi:cli/command): Run prints a greeting to its arguments.', language: 'js', jsBackend: 'quickjs', policy: { args: ['Ada', 'Grace'] } }),
      'src/main.js': commandSource('JavaScript', ''),
    },
  },
  'ts-command': {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A TypeScript command (world wasi:cli/command): Run prints a greeting to its arguments.', language: 'ts', jsBackend: 'quickjs', policy: { args: ['Ada', 'Grace'] } }),
      'src/main.ts': commandSource('TypeScript', ': number'),
    },
  },
  'c-world': {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A C component implementing a calculator world (try it in Calls).', language: 'c', world: 'calculator', build: { flags: ['-O2', '-Wall'] }, policy: {} }),
      'wit/world.wit': CALCULATOR_WIT,
      'src/calculator.c': [
        '// The calculator world, implemented against bindings/calculator.h, which the studio',
        '// generates from wit/world.wit on every build (wit-bindgen\'s C conventions).',
        '#include <stdio.h>',
        '#include "calculator.h"',
        '',
        'int32_t exports_calculator_add(int32_t a, int32_t b) {',
        '    return (int32_t) ((uint32_t) a + (uint32_t) b); // wraps around on overflow (signed overflow is undefined in C)',
        '}',
        '',
        ...CALCULATOR_DIVIDE,
        '',
        '// The list is ours to free once read.',
        'void exports_calculator_stats(calculator_list_f64_t *values, calculator_stats_t *ret) {',
        '    double sum = 0;',
        '    for (size_t i = 0; i < values->len; i++) sum += values->ptr[i];',
        '    ret->count = (uint32_t) values->len;',
        '    ret->sum = sum;',
        '    ret->mean = values->len ? sum / values->len : 0;',
        '    calculator_list_f64_free(values);',
        '}',
        '',
        'void exports_calculator_format(double value, uint8_t places, calculator_string_t *ret) {',
        '    char text[64];',
        '    snprintf(text, sizeof text, "%.*f", places, value);',
        '    calculator_string_dup(ret, text);',
        '}',
        '',
      ].join('\n'),
    },
  },
  'cpp-world': {
    files: {
      'studio.json': json({ name: 'NAME', description: 'A C++ component implementing a calculator world (try it in Calls).', language: 'cpp', world: 'calculator', build: { flags: ['-O2', '-Wall', '-std=c++20'] }, policy: {} }),
      'wit/world.wit': CALCULATOR_WIT,
      'src/calculator.cpp': [
        '// The calculator world, implemented against bindings/calculator.h, which the studio',
        '// generates from wit/world.wit on every build (wit-bindgen\'s C conventions, usable from C++).',
        '#include <cstdio>',
        '#include <numeric>',
        '#include <span>',
        '#include "calculator.h"',
        '',
        'int32_t exports_calculator_add(int32_t a, int32_t b) {',
        '    return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));',
        '}',
        '',
        ...CALCULATOR_DIVIDE,
        '',
        '// The list is ours to free once read.',
        'void exports_calculator_stats(calculator_list_f64_t *values, calculator_stats_t *ret) {',
        '    std::span<const double> xs(values->ptr, values->len);',
        '    double sum = std::accumulate(xs.begin(), xs.end(), 0.0);',
        '    ret->count = static_cast<uint32_t>(xs.size());',
        '    ret->sum = sum;',
        '    ret->mean = xs.empty() ? 0 : sum / xs.size();',
        '    calculator_list_f64_free(values);',
        '}',
        '',
        'void exports_calculator_format(double value, uint8_t places, calculator_string_t *ret) {',
        '    char text[64];',
        '    std::snprintf(text, sizeof text, "%.*f", places, value);',
        '    calculator_string_dup(ret, text);',
        '}',
        '',
      ].join('\n'),
    },
  },
  'js-http': { files: httpHandlerFiles('js') },
  'c-http': { files: cHttpFiles('c') },
  'cpp-http': { files: cHttpFiles('cpp') },
  'ts-http': { files: httpHandlerFiles('ts') },
};

/**
 * A wasi:http handler on StarlingMonkey: QuickJS cannot build a world that imports wasi:http/types.
 * The clock is frozen and random seeded (StarlingMonkey asks for both on every request) so both
 * engines answer alike. TypeScript gets declarations of the web APIs it uses: the studio's checker
 * has no DOM library, and StarlingMonkey's globals are not Node's.
 */
function httpHandlerFiles(language: 'js' | 'ts'): Record<string, string> {
  const ts = language === 'ts';
  return {
    'studio.json': json({
      name: 'NAME',
      description: `A ${ts ? 'TypeScript' : 'JavaScript'} HTTP handler (wasi:http/incoming-handler): send it requests with component-studio request, or serve it.`,
      language,
      world: 'handler',
      jsBackend: 'starlingmonkey',
      policy: { clocks: { mode: 'frozen', at: '2026-01-01T00:00:00Z' }, random: { mode: 'seeded', seed: 1 } },
    }),
    'wit/world.wit': 'package studio:handler;\n\n// 0.2.10: the wasi:http StarlingMonkey implements; the build supplies the WASI packages.\nworld handler {\n  export wasi:http/incoming-handler@0.2.10;\n}\n',
    [`src/main.${language}`]: [
      '// Each request to wasi:http/incoming-handler arrives as a fetch event.',
      "addEventListener('fetch', (event) => event.respondWith(handle(event.request)));",
      '',
      `async function handle(request${ts ? ': Request): Promise<Response>' : ')'} {`,
      '  const url = new URL(request.url);',
      "  if (url.pathname === '/json') return Response.json({ hello: url.searchParams.get('name') ?? 'world' });",
      "  if (request.method === 'POST') return new Response(await request.text());",
      "  return new Response(`Hello from NAME! You asked for ${url.pathname}\\n`);",
      '}',
      '',
    ].join('\n'),
    ...(ts ? { 'src/starlingmonkey.d.ts': starlingMonkeyDts() } : {}),
  };
}

/** A wasi:http handler in C or C++ against the bindings the studio generates. */
function cHttpFiles(language: 'c' | 'cpp'): Record<string, string> {
  const cpp = language === 'cpp';
  return {
    'studio.json': json({
      name: 'NAME',
      description: `A ${cpp ? 'C++' : 'C'} HTTP handler (wasi:http/incoming-handler): a greeting at /, an echo at /echo. Send it requests with component-studio request, or serve it.`,
      language,
      world: 'handler',
      build: { flags: cpp ? ['-O2', '-Wall', '-std=c++20'] : ['-O2', '-Wall'] },
      policy: {},
    }),
    'wit/world.wit': C_HTTP_WIT,
    [`src/handler.${language}`]: C_HTTP_SOURCE(cpp ? 'C++' : 'C'),
  };
}

/** The StarlingMonkey globals the ts-http template uses, typed; a project adds what it needs. */
function starlingMonkeyDts(): string {
  return `// The web APIs StarlingMonkey gives a handler, as far as this project uses them (StarlingMonkey
// implements fetch, Request, Response, Headers, URL, TextEncoder and more: declare what you use).
interface Headers {
  get(name: string): string | null;
  set(name: string, value: string): void;
  has(name: string): boolean;
}
declare var Headers: { new (init?: Record<string, string> | [string, string][]): Headers };
interface Request {
  readonly method: string;
  readonly url: string;
  readonly headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
}
interface ResponseInit {
  status?: number;
  headers?: Record<string, string> | [string, string][];
}
interface Response {
  readonly status: number;
  readonly headers: Headers;
  text(): Promise<string>;
}
declare var Response: { new (body?: string | Uint8Array | null, init?: ResponseInit): Response; json(data: unknown, init?: ResponseInit): Response };
interface URLSearchParams {
  get(name: string): string | null;
}
interface URL {
  readonly pathname: string;
  readonly searchParams: URLSearchParams;
}
declare var URL: { new (url: string, base?: string): URL };
interface FetchEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
declare function addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
declare function fetch(input: string | Request, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Response>;
`;
}

/** A command's main module: Run calls its run(). */
function commandSource(language: string, returns: string): string {
  return [
    "import { getArguments } from 'wasi:cli/environment@0.2.12';",
    '',
    '// A command: Run calls run(). console.log and console.error write to stdout and stderr.',
    '// Returning nothing or 0 exits with status 0; another number, or an exception, with status 1.',
    `export function run()${returns} {`,
    '  // The first argument is the program\'s name; the rest are the policy\'s "args".',
    '  const names = getArguments().slice(1);',
    '  if (names.length === 0) {',
    '    console.error(\'no one to greet: add names to "args" in the policy\');',
    '    return 1;',
    '  }',
    `  for (const name of names) console.log(\`Hello, \${name}! (from NAME, a ${language} command)\`);`,
    '  return 0;',
    '}',
    '',
  ].join('\n');
}

function json(v: unknown): string {
  return JSON.stringify(v, null, 2) + '\n';
}
