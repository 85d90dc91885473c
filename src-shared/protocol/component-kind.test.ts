import { describe, expect, it } from 'vitest';
import { componentKind, isCommand } from './component-kind';

describe('componentKind', () => {
  it('reads a component\'s kind from its exports, at any version', () => {
    expect(componentKind(['wasi:cli/run@0.2.3'])).toBe('command');
    // A command that also serves is run as a command.
    expect(componentKind(['wasi:http/incoming-handler@0.2.10', 'wasi:cli/run@0.2.3'])).toBe('command');
    expect(componentKind(['wasi:http/incoming-handler@0.2.10'])).toBe('http-handler');
    expect(componentKind(['wasi:http/incoming-handler'])).toBe('http-handler');
    expect(componentKind(['greet', 'docs:calc/ops@1.0.0'])).toBe('library');
    expect(componentKind([])).toBe('library');
    // Only the exact interfaces count: a look-alike is a library's export.
    expect(componentKind(['wasi:cli/runner', 'my:wasi/incoming-handler'])).toBe('library');
    expect(isCommand(['wasi:cli/run@0.2.0'])).toBe(true);
  });
});
