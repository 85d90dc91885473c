import { describe, expect, it } from 'vitest';
import { worldItems, worldName } from './world-items';

// As jco's componentWit prints a component's world.
const wit = `package root:component;

world root {
  import wasi:cli/environment@0.2.3;
  import wasi:io/streams@0.2.3;
  import log: func(msg: string);
  /// an inline interface
  export api: interface {
    f: func() -> u8;
  }
  export greet: func(name: string,
                     times: u32) -> string;
  export wasi:cli/run@0.2.3;
}
`;

describe('worldItems and worldName', () => {
  it('lists imports and exports as written, one line each', () => {
    expect(worldItems(wit, 'import')).toEqual(['wasi:cli/environment@0.2.3', 'wasi:io/streams@0.2.3', 'log: func(msg: string)']);
    expect(worldItems(wit, 'export')).toEqual(['api: interface', 'greet: func(name: string, times: u32) -> string', 'wasi:cli/run@0.2.3']);
    expect(worldName(wit)).toBe('root');
  });

  it('ignores what only looks like an item: comments and names inside other items', () => {
    const text = 'package a:b;\n// import x:y/z;\ninterface i { export: func(); }\nworld %w { export f: func(); }\n';
    expect(worldItems(text, 'import')).toEqual([]);
    expect(worldItems(text, 'export')).toEqual(['f: func()']);
    expect(worldName(text)).toBe('w');
  });

  it('has nothing to say about text without a world', () => {
    expect(worldName('package a:b;\ninterface i {}\n')).toBeUndefined();
    expect(worldItems('', 'import')).toEqual([]);
  });
});
