import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';
import { createFromTemplate } from './new-project';

// Through the built CLI, as the cli tests do: each template builds, and runs (commands) or is
// called (JS, TS, the C and C++ worlds) with the same result in both engines.
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const root = mkdtempSync(join(tmpdir(), 'studio-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('project templates', () => {
  it.each([
    ['c', 'Hello from hello-c, a C component!\n'],
    ['cpp', 'Hello from hello-cpp, a C++ component!\n'],
    ['wat', 'Hello from a WAT component!\n'],
  ] as const)('%s builds and prints its greeting in both engines', (language, greeting) => {
    const dir = createFromTemplate(language, join(root, `hello-${language}`));
    const r = cli('run', dir, '--engine', 'both', '--json');
    expect(r.code, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout).runs as { engine: string; stdout: string; exitCode: number }[];
    expect(runs.map((x) => [x.engine, x.exitCode, x.stdout])).toEqual([['node', 0, greeting], ['browser', 0, greeting]]);
  }, 120_000);

  it.each([
    ['js-command', 'JavaScript'],
    ['ts-command', 'TypeScript'],
  ] as const)('%s builds a wasi:cli command whose run() greets the policy\'s args, identically in both engines', (template, language) => {
    const dir = createFromTemplate(template, join(root, `hello-${template}`));
    const r = cli('run', dir, '--engine', 'both', '--json', '--trace');
    expect(r.code, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout).runs as { engine: string; stdout: string; stderr: string; exitCode: number; trace: { interface: string }[] }[];
    const greeting = `Hello, Ada! (from hello-${template}, a ${language} command)\nHello, Grace! (from hello-${template}, a ${language} command)\n`;
    expect(runs.map((x) => [x.engine, x.exitCode, x.stdout, x.stderr])).toEqual([['node', 0, greeting, ''], ['browser', 0, greeting, '']]);
    for (const run of runs) expect(run.trace.map((t) => t.interface)).toContain('wasi:cli/environment');
  }, 120_000);

  it.each([
    ['js', '"Hello, Ada! (from JavaScript)"'],
    ['ts', '"Hello, Ada! (from TypeScript)"'],
  ] as const)('%s builds and greet returns the same value in both engines', (language, value) => {
    const dir = createFromTemplate(language, join(root, `hello-${language}`));
    const r = cli('call', dir, 'greet', '"Ada"', '--engine', 'both', '--json');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout).calls as { value: string }[]).map((c) => c.value)).toEqual([value, value]);
  }, 120_000);

  // The calculator worlds: a result carrying a string, and a record from a list. The first call
  // builds; the second finds the build in the project's cache.
  it.each(['c-world', 'cpp-world'] as const)('%s builds and its exports return the same values in both engines', (template) => {
    const dir = createFromTemplate(template, join(root, `calc-${template}`));
    const calls: [string[], string][] = [
      [['divide', '1', '0'], 'err("division by zero")'],
      [['stats', '[1, 2, 3.5]'], '{count: 3, sum: 6.5, mean: 2.1666666666666665}'],
    ];
    for (const [args, value] of calls) {
      const r = cli('call', dir, ...args, '--engine', 'both', '--json');
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse(r.stdout).calls as { value: string }[]).map((c) => c.value)).toEqual([value, value]);
    }
    // The bindings were written for the user to read, beside the sources.
    expect(readFileSync(join(dir, 'bindings/calculator.h'), 'utf8')).toContain('bool exports_calculator_divide(double a, double b, double *ret, calculator_string_t *err);');
  }, 180_000);
});
