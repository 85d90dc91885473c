import { parse } from '@bytecodealliance/jco';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_ENTRY_BYTES, TABLE_SHARE } from '../../src-shared/engine/memory-limit';
import { appRoot } from '../paths';
import { peakTreeMiB } from './process-tree-memory';

// Guests that tried to allocate past the memory cap other than by memory.grow (tables, repeated
// instances, GC types), in both engines (the browser engine through headless Chromium), end to end.
// The table bomb grows 12 tables towards 10M entries each: uncapped it took 3.8 GB in Node and
// crashed a Chromium page.
let dir: string;
const wasm: Record<string, string> = {};
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'table-limits-'));
  const sources = { bomb: join(__dirname, 'fixtures/table-bomb/main.wat'), hello: join(appRoot, 'samples/hello-wat/src/main.wat') };
  const texts = { ...Object.fromEntries(Object.entries(sources).map(([name, file]) => [name, readFileSync(file, 'utf8')])), twins: TWINS, gc: GC_FILLER };
  for (const [name, text] of Object.entries(texts)) {
    wasm[name] = join(dir, `${name}.wasm`);
    writeFileSync(wasm[name]!, await parse(text));
  }
});

// One core module instantiated eight times, each instance filling all the memory its module may
// have: before instances were counted, the run held several times its memory limit.
const TWINS = `(component
  (core module $m
    (memory 0)
    (func $fill
      (block $done (loop $more (br_if $done (i32.eq (memory.grow (i32.const 16)) (i32.const -1))) (br $more)))
      (memory.fill (i32.const 0) (i32.const 1) (i32.mul (memory.size) (i32.const 65536))))
    (start $fill))
  ${Array.from({ length: 8 }, (_, i) => `(core instance $i${i} (instantiate $m))`).join('\n')})`;

// Keeps every 8 MiB array it allocates on V8's garbage-collected heap: in Chromium this took 4 GB
// and crashed the page (Node 20 does not compile GC types).
const GC_FILLER = `(component
  (core module $m
    (type $arr (array (mut i64)))
    (type $node (struct (field (ref null $node)) (field (ref $arr))))
    (global $head (mut (ref null $node)) (ref.null $node))
    (func $fill
      (loop $more
        (global.set $head (struct.new $node (global.get $head) (array.new_default $arr (i32.const 1048576))))
        (br $more)))
    (start $fill))
  (core instance $i (instantiate $m)))`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [join(appRoot, 'bin/component-studio.js'), ...args], { encoding: 'utf8', timeout: 120_000 });

describe('nothing a guest allocates escapes the memory cap, in both engines', () => {
  it('the table bomb is refused at the tables\' share of the cap, in the guest, and the run ends normally', () => {
    const r = cli('run', wasm.bomb!, '--engine', 'both', '--json', '--max-memory', '64');
    const runs = JSON.parse(r.stdout).runs as { engine: string; exitCode: number | null; stdout: string; error: string | null }[];
    const share = Math.floor((64 * 1024 * 1024) / TABLE_SHARE / TABLE_ENTRY_BYTES);
    expect(runs.map((run) => run.engine)).toEqual(['node', 'browser']);
    for (const run of runs) {
      expect(run, JSON.stringify(run)).toMatchObject({ exitCode: 0, error: null });
      const entries = Number(/^grew 12 tables to (\d+) entries in all\n$/.exec(run.stdout)?.[1]);
      // Filled to within a few entries per table of the share (the guest halves its step down to 1), never past it.
      expect(entries).toBeLessThanOrEqual(share);
      expect(entries).toBeGreaterThan(share - 12 * 64);
    }
    expect(r.status).toBe(0);
  });

  it.each(['node', 'browser'])('the host\'s memory grows by no more than the cap under a table bomb (%s)', async (engine) => {
    const growth = (name: string, mib: number) => peakTreeMiB(['run', wasm[name]!, '--engine', engine, '--max-memory', String(mib)]);
    const idle = await growth('hello', 64);
    const capped = await growth('bomb', 64);
    // At the largest cap the tables may take 256 MiB by the estimate (about 2.8M entries). Measured
    // on this machine: Node's runner 110-140 MiB above idle; Chromium 40-130, where one run's total
    // over its ~1.5 GB process tree varies by +-30 MiB. So the control is the larger of two runs
    // and is compared with the lower of two near-idle runs (a capped bomb holds almost no table).
    const control = Math.max(await growth('bomb', 4096), await growth('bomb', 4096));
    const seen = JSON.stringify({ idle, capped, control });
    expect(control - Math.min(idle, capped), seen).toBeGreaterThan(30);
    // Every maximum together fits the cap, so the host grows by no more than the cap (plus noise).
    expect(capped - idle, seen).toBeLessThan(64 + 40);
    // Four or five runs of the CLI, each starting Chromium in the browser case: about 10 s each
    // under CI's load (one CI run took over 60 s for the five).
  }, 240_000);

  it('a component instantiating one core module eight times is refused in both engines', () => {
    const r = cli('run', wasm.twins!, '--engine', 'both', '--json', '--max-memory', '64');
    const runs = JSON.parse(r.stdout).runs as { exitCode: number | null; error: string | null }[];
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.exitCode).toBeNull();
      expect(run.error).toBe(
        'instantiation failed: MemoryLimitError: the component instantiates one of its core modules more than once; each instance would get its memories and tables anew, past the memory limit, so the studio does not run it',
      );
    }
  });

  it('a component with Wasm GC types is refused before it runs, naming why', () => {
    const r = cli('run', wasm.gc!, '--engine', 'both', '--max-memory', '64');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('the module uses Wasm GC types (struct or array): what it allocates with them is not bounded by the memory limit');
  });
});
