// Imported resources through the generated C bindings, against a JS host in Node: the C guest
// constructs, borrows, moves and drops handles of a host resource, in parameters, results, a
// list of borrows, a record, an option, a result and a tuple, and the host checks what it
// received and which of its objects the guest dropped, not only what the guest reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildC } from './c';
import { instantiateWithHost } from './host-instance';
import type { ToolchainOutput } from './types';

const WIT = `package test:res@0.1.0;

interface counters {
  resource counter {
    constructor(start: u32);
    add: func(n: u32) -> u32;
    merge: static func(a: counter, b: borrow<counter>) -> counter;
  }
  record holder { c: counter, label: string }
  total: func(all: list<borrow<counter>>) -> u32;
  keep: func(h: holder) -> option<counter>;
  pick: func(r: result<counter, u32>) -> tuple<counter, u32>;
}

world user {
  import counters;
  export run: func() -> string;
}
`;

const C = `#include <stdio.h>
#include "user.h"

static char report[256];
static size_t used;
static void note(const char *what, int ok) {
  used += snprintf(report + used, sizeof report - used, "%s:%s ", what, ok ? "ok" : "BAD");
}

static uint32_t value(test_res_counters_own_counter_t c) {
  return test_res_counters_method_counter_add(test_res_counters_borrow_counter(c), 0);
}

void exports_user_run(user_string_t *ret) {
  test_res_counters_own_counter_t a = test_res_counters_constructor_counter(10);
  test_res_counters_own_counter_t b = test_res_counters_constructor_counter(5);
  note("method", test_res_counters_method_counter_add(test_res_counters_borrow_counter(a), 1) == 11);
  // a moves to the host; b is only lent.
  test_res_counters_own_counter_t m = test_res_counters_static_counter_merge(a, test_res_counters_borrow_counter(b));
  note("static", value(m) == 16);

  test_res_counters_borrow_counter_t both[2] = {test_res_counters_borrow_counter(m), test_res_counters_borrow_counter(b)};
  test_res_counters_list_borrow_counter_t list = {both, 2};
  note("list", test_res_counters_total(&list) == 21);

  test_res_counters_holder_t h = {.c = b};
  user_string_set(&h.label, "held");
  test_res_counters_own_counter_t back;
  note("record-option", test_res_counters_keep(&h, &back) && value(back) == 5);

  test_res_counters_result_own_counter_u32_t r = {.is_err = false, .val.ok = back};
  test_res_counters_tuple2_own_counter_u32_t t;
  test_res_counters_pick(&r, &t);
  note("result-tuple", value(t.f0) == 5 && t.f1 == 7);

  test_res_counters_counter_drop_own(t.f0);
  test_res_counters_counter_drop_own(m);
  user_string_dup(ret, report);
}
`;

let remove = () => {};
let out: ToolchainOutput;
const received: unknown[] = [];
const dropped: number[] = [];
let exports: { run(): string };

beforeAll(async () => {
  out = await buildC({ 'wit/world.wit': WIT, 'src/user.c': C }, { cpp: false, flags: ['-O2', '-Wall', '-Werror'], output: 'user.core.wasm', world: 'user' }, () => {});
  if (!out.ok) return;
  const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
  class Counter {
    constructor(public n: number) {}
    add(k: number) {
      return (this.n += k);
    }
    static merge(a: Counter, b: Counter) {
      received.push(['merge', a.n, b.n]);
      return new Counter(a.n + b.n);
    }
    [dispose]() {
      dropped.push(this.n);
    }
  }
  const host = {
    Counter,
    total: (all: Counter[]) => (received.push(['total', all.map((c) => c.n)]), all.reduce((s, c) => s + c.n, 0)),
    keep: (h: { c: Counter; label: string }) => (received.push(['keep', h.c.n, h.label]), h.c),
    pick: (r: { tag: string; val: Counter }) => (received.push(['pick', r.tag, r.val.n]), [r.val, 7]),
  };
  ({ exports, remove } = await instantiateWithHost<typeof exports>(out.component!, 'user', { 'test:res/counters': host }));
}, 180_000);

afterAll(() => remove());

describe('imported resources in a C world', () => {
  it('builds', () => {
    expect(out.diagnostics).toEqual([]);
    expect(out.ok).toBe(true);
  });

  it('constructs, calls methods and statics, and passes handles in every position', () => {
    expect(exports.run()).toBe('method:ok static:ok list:ok record-option:ok result-tuple:ok ');
    // The host saw its own objects: the merged pair, the list of borrows, the record, the result.
    expect(received).toEqual([
      ['merge', 11, 5],
      ['total', [16, 5]],
      ['keep', 5, 'held'],
      ['pick', 'ok', 5],
    ]);
  });

  it('the handles the guest dropped are the ones the host is told about, in order', () => {
    expect(dropped).toEqual([5, 16]);
  });
});

const EXPORT_WIT = `package test:res@0.1.0;

interface tally {
  resource counter {
    constructor(start: u32);
    add: func(n: u32) -> u32;
    merge: static func(a: counter, b: borrow<counter>) -> counter;
  }
}

world owner {
  export tally;
  export live: func() -> u32;
}
`;

const EXPORT_C = `#include <stdlib.h>
#include "owner.h"

struct exports_test_res_tally_counter_t {
  uint32_t n;
};

static uint32_t live;

exports_test_res_tally_own_counter_t exports_test_res_tally_constructor_counter(uint32_t start) {
  exports_test_res_tally_counter_t *c = malloc(sizeof *c);
  c->n = start;
  live++;
  return exports_test_res_tally_counter_new(c);
}

uint32_t exports_test_res_tally_method_counter_add(exports_test_res_tally_borrow_counter_t self, uint32_t n) {
  return self->n += n;
}

exports_test_res_tally_own_counter_t exports_test_res_tally_static_counter_merge(exports_test_res_tally_own_counter_t a, exports_test_res_tally_borrow_counter_t b) {
  uint32_t sum = exports_test_res_tally_counter_rep(a)->n + b->n;
  exports_test_res_tally_counter_drop_own(a);
  return exports_test_res_tally_constructor_counter(sum);
}

void exports_test_res_tally_counter_destructor(exports_test_res_tally_counter_t *rep) {
  live--;
  free(rep);
}

uint32_t exports_owner_live(void) {
  return live;
}
`;

interface CounterClass {
  new (start: number): { add(n: number): number; [Symbol.dispose](): void };
  merge(a: InstanceType<CounterClass>, b: InstanceType<CounterClass>): InstanceType<CounterClass>;
}

describe('exported resources in a C world', () => {
  let built: ToolchainOutput;
  let owner: { tally: { Counter: CounterClass }; live(): number };
  let removeOwner = () => {};
  beforeAll(async () => {
    built = await buildC({ 'wit/world.wit': EXPORT_WIT, 'src/owner.c': EXPORT_C }, { cpp: false, flags: ['-O2', '-Wall', '-Werror'], output: 'owner.core.wasm', world: 'owner' }, () => {});
    if (built.ok) ({ exports: owner, remove: removeOwner } = await instantiateWithHost<typeof owner>(built.component!, 'owner', {}));
  }, 180_000);
  afterAll(() => removeOwner());

  it('builds', () => {
    expect(built.diagnostics).toEqual([]);
    expect(built.ok).toBe(true);
  });

  it('a host constructs, calls and drops the guest\'s resource; the guest\'s destructor runs for each drop', () => {
    const dispose = (Symbol as { dispose?: symbol }).dispose ?? Symbol.for('dispose');
    const { Counter } = owner.tally;
    const a = new Counter(10);
    const b = new Counter(5);
    expect(a.add(1)).toBe(11);
    expect(owner.live()).toBe(2);
    // merge takes a (the guest drops it) and borrows b.
    const m = Counter.merge(a, b);
    expect(m.add(0)).toBe(16);
    expect(owner.live()).toBe(2);
    (m as unknown as Record<symbol, () => void>)[dispose]!();
    (b as unknown as Record<symbol, () => void>)[dispose]!();
    expect(owner.live()).toBe(0);
  });
});
