// A C world build end to end, in Node: the generated import glue (lowering arguments, lifting
// results, more than 16 flat parameters through memory, return areas) is exercised by a C export
// that calls every import of a JS host, and the host checks what it received, not only what the
// guest reports. The export glue has its own round trip in src-main/cli/call-roundtrip-c.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildC } from './c';
import { instantiateWithHost } from './host-instance';
import type { ToolchainOutput } from './types';

const WIT = `package test:relay@0.1.0;

interface host {
  record point { x: s32, y: s32 }
  variant shape { dot, circle(f32), rect(point), label(string) }
  enum color { red, green }
  flags perms { read, write }
  echo-string: func(s: string) -> string;
  echo-points: func(l: list<point>) -> list<point>;
  echo-shape: func(s: shape) -> shape;
  echo-option: func(o: option<string>) -> option<string>;
  echo-result: func(r: result<u64, string>) -> result<u64, string>;
  echo-tuple: func(t: tuple<color, perms, s64>) -> tuple<color, perms, s64>;
  sum17: func(a: u8, b: s16, c: u32, d: s64, e: f32, f: f64, g: u8, h: u8, i: u8, j: u8, k: u8, l: u8, m: u8, n: u8, o: u8, p: u8, q: f64) -> f64;
}

world relay {
  import host;
  import log: func(msg: string);
  export run: func() -> string;
  export wide: func(a: u8, b: s16, c: u32, d: s64, e: f32, f: f64, g: u8, h: u8, i: u8, j: u8, k: u8, l: u8, m: u8, n: u8, o: u8, p: u8, q: f64) -> f64;
}
`;

const C = `#include <stdio.h>
#include <string.h>
#include "relay.h"

static char report[512];
static size_t used;
static void note(const char *what, int ok) {
  used += snprintf(report + used, sizeof report - used, "%s:%s ", what, ok ? "ok" : "BAD");
}

void exports_relay_run(relay_string_t *ret) {
  relay_string_t s, back;
  relay_string_set(&s, "héllo");
  test_relay_host_echo_string(&s, &back);
  note("string", back.len == 6 && memcmp(back.ptr, "héllo", 6) == 0);
  relay_string_free(&back);

  test_relay_host_point_t pts[2] = {{1, -2}, {2147483647, -2147483647 - 1}};
  test_relay_host_list_point_t list = {pts, 2}, list_back;
  test_relay_host_echo_points(&list, &list_back);
  note("list", list_back.len == 2 && list_back.ptr[1].x == 2147483647 && list_back.ptr[1].y == -2147483647 - 1);
  test_relay_host_list_point_free(&list_back);

  test_relay_host_shape_t shape = {.tag = TEST_RELAY_HOST_SHAPE_CIRCLE, .val.circle = 1.5f}, shape_back;
  test_relay_host_echo_shape(&shape, &shape_back);
  note("variant", shape_back.tag == TEST_RELAY_HOST_SHAPE_CIRCLE && shape_back.val.circle == 1.5f);
  shape.tag = TEST_RELAY_HOST_SHAPE_LABEL;
  relay_string_set(&shape.val.label, "tag");
  test_relay_host_echo_shape(&shape, &shape_back);
  note("variant-string", shape_back.tag == TEST_RELAY_HOST_SHAPE_LABEL && shape_back.val.label.len == 3);
  test_relay_host_shape_free(&shape_back);

  relay_string_t opt_back;
  note("option-none", !test_relay_host_echo_option(NULL, &opt_back));
  note("option-some", test_relay_host_echo_option(&s, &opt_back) && opt_back.len == 6);
  relay_string_free(&opt_back);

  test_relay_host_result_u64_string_t r = {.is_err = false, .val.ok = 18446744073709551615ull};
  uint64_t ok;
  relay_string_t err;
  note("result-ok", test_relay_host_echo_result(&r, &ok, &err) && ok == 18446744073709551615ull);
  r.is_err = true;
  relay_string_set(&r.val.err, "no");
  note("result-err", !test_relay_host_echo_result(&r, &ok, &err) && err.len == 2 && memcmp(err.ptr, "no", 2) == 0);
  relay_string_free(&err);

  test_relay_host_tuple3_color_perms_s64_t t = {TEST_RELAY_HOST_COLOR_GREEN, TEST_RELAY_HOST_PERMS_READ | TEST_RELAY_HOST_PERMS_WRITE, -5}, t_back;
  test_relay_host_echo_tuple(&t, &t_back);
  note("tuple", t_back.f0 == TEST_RELAY_HOST_COLOR_GREEN && t_back.f1 == 3 && t_back.f2 == -5);

  double sum = test_relay_host_sum17(1, -2, 3, -4, 0.5f, 0.25, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100);
  note("sum17", sum == 1 - 2 + 3 - 4 + 0.5 + 0.25 + 10 + 100);

  relay_log(&s);
  relay_string_dup(ret, report);
}

double exports_relay_wide(uint8_t a, int16_t b, uint32_t c, int64_t d, float e, double f, uint8_t g, uint8_t h, uint8_t i, uint8_t j, uint8_t k, uint8_t l, uint8_t m, uint8_t n, uint8_t o, uint8_t p, double q) {
  return a + b + c + d + e + f + g + h + i + j + k + l + m + n + o + p + q;
}
`;

let remove = () => {};
let out: ToolchainOutput;
const received: unknown[] = [];
let exports: { run(): string; wide(...args: unknown[]): number };

beforeAll(async () => {
  out = await buildC({ 'wit/world.wit': WIT, 'src/relay.c': C }, { cpp: false, flags: ['-O2', '-Wall', '-Werror'], output: 'relay.core.wasm', world: 'relay' }, () => {});
  if (!out.ok) return;
  const seen = <T>(v: T): T => (received.push(v), v);
  const host = {
    echoString: seen,
    echoPoints: seen,
    echoShape: seen,
    echoOption: seen,
    echoResult: (r: { tag: string; val: unknown }) => {
      seen(r);
      if (r.tag === 'err') throw r.val;
      return r.val;
    },
    echoTuple: seen,
    sum17: (...args: (number | bigint)[]) => (seen(args), args.reduce<number>((a, b) => a + Number(b), 0)),
  };
  ({ exports, remove } = await instantiateWithHost<typeof exports>(out.component!, 'relay', { 'test:relay/host': host, log: { default: seen } }));
}, 180_000);

afterAll(() => remove());

describe('C world builds', () => {
  it('builds, and writes the bindings for the project', () => {
    expect(out.diagnostics).toEqual([]);
    expect(out.ok).toBe(true);
    expect(Object.keys(out.generated ?? {})).toEqual(['bindings/relay.h', 'bindings/relay.c']);
    expect(out.steps.map((s) => s.name)).toEqual(['compile src/relay.c', 'compile bindings/relay.c', 'link', 'embed the world and adapt (reactor)']);
  });

  it('calls every import with the values the C code passed, and lifts what the host returned', () => {
    expect(exports.run()).toBe('string:ok list:ok variant:ok variant-string:ok option-none:ok option-some:ok result-ok:ok result-err:ok tuple:ok sum17:ok ');
    // What the host saw, in order: the guest's arguments exactly.
    expect(received).toEqual([
      'héllo',
      [{ x: 1, y: -2 }, { x: 2147483647, y: -2147483648 }],
      { tag: 'circle', val: 1.5 },
      { tag: 'label', val: 'tag' },
      undefined,
      'héllo',
      { tag: 'ok', val: 18446744073709551615n },
      { tag: 'err', val: 'no' },
      ['green', { read: true, write: true }, -5n],
      [1, -2, 3, -4n, 0.5, 0.25, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100],
      'héllo',
    ]);
  });

  it('an export of more than 16 flat parameters reads them from memory', () => {
    expect(exports.wide(1, -2, 3, -4n, 0.5, 0.25, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 100)).toBe(1 - 2 + 3 - 4 + 0.5 + 0.25 + 10 + 100);
  });

  it('a type the generator does not support is an error on its WIT line, and nothing is built', async () => {
    // Resources are generated, imported or exported; not those of an interface imported and exported both.
    const wit = 'package test:res;\n\ninterface files {\n  resource file { read: func() -> string; }\n  open: func(path: string) -> file;\n}\n\nworld w {\n  import files;\n  export files;\n  export go: func();\n}\n';
    const bad = await buildC({ 'wit/world.wit': wit, 'src/w.c': '#include "w.h"\nvoid exports_w_go(void) {}\n' }, { cpp: false, flags: [], output: 'w.wasm', world: 'w' }, () => {});
    expect(bad.ok).toBe(false);
    expect(bad.component).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.file, d.line, d.severity])).toEqual([
      ['wit/world.wit', 4, 'error'],
      ['wit/world.wit', 4, 'error'],
      ['wit/world.wit', 5, 'error'],
    ]);
    expect(bad.diagnostics[0]!.message).toMatch(/resources of an interface the world both imports and exports are not supported/);
  }, 60_000);

  it('a world exporting wasi:cli/run builds with the vendored WASI WIT; the module itself exports run', async () => {
    const main = '#include <stdio.h>\n#include "cmd.h"\nbool exports_wasi_cli_run_run(void) { puts("hi"); return true; }\n';
    const cmd = await buildC({ 'wit/world.wit': 'package t:cmd;\nworld cmd { export wasi:cli/run@0.2.12; }\n', 'src/main.c': main }, { cpp: false, flags: ['-Wall', '-Werror'], output: 'cmd.wasm', world: 'cmd' }, () => {});
    expect(cmd.diagnostics).toEqual([]);
    const { componentWit } = await import('@bytecodealliance/jco');
    const wit = await componentWit(cmd.component!);
    expect(wit).toMatch(/export wasi:cli\/run@0\.2\.12;/);
    expect(wit).toMatch(/import wasi:cli\/stdout@0\.2\.12;/);
  }, 60_000);

  it('an export the sources do not define is located on its declaration in the generated header', async () => {
    const wit = 'package t:c;\nworld calc {\n  export add: func(a: s32, b: s32) -> s32;\n  export sub: func(a: s32, b: s32) -> s32;\n}\n';
    const main = '#include "calc.h"\nint32_t exports_calc_add(int32_t a, int32_t b) { return a + b; }\n';
    const bad = await buildC({ 'wit/world.wit': wit, 'src/main.c': main }, { cpp: false, flags: [], output: 'calc.wasm', world: 'calc' }, () => {});
    expect(bad.ok).toBe(false);
    const header = bad.generated!['bindings/calc.h']!.split('\n');
    expect(bad.diagnostics).toHaveLength(1);
    const [d] = bad.diagnostics;
    expect(d).toMatchObject({ file: 'bindings/calc.h', column: 1, severity: 'error' });
    expect(header[d!.line - 1]).toBe('int32_t exports_calc_sub(int32_t a, int32_t b);');
    expect(d!.message).toBe('the world exports this function, and no source defines it: implement `int32_t exports_calc_sub(int32_t a, int32_t b)`');
  }, 60_000);

  it('a rebuild with unchanged WIT reuses the compiled glue, and an edit of the WIT compiles it again', async () => {
    const main = '#include "w.h"\nint32_t exports_w_f(void) { return 1; }\n';
    const build = (wit: string, src: string) => buildC({ 'wit/world.wit': wit, 'src/main.c': src }, { cpp: false, flags: [], output: 'w.wasm', world: 'w' }, () => {});
    const wit = 'package t:w;\nworld w { export f: func() -> s32; }\n';
    await build(wit, main);
    const again = await build(wit, main.replace('return 1', 'return 2'));
    expect(again.steps.map((s) => s.name)).toContain('reuse bindings/w.c (bindings unchanged)');
    const changed = await build(wit.replace('-> s32', '-> s64'), main.replace('int32_t', 'int64_t'));
    expect(changed.ok).toBe(true);
    expect(changed.steps.map((s) => s.name)).toContain('compile bindings/w.c');
  }, 120_000);
});
