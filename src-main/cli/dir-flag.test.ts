import { commands } from '@yowasp/clang';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoot } from '../paths';

// --dir as wasmtime users type it, through the built CLI in both engines: the guest finds each
// preopen under the name given (not with a "/" added), reads through it, and a ::ro mount refuses
// writes; the host folders are checked afterwards, not only what the guest printed.
let dir: string;
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { cwd: dir, encoding: 'utf8', timeout: 170_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

// Lists its preopens by the raw wasip1 calls (the names exactly as granted), then reads or writes
// each path it is given.
const PROGRAM = `#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wasi/api.h>
int main(int argc, char **argv) {
  for (__wasi_fd_t fd = 3;; fd++) {
    __wasi_prestat_t st;
    if (__wasi_fd_prestat_get(fd, &st) != 0) break;
    char name[256] = {0};
    __wasi_fd_prestat_dir_name(fd, (uint8_t *)name, st.u.dir.pr_name_len < 255 ? st.u.dir.pr_name_len : 255);
    printf("preopen %s\\n", name);
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    FILE *f = fopen(argv[i + 1], argv[i][0] == 'r' ? "r" : "w");
    if (!f) { printf("%s %s: %s\\n", argv[i], argv[i + 1], strerror(errno)); continue; }
    char line[64] = "written\\n";
    if (argv[i][0] == 'r') { if (!fgets(line, sizeof line, f)) line[0] = 0; } else fputs(line, f);
    fclose(f);
    printf("%s %s: %s", argv[i], argv[i + 1], line);
  }
  return 0;
}
`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-dir-flag-'));
  const out = (await commands.clang(['--target=wasm32-wasip1', '-O2', 'p.c', '-o', 'p.wasm'], { 'p.c': PROGRAM }, { stderr: () => {} })) as Record<string, Uint8Array>;
  writeFileSync(join(dir, 'p.wasm'), out['p.wasm']!);
  for (const [folder, text] of [['data', 'in data'], ['x', 'in x'], ['a', 'in a'], ['n', 'in n']]) {
    mkdirSync(join(dir, folder!));
    writeFileSync(join(dir, folder!, 'f.txt'), `${text}\n`);
  }
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('run --dir: guest paths as given, read-write unless ::ro', () => {
  it('--dir data, --dir ./x::/y, --dir a::b::ro and a numeric guest name: the same preopens, reads and refusals in both engines', () => {
    const r = cli([
      'run', 'p.wasm', '--engine', 'both', '--json', '--trace',
      '--dir', 'data', '--dir', './x::/y', '--dir', 'a::b::ro', '--dir', 'n::2024',
      '--', 'read', 'data/f.txt', 'read', '/data/f.txt', 'read', '/y/f.txt', 'read', 'b/f.txt', 'write', 'b/new.txt', 'write', '2024/new.txt',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const runs = JSON.parse(r.stdout).runs as { engine: string; stdout: string; trace: { function: string; result: string }[] }[];
    expect(runs.map((run) => run.engine)).toEqual(['node', 'browser']);
    for (const run of runs) {
      expect(run.stdout, run.engine).toBe(
        'preopen data\npreopen /y\npreopen b\npreopen 2024\n' +
          'read data/f.txt: in data\nread /data/f.txt: in data\nread /y/f.txt: in x\nread b/f.txt: in a\n' +
          'write b/new.txt: Read-only file system\nwrite 2024/new.txt: written\n',
      );
      // The trace prints the preopen names as given, too.
      expect(run.trace.find((t) => t.function === 'get-directories')?.result).toBe('[[…, "data"], […, "/y"], […, "b"], […, "2024"]]');
    }
    // On the host: the read-only folder is untouched; the Node engine wrote into the read-write one
    // (the browser engine's write stays in its snapshot).
    expect(existsSync(join(dir, 'a', 'new.txt'))).toBe(false);
    expect(readFileSync(join(dir, 'a', 'f.txt'), 'utf8')).toBe('in a\n');
    expect(readFileSync(join(dir, 'n', 'new.txt'), 'utf8')).toBe('written\n');
  }, 180_000);

  it('a bad mount, two mounts at one guest folder and a bad --env are one line and exit 2, before anything runs', () => {
    const bad: [string[], string][] = [
      [['--dir', 'a::b::rw'], '--dir: a mount is HOST[::GUEST[::ro]], not "a::b::rw" (read-write is the default: leave out ::rw)'],
      [['--dir', 'data', '--dir', 'x::/data/'], '--dir: two mounts at the guest path "/data/" (the same folder as "data"): each guest path can be mounted once'],
      [['--env', 'GREETING=hi', '--env', 'there now'], '--env: "there now" is neither NAME=VALUE nor a variable name to pass from the host'],
    ];
    for (const [flags, message] of bad) {
      const r = cli(['run', 'p.wasm', ...flags]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim()).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);
});
