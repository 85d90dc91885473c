import { describe, expect, it } from 'vitest';
import { checkProject, parseProject } from './project';
import { projectMembers } from './members';
import { projectInfoSchema } from './result-schemas';

/** The problem's line and message for a studio.json text that must be refused. */
function refused(text: string): { line: number; message: string } {
  const r = checkProject(text);
  if (!('problem' in r)) throw new Error('accepted: ' + text);
  return { line: r.problem.line, message: r.problem.message };
}

const composition = (components: string, top = '') => `{
  "name": "pair",${top}
  "components": [
${components}
  ]
}`;

describe('studio.json components', () => {
  it('parses a composition: members in order, each policy deny-all by default, the root mirrored at the top', () => {
    const config = parseProject(
      composition(`    { "name": "app", "language": "c", "world": "app" },
    { "name": "lib", "language": "js", "world": "lib", "policy": { "mounts": [{ "host": "data", "guest": "/data", "mode": "ro" }] } },
    { "name": "extra", "wasm": "vendor/extra.wasm" }`),
    );
    const members = projectMembers(config);
    expect(members.map((m) => m.name)).toEqual(['app', 'lib', 'extra']);
    expect(members[0]).toMatchObject({ language: 'c', world: 'app' });
    expect(members[0]!.policy.mounts).toEqual([]);
    expect(members[1]!.policy.mounts).toEqual([{ host: 'data', guest: '/data', mode: 'ro' }]);
    expect(members[2]).toEqual({ name: 'extra', wasm: 'vendor/extra.wasm', policy: members[0]!.policy });
    expect(config).toMatchObject({ language: 'c', world: 'app', policy: members[0]!.policy });
    // What crosses a transport still validates.
    expect(projectInfoSchema.safeParse({ dir: '/x', config: JSON.parse(JSON.stringify(config)), configProblem: null, files: [] }).success).toBe(true);
  });

  it('gives a single-component project one member named after the project', () => {
    const config = parseProject('{"name":"hello","language":"c","policy":{"args":["a"]}}');
    expect(projectMembers(config)).toEqual([{ name: 'hello', language: 'c', sources: undefined, build: undefined, world: undefined, jsBackend: undefined, policy: config.policy }]);
  });

  it('refuses project-level build settings and policy beside components, on their own line', () => {
    for (const key of ['language', 'sources', 'world', 'policy', 'jsBackend', 'build']) {
      const value = { language: '"c"', sources: '["a.c"]', world: '"w"', policy: '{}', jsBackend: '"quickjs"', build: '{}' }[key];
      const r = refused(composition('    { "name": "app", "language": "c" }', `\n  "${key}": ${value},`));
      expect(r.line, key).toBe(3);
      expect(r.message).toContain(`"${key}" belongs to a component`);
    }
    // limits stay the whole run's.
    expect(parseProject(composition('    { "name": "app", "language": "c" }', '\n  "limits": { "timeoutMs": 5 },')).limits.timeoutMs).toBe(5);
  });

  it('places a member problem on that member, not on the first one', () => {
    const text = composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "language": "cobol" }`);
    expect(refused(text)).toMatchObject({ line: 5, message: expect.stringContaining('unknown language "cobol"') });
    const dup = composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "language": "js" },
    { "name": "lib", "language": "js" }`);
    expect(refused(dup)).toMatchObject({ line: 6, message: expect.stringContaining('two components are named "lib"') });
  });

  it('checks names, the member kinds and the root', () => {
    expect(refused(composition('    { "name": "1app", "language": "c" }')).message).toContain('a letter, then letters, digits');
    expect(refused(composition('    { "name": "a.b", "language": "c" }')).message).toContain('a letter, then letters, digits');
    expect(refused(composition(`    { "name": "app", "language": "c" },
    { "name": "lib" }`))).toMatchObject({ line: 5, message: expect.stringContaining('needs a "language"') });
    expect(refused(composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "wasm": "lib.wasm", "world": "w" }`))).toMatchObject({ line: 5, message: expect.stringContaining('"world" is for a component built from sources') });
    expect(refused(composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "wasm": "../outside.wasm" }`))).toMatchObject({ line: 5, message: expect.stringContaining('inside the project folder') });
    expect(refused(composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "wasm": "/etc/x.wasm" }`)).message).toContain('inside the project folder');
    expect(refused(composition(`    { "name": "app", "language": "c" },
    { "name": "lib", "wasm": "build/app.wasm" }`))).toMatchObject({ line: 5, message: expect.stringContaining('build/ is where the studio writes') });
    expect(refused(composition('    { "name": "app", "wasm": "app.wasm" }'))).toMatchObject({ line: 4, message: expect.stringContaining('the first component is the root') });
    expect(refused('{ "name": "p", "components": [] }').message).toContain('at least one component');
    expect(refused(composition('    { "name": "app", "language": "c", "policy": { "clocks": "sometimes" } }')).line).toBe(4);
    expect(refused('{ "name": "p" }').message).toContain('a project needs a "language"');
  });
});
