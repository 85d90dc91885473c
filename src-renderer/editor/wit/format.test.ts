import { describe, expect, it } from 'vitest';
import everything from '../../../src-shared/wit/fixtures/syntax-everything.wit?raw';
import { formatWit } from './format';
import { parseWit } from '../../../src-shared/wit/parser';
import { WASI_WIT } from './wasi';

const messy = [
  'package   wasi:demo@0.2.12 ;   ',
  '// header comment   ',
  'interface   streams{',
  'use wasi:io/poll@0.2.12.{ pollable , other as x } ;',
  '  /// doc   ',
  '      record r{a:u32,b : list< u8 >,c:result<_,string>}',
  '',
  '',
  '',
  '  read:func( len:u64 )->result< list<u8> , stream-error >;',
  ' f : async func ( ) ;',
  '  resource  blob {',
  '',
  '  constructor ( init : list<u8> ) ;',
  '  m : static func(a:borrow<blob>) -> blob ;   // trailing',
  '',
  '  }',
  '\t@since( version=0.2.0 )',
  '  type   t=  tuple<u32,u32> ;',
  '  enum e { a , b , }',
  '}',
  'world w {',
  '  import x:func();',
  '  include a:b/c@1.0.0 with {a as b,c as d}',
  '  import y : wasi:http/handler@0.2.0 ;',
  '  import wasi:cli/run@0.2.0;',
  '  export f: func(',
  '  a: u32,',
  '      b: u32,',
  '  ) -> u32;',
  '}',
  '',
  '',
].join('\r\n');

const expected = `package wasi:demo@0.2.12;
// header comment
interface streams {
    use wasi:io/poll@0.2.12.{pollable, other as x};
    /// doc
    record r { a: u32, b: list<u8>, c: result<_, string> }

    read: func(len: u64) -> result<list<u8>, stream-error>;
    f: async func();
    resource blob {
        constructor(init: list<u8>);
        m: static func(a: borrow<blob>) -> blob; // trailing
    }
    @since(version = 0.2.0)
    type t = tuple<u32, u32>;
    enum e { a, b, }
}
world w {
    import x: func();
    include a:b/c@1.0.0 with { a as b, c as d }
    import y: wasi:http/handler@0.2.0;
    import wasi:cli/run@0.2.0;
    export f: func(
        a: u32,
        b: u32,
    ) -> u32;
}
`;

describe('formatWit', () => {
  it('normalizes indentation, spacing, blank lines and trailing whitespace', () => {
    expect(formatWit(messy)).toBe(expected);
  });

  it('is idempotent', () => {
    expect(formatWit(expected)).toBe(expected);
    for (const { path, text } of WASI_WIT) {
      const once = formatWit(text);
      expect(formatWit(once), path).toBe(once);
    }
    const once = formatWit(everything);
    expect(formatWit(once)).toBe(once);
  });

  it('leaves already formatted WIT unchanged (fixture and WASI io)', () => {
    expect(formatWit(everything)).toBe(everything);
    const io = WASI_WIT.find((f) => f.path === 'wasi/io/package.wit')!.text;
    expect(formatWit(io)).toBe(io);
  });

  it('re-indents two-space WIT to four spaces without changing its meaning', () => {
    for (const { path, text } of WASI_WIT) {
      const formatted = formatWit(text);
      expect(formatted.split('\n').every((l) => /^( {4})*(\S.*)?$/.test(l)), path).toBe(true);
      const before = parseWit(text);
      const after = parseWit(formatted);
      expect(after.errors, path).toEqual([]);
      expect(after.items.map((d) => `${d.kind} ${d.container} ${d.name}`)).toEqual(before.items.map((d) => `${d.kind} ${d.container} ${d.name}`));
    }
    const cli = formatWit(WASI_WIT.find((f) => f.path === 'wasi/cli/package.wit')!.text);
    expect(cli).toContain('world command {\n    include imports;\n    export run;\n}');
  });

  it('preserves doc comments and block comments', () => {
    const src = 'interface i {\n/// Docs  \n  ///   indented doc\n/* keep\n   this   \n*/\nf: func();\n}';
    expect(formatWit(src)).toBe('interface i {\n    /// Docs\n    ///   indented doc\n    /* keep\n   this\n*/\n    f: func();\n}\n');
  });

  it('keeps package paths tight but spaces label colons', () => {
    expect(formatWit('package a:b:c/d@1.0.0;\nworld w { import a:b/c; import x:y; include p:q/r; }\n')).toBe(
      'package a:b:c/d@1.0.0;\nworld w { import a:b/c; import x:y; include p:q/r; }\n',
    );
    expect(formatWit('interface i { record r { a:b } f:func(a:b); }')).toBe('interface i { record r { a: b } f: func(a: b); }\n');
  });

  it('formats text with syntax errors without losing tokens', () => {
    const src = 'interface i {\n  f: func(a: u32 -> ;\n  $$ junk\n';
    const out = formatWit(src);
    expect(out).toBe('interface i {\n    f: func(a: u32 ->;\n        $$ junk\n');
    expect(formatWit(out)).toBe(out);
    expect(formatWit('')).toBe('');
  });
});
