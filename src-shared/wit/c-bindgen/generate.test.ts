// The generated header's text for each kind of type and function shape, against wit-bindgen's C
// conventions. The generated code is compiled and run with the real clang in
// src-main/toolchains/c-world.test.ts (imports) and src-main/cli/call-roundtrip-c.test.ts (exports).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
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
      '  flags many { ' + Array.from({ length: 33 }, (_, i) => `x${i}`).join(', ') + ' }',
      '  later: async func();',
      '  fine: func() -> u8;',
      '}',
      'interface mine {',
      '  resource blob { read: func() -> u8; }',
      '  get: func() -> blob;',
      '}',
      'world w { import io; import mine; export mine; }',
      '',
    ].join('\n');
    const out = gen(wit);
    const both = 'resources of an interface the world both imports and exports are not supported by the C bindings generator yet';
    expect(out.problems.map((p) => [p.file, p.line, p.message])).toEqual([
      ['wit/world.wit', 3, '`many`: flags of more than 32 are not supported by the C bindings generator yet'],
      ['wit/world.wit', 4, '`later`: async functions are not supported by the C bindings generator yet'],
      ['wit/world.wit', 8, `\`blob\`: ${both}`],
      ['wit/world.wit', 8, `\`read\`: ${both}`],
      ['wit/world.wit', 9, `\`get\`: ${both}`],
    ]);
    expect(out.header).toContain('extern uint8_t t_u_io_fine(void);');
    expect(out.header).not.toContain('t_u_mine_get');
  });

  describe('imported resources, as wit-bindgen names them', () => {
    const res = gen(`package t:res@0.1.0;
interface store {
  resource blob {
    constructor(init: list<u8>);
    read: func(n: u32) -> result<list<u8>, string>;
    merge: static func(a: blob, b: borrow<blob>) -> blob;
  }
  type other = blob;
  record pair { a: blob, b: option<borrow<blob>> }
  variant v { none, one(blob) }
  take: func(all: list<blob>, p: pair, t: tuple<blob, u8>, v: v) -> option<blob>;
}
interface user {
  use store.{blob};
  keep: func(b: blob) -> result<blob, string>;
}
world w { import user; use store.{blob}; export run: func(b: borrow<blob>) -> blob; }
`);

    it('generates them without a problem', () => expect(res.problems).toEqual([]));

    it('declares own and borrow handles, the helpers to drop and to borrow, and typedefs where another name uses them', () => {
      expect(res.header).toContain('typedef struct t_res_store_own_blob_t {\n  int32_t __handle;\n} t_res_store_own_blob_t;');
      expect(res.header).toContain('typedef struct t_res_store_borrow_blob_t {\n  int32_t __handle;\n} t_res_store_borrow_blob_t;');
      expect(res.header).toContain('extern void t_res_store_blob_drop_own(t_res_store_own_blob_t handle);');
      expect(res.header).toContain('extern void t_res_store_blob_drop_borrow(t_res_store_borrow_blob_t handle);');
      expect(res.header).toContain('extern t_res_store_borrow_blob_t t_res_store_borrow_blob(t_res_store_own_blob_t handle);');
      // An alias, a using interface and the world each know the handles by their own names.
      expect(res.header).toContain('typedef t_res_store_own_blob_t t_res_store_own_other_t;');
      expect(res.header).toContain('typedef t_res_store_own_blob_t t_res_user_own_blob_t;');
      expect(res.header).toContain('typedef t_res_store_borrow_blob_t w_borrow_blob_t;');
      expect(res.glue).toContain('__attribute__((__import_module__("t:res/store@0.1.0"), __import_name__("[resource-drop]blob")))');
      expect(res.glue).toContain('  __wasm_import_t_res_store_blob_drop(handle.__handle);');
    });

    it('names methods, constructors and statics <ns>_method_<r>_<name>, <ns>_constructor_<r>, <ns>_static_<r>_<name>', () => {
      expect(res.header).toContain('extern t_res_store_own_blob_t t_res_store_constructor_blob(w_list_u8_t *init);');
      expect(res.header).toContain('extern bool t_res_store_method_blob_read(t_res_store_borrow_blob_t self, uint32_t n, w_list_u8_t *ret, w_string_t *err);');
      expect(res.header).toContain('extern t_res_store_own_blob_t t_res_store_static_blob_merge(t_res_store_own_blob_t a, t_res_store_borrow_blob_t b);');
      for (const name of ['[constructor]blob', '[method]blob.read', '[static]blob.merge']) {
        expect(res.glue).toContain(`__attribute__((__import_module__("t:res/store@0.1.0"), __import_name__("${name}")))`);
      }
    });

    it('passes handles inside records, variants, options, results, lists and tuples, and to and from exports', () => {
      expect(res.header).toContain('typedef struct t_res_store_pair_t {\n  t_res_store_own_blob_t a;\n  t_res_store_option_borrow_blob_t b;\n} t_res_store_pair_t;');
      expect(res.header).toContain('typedef struct t_res_store_v_t {\n  uint8_t tag;\n  union {\n    t_res_store_own_blob_t one;\n  } val;\n} t_res_store_v_t;');
      expect(res.header).toContain(
        'extern bool t_res_store_take(t_res_store_list_own_blob_t *all, t_res_store_pair_t *p, t_res_store_tuple2_own_blob_u8_t *t, t_res_store_v_t *v, t_res_store_own_blob_t *ret);',
      );
      expect(res.header).toContain('extern bool t_res_user_keep(t_res_user_own_blob_t b, t_res_user_own_blob_t *ret, w_string_t *err);');
      expect(res.header).toContain('w_own_blob_t exports_w_run(w_borrow_blob_t b);');
      // A handle is its table index, in both directions.
      expect(res.glue).toContain('__p0 = (w_borrow_blob_t) { arg0 };');
      expect(res.glue).toContain('__ret0 = (__r).__handle;');
      expect(res.glue).toContain('__r = (t_res_store_own_blob_t) { __ret0 };');
    });
  });

  it('a resource of an inline interface is named after the interface\'s name, and dropped in its module', () => {
    const out = gen('package t:i;\nworld w {\n  import files: interface {\n    resource file { size: func() -> u64; }\n  }\n}\n');
    expect(out.problems).toEqual([]);
    expect(out.header).toContain('extern uint64_t files_method_file_size(files_borrow_file_t self);');
    expect(out.glue).toContain('__attribute__((__import_module__("files"), __import_name__("[resource-drop]file")))');
  });

  it('an exported resource: the guest defines its struct and destructor, makes handles with _new, reads them with _rep, and a borrow is a pointer', () => {
    const out = gen(`package test:res@0.1.0;
interface tally {
  resource counter {
    constructor(start: u32);
    add: func(n: u32) -> u32;
    merge: static func(a: counter, b: borrow<counter>) -> counter;
  }
}
world owner { export tally; }
`);
    expect(out.problems).toEqual([]);
    expect(out.header).toContain(
      'typedef struct exports_test_res_tally_own_counter_t {\n  int32_t __handle;\n} exports_test_res_tally_own_counter_t;\n\ntypedef struct exports_test_res_tally_counter_t exports_test_res_tally_counter_t;\n\ntypedef exports_test_res_tally_counter_t* exports_test_res_tally_borrow_counter_t;',
    );
    expect(out.header).toContain('exports_test_res_tally_own_counter_t exports_test_res_tally_constructor_counter(uint32_t start);');
    expect(out.header).toContain('uint32_t exports_test_res_tally_method_counter_add(exports_test_res_tally_borrow_counter_t self, uint32_t n);');
    expect(out.header).toContain('exports_test_res_tally_own_counter_t exports_test_res_tally_static_counter_merge(exports_test_res_tally_own_counter_t a, exports_test_res_tally_borrow_counter_t b);');
    expect(out.header).toContain('extern void exports_test_res_tally_counter_drop_own(exports_test_res_tally_own_counter_t handle);');
    expect(out.header).toContain('extern exports_test_res_tally_own_counter_t exports_test_res_tally_counter_new(exports_test_res_tally_counter_t *rep);');
    expect(out.header).toContain('extern exports_test_res_tally_counter_t* exports_test_res_tally_counter_rep(exports_test_res_tally_own_counter_t handle);');
    expect(out.header).toContain('void exports_test_res_tally_counter_destructor(exports_test_res_tally_counter_t *rep);');
    for (const name of ['resource-drop', 'resource-new', 'resource-rep']) {
      expect(out.glue).toContain(`__attribute__((__import_module__("[export]test:res/tally@0.1.0"), __import_name__("[${name}]counter")))`);
    }
    for (const name of ['[dtor]counter', '[constructor]counter', '[method]counter.add', '[static]counter.merge']) {
      expect(out.glue).toContain(`__attribute__((__export_name__("test:res/tally@0.1.0#${name}")))`);
    }
    expect(out.glue).toContain('__p0 = (exports_test_res_tally_borrow_counter_t) (uintptr_t) arg0;');
  });

  it('wasi:http/proxy\'s handler side: incoming-handler with the types, streams and errors it uses', () => {
    const vendored = ['http', 'io', 'clocks', 'random', 'cli', 'filesystem', 'sockets'].map((p) => ({
      path: `vendored/${p}/package.wit`,
      text: readFileSync(join(__dirname, '../../../wit/wasi', p, 'package.wit'), 'utf8'),
      dependency: true,
    }));
    const out = generateCBindings([{ path: 'wit/world.wit', text: 'package local:h;\nworld handler { export wasi:http/incoming-handler@0.2.12; }\n' }, ...vendored]);
    expect(out.problems).toEqual([]);
    expect(out.header).toContain(
      'void exports_wasi_http_incoming_handler_handle(exports_wasi_http_incoming_handler_own_incoming_request_t request, exports_wasi_http_incoming_handler_own_response_outparam_t response_out);',
    );
    expect(out.header).toContain('typedef wasi_http_types_own_incoming_request_t exports_wasi_http_incoming_handler_own_incoming_request_t;');
    expect(out.header).toContain('typedef wasi_http_types_own_fields_t wasi_http_types_own_headers_t;');
    expect(out.header).toContain('typedef wasi_http_types_field_key_t wasi_http_types_field_name_t;');
    expect(out.header).toContain('extern wasi_http_types_own_headers_t wasi_http_types_method_incoming_request_headers(wasi_http_types_borrow_incoming_request_t self);');
    expect(out.header).toContain('extern bool wasi_http_types_method_incoming_body_stream(wasi_http_types_borrow_incoming_body_t self, wasi_http_types_own_input_stream_t *ret);');
    expect(out.header).toContain(
      'extern bool wasi_io_streams_method_output_stream_blocking_write_and_flush(wasi_io_streams_borrow_output_stream_t self, handler_list_u8_t *contents, wasi_io_streams_stream_error_t *err);',
    );
    expect(out.header).toContain('extern void wasi_http_types_static_response_outparam_set(wasi_http_types_own_response_outparam_t param, wasi_http_types_result_own_outgoing_response_error_code_t *response);');
    expect(out.header).toContain('extern void wasi_io_error_error_drop_own(wasi_io_error_own_error_t handle);');
    expect(out.glue).toContain('__attribute__((__export_name__("wasi:http/incoming-handler@0.2.12#handle")))');
    expect(out.glue).toContain('__attribute__((__import_module__("wasi:io/streams@0.2.12"), __import_name__("[method]output-stream.blocking-write-and-flush")))');
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
