// The calls round trip (roundtrip-harness.ts) through a C guest of the inlineall world
// (src-shared/wit/fixtures/inlineall/echo.c), written against the bindings the studio generates
// in wit-bindgen's C conventions: the proof that the generated canonical ABI glue is right, in
// both engines. C holds 64-bit integers exactly, so their extremes are added to the cases.
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES, describeRoundTrip, fixtures } from './roundtrip-harness';

const EXTREMES: typeof CASES = [
  ['echo-s64', ['9223372036854775807']],
  ['echo-s64', ['-9223372036854775808']],
  ['echo-u64', ['18446744073709551615']],
  ['echo-list-u64', ['[0, 18446744073709551615]']],
  ['many', ['255', '""', 'some(18446744073709551615)'], '(255, "", some(18446744073709551615))'],
  ['echo-f64', ['-0']],
  ['echo-f32', ['-inf']],
  ['echo-result', ['ok(4294967295)']],
  ['echo-option', ['none']],
  ['echo-option-option', ['some(some(7))']],
  ['echo-nested-result', ['ok(some(9))'], '[ok(some(9))]'],
  ['api.echo-shapes', ['[]']],
  ['api.echo-shape', ['circle(-1.5)']],
  ['api.echo-option-shape', ['none']],
];

describeRoundTrip(
  'calls round trip in both engines through a C component',
  (dir) => {
    cpSync(join(fixtures, 'echo.c'), join(dir, 'src', 'echo.c'));
    writeFileSync(join(dir, 'studio.json'), JSON.stringify({ name: 'inlineall', language: 'c', world: 'inlineall', build: { flags: ['-O2', '-Wall', '-Werror'] } }, null, 2) + '\n');
  },
  [...CASES, ...EXTREMES],
  180_000,
);
