// The generated header's text for each kind of type and function shape, against wit-bindgen's C
// conventions. The generated code is compiled and run with the real clang in
// src-main/toolchains/c-world.test.ts (imports) and src-main/cli/call-roundtrip-c.test.ts (exports).
import { describe, expect, it } from 'vitest';
import { BindgenError, generateCBindings } from '.';

const WIT = `package test:calc@0.1.0;

interface types {
  record point { x: s32, y: s32, ret: bool }
  variant shape { dot, circle(f64), rect(point), label(string) }
  enum color { red, green-blue }
  flags perms { read, write, exec-all }
  type meters = f64;
  type names = list<string>;
}

interface ops {
  use types.{point, shape};
  move: func(p: point, by: tuple<s32, s32>) -> point;
  area: func(s: shape) -> f64;
  find: func(name: string, class: option<u32>) -> option<point>;
  parse: func(text: string) -> result<f64, string>;
  check: func(text: string) -> result<_, string>;
  ok: func() -> result;
  names: func() -> list<string>;
}

world calc {
  import ops;
  import log: func(msg: string);
  export ops;
  export greet: func(name: string) -> string;
  export add: func(a: s32, b: s32) -> s32;
}
`;

const gen = (wit: string, world?: string) => generateCBindings([{ path: 'wit/world.wit', text: wit }], world);

describe('C bindings', () => {
  const b = gen(WIT);

  it('names the files after the world and reports no problem', () => {
    expect(b.name).toBe('calc');
    expect(b.problems).toEqual([]);
    expect(b.header).toContain('#ifndef __BINDINGS_CALC_H');
    expect(b.glue).toContain('#include "calc.h"');
  });

  it('declares strings, records, variants, enums, flags and aliases as wit-bindgen does', () => {
    expect(b.header).toContain('typedef struct calc_string_t {\n  uint8_t *ptr;\n  size_t len;\n} calc_string_t;');
    // Keywords and the names of flattened return pointers are escaped.
    expect(b.header).toContain('typedef struct test_calc_types_point_t {\n  int32_t x;\n  int32_t y;\n  bool ret_;\n} test_calc_types_point_t;');
    expect(b.header).toContain(
      'typedef struct test_calc_types_shape_t {\n  uint8_t tag;\n  union {\n    double circle;\n    test_calc_types_point_t rect;\n    calc_string_t label;\n  } val;\n} test_calc_types_shape_t;\n#define TEST_CALC_TYPES_SHAPE_DOT 0\n#define TEST_CALC_TYPES_SHAPE_CIRCLE 1',
    );
    expect(b.header).toContain('typedef uint8_t test_calc_types_color_t;\n#define TEST_CALC_TYPES_COLOR_RED 0\n#define TEST_CALC_TYPES_COLOR_GREEN_BLUE 1');
    expect(b.header).toContain('typedef uint8_t test_calc_types_perms_t;\n#define TEST_CALC_TYPES_PERMS_READ (1 << 0)\n#define TEST_CALC_TYPES_PERMS_WRITE (1 << 1)\n#define TEST_CALC_TYPES_PERMS_EXEC_ALL (1 << 2)');
    expect(b.header).toContain('typedef double test_calc_types_meters_t;');
    // Anonymous types of primitives are the world's; an alias names one.
    expect(b.header).toContain('typedef struct calc_list_string_t {\n  calc_string_t *ptr;\n  size_t len;\n} calc_list_string_t;');
    expect(b.header).toContain('typedef calc_list_string_t test_calc_types_names_t;');
    // A `use`d type is also known under the using interface's prefix.
    expect(b.header).toContain('typedef test_calc_types_point_t test_calc_ops_point_t;');
  });

  it('declares imports as <ns>_<pkg>_<iface>_<name> and <world>_<name>, flattening options and results', () => {
    expect(b.header).toContain('extern void test_calc_ops_move(test_calc_types_point_t *p, calc_tuple2_s32_s32_t *by, test_calc_types_point_t *ret);');
    expect(b.header).toContain('extern double test_calc_ops_area(test_calc_types_shape_t *s);');
    expect(b.header).toContain('extern bool test_calc_ops_find(calc_string_t *name, uint32_t *maybe_class_, test_calc_types_point_t *ret);');
    expect(b.header).toContain('extern bool test_calc_ops_parse(calc_string_t *text, double *ret, calc_string_t *err);');
    expect(b.header).toContain('extern bool test_calc_ops_check(calc_string_t *text, calc_string_t *err);');
    expect(b.header).toContain('extern bool test_calc_ops_ok(void);');
    expect(b.header).toContain('extern void test_calc_ops_names(calc_list_string_t *ret);');
    expect(b.header).toContain('extern void calc_log(calc_string_t *msg);');
    expect(b.glue).toContain('__attribute__((__import_module__("test:calc/ops@0.1.0"), __import_name__("find")))');
    expect(b.glue).toContain('__attribute__((__import_module__("$root"), __import_name__("log")))');
  });

  it('declares exports as exports_<world>_<name> and exports_<ns>_<pkg>_<iface>_<name>, with post-return where the result owns memory', () => {
    expect(b.header).toContain('bool exports_test_calc_ops_parse(calc_string_t *text, double *ret, calc_string_t *err);');
    expect(b.header).toContain('void exports_calc_greet(calc_string_t *name, calc_string_t *ret);');
    expect(b.header).toContain('int32_t exports_calc_add(int32_t a, int32_t b);');
    expect(b.glue).toContain('__attribute__((__export_name__("test:calc/ops@0.1.0#parse")))');
    expect(b.glue).toContain('__attribute__((__weak__, __export_name__("cabi_post_greet")))');
    expect(b.glue).not.toContain('cabi_post_add');
    expect(b.glue).toContain('__attribute__((__weak__, __export_name__("cabi_realloc")))');
    // The helpers of wit-bindgen: strings, and a _free for every type that owns memory.
    expect(b.header).toContain('void calc_string_dup(calc_string_t *ret, const char *s);');
    expect(b.header).toContain('void test_calc_types_shape_free(test_calc_types_shape_t *ptr);');
    expect(b.header).not.toContain('test_calc_types_point_free');
  });

  it('puts the version into the prefix only when the package is there in several versions', () => {
    const two = gen(
      'package a:b@1.0.0;\ninterface i { f: func(); }\nworld w { import i; import a:b/i@2.0.0; }\n' + '\npackage a:b@2.0.0 { interface i { g: func(); } }\n',
    );
    expect(two.problems).toEqual([]);
    expect(two.header).toContain('extern void a_b_1_0_0_i_f(void);');
    expect(two.header).toContain('extern void a_b_2_0_0_i_g(void);');
  });

  it('reports what it cannot generate on its WIT line, and generates nothing for it', () => {
    const wit = [
      'package t:u;',
      'interface io {',
      '  resource blob { read: func() -> u8; }',
      '  get: func() -> blob;',
      '  flags many { ' + Array.from({ length: 33 }, (_, i) => `x${i}`).join(', ') + ' }',
      '  later: async func();',
      '  fine: func() -> u8;',
      '}',
      'world w { import io; }',
      '',
    ].join('\n');
    const out = gen(wit);
    expect(out.problems.map((p) => [p.file, p.line])).toEqual([
      ['wit/world.wit', 3],
      ['wit/world.wit', 5],
      ['wit/world.wit', 3],
      ['wit/world.wit', 4],
      ['wit/world.wit', 6],
    ]);
    expect(out.problems.map((p) => p.message).join('\n')).toMatch(/resource[\s\S]*flags of more than 32[\s\S]*async functions/);
    expect(out.header).toContain('extern uint8_t t_u_io_fine(void);');
    expect(out.header).not.toContain('t_u_io_get');
  });

  it('a command world exports wasi:cli/run, named from its package', () => {
    const cli = 'package wasi:cli@0.2.12;\ninterface run { run: func() -> result; }\n';
    const out = generateCBindings([
      { path: 'wit/world.wit', text: 'package t:cmd;\nworld cmd { export wasi:cli/run@0.2.12; }\n' },
      { path: 'vendored/cli/run.wit', text: cli, dependency: true },
    ]);
    expect(out.problems).toEqual([]);
    expect(out.header).toContain('bool exports_wasi_cli_run_run(void);');
    // What the command printed is flushed when run returns, as exit would have.
    expect(out.glue).toMatch(/exports_wasi_cli_run_run\(\);\n\s*fflush\(NULL\);/);
  });

  it('a missing world, or WIT with a syntax error, is an error rather than bindings', () => {
    expect(() => gen(WIT, 'nope')).toThrow(BindgenError);
    expect(() => gen('package a:b;\nworld w { export f: func( }\n')).toThrow(/wit\/world.wit:2:/);
  });
});
