import { describe, expect, it } from 'vitest';
import type { MemberFacts } from '../protocol/composition';
import { planLinks } from './plan';
import { wacComposeCommand, wacDocument, wacPlugCommand, witId } from './wac';

const member = (name: string, imports: string[], exports: string[]): MemberFacts => ({ name, imports, exports, wit: null });

const app = member('app', ['wasi:cli/stdout@0.2.3', 'docs:compose/words@0.1.0'], ['wasi:cli/run@0.2.3']);
const lib = member('lib', ['docs:compose/stem@0.1.0'], ['docs:compose/words@0.1.2']);
const util = member('util', [], ['docs:compose/stem@0.1.0']);

describe('wacDocument', () => {
  it('two members: the library first, its export passed by name into the app, WASI left to the host', () => {
    const plan = planLinks([app, member('lib', [], ['docs:compose/words@0.1.0'])], 'app');
    expect(wacDocument(plan)).toBe(
      [
        'package studio:composition;',
        '',
        'let lib = new studio:lib {};',
        'let app = new studio:app {',
        '  "docs:compose/words@0.1.0": lib["docs:compose/words@0.1.0"],',
        '  ...',
        '};',
        '',
        'export app...;',
        '',
      ].join('\n'),
    );
  });

  it('three members in a chain, in the plan\'s order, each import named as its importer names it', () => {
    const plan = planLinks([app, lib, util], 'app');
    expect(wacDocument(plan, { package: 'docs:polyglot', namespace: 'docs' })).toBe(
      [
        'package docs:polyglot;',
        '',
        'let util = new docs:util {};',
        'let lib = new docs:lib {',
        '  "docs:compose/stem@0.1.0": util["docs:compose/stem@0.1.0"],',
        '};',
        'let app = new docs:app {',
        '  "docs:compose/words@0.1.0": lib["docs:compose/words@0.1.2"],',
        '  ...',
        '};',
        '',
        'export app...;',
        '',
      ].join('\n'),
    );
  });

  it('says the plan\'s problems in comments above the composition', () => {
    const doc = wacDocument(planLinks([app], 'app'));
    expect(doc).toContain('// The studio found problems in this composition; wac will refuse it as it stands:\n// - app imports docs:compose/words@0.1.0, which no member');
    expect(doc).toContain('let app = new studio:app { ... };');
  });

  it('gives every member a WIT identifier of its own, escaping keywords', () => {
    expect(witId('wordCount')).toBe('word-count');
    expect(witId('word_count')).toBe('word-count');
    expect(witId('lib_2')).toBe('lib2');
    const plan = planLinks([member('let', [], ['docs:x/y']), member('Let', ['docs:x/y'], [])], 'Let');
    expect(wacDocument(plan)).toBe(
      ['package studio:composition;', '', 'let %let = new studio:let {};', 'let let2 = new studio:let2 {', '  "docs:x/y": %let["docs:x/y"],', '};', '', 'export let2...;', ''].join('\n'),
    );
  });
});

describe('wac command lines', () => {
  it('plug: a root whose imports the others fill, names equal', () => {
    const logger = member('logger', [], ['docs:compose/log@0.1.0']);
    const root = member('app', ['docs:compose/words@0.1.0', 'docs:compose/log@0.1.0'], []);
    const plan = planLinks([root, member('lib', [], ['docs:compose/words@0.1.0']), logger], 'app');
    expect(wacPlugCommand(plan, { app: 'build/app.wasm', lib: 'lib/out/lib.wasm', logger: 'my logger.wasm' })).toBe(
      "wac plug build/app.wasm --plug lib/out/lib.wasm --plug 'my logger.wasm' -o composed.wasm",
    );
  });

  it('a file name cannot pass for an option, nor a problem\'s text leave its comment', () => {
    const plan = planLinks([member('app', ['docs:compose/words@0.1.0'], []), member('lib', [], ['docs:compose/words@0.1.0'])], 'app');
    expect(wacPlugCommand(plan, { app: '-o.wasm', lib: "it's.wasm" })).toBe("wac plug ./-o.wasm --plug 'it'\\''s.wasm' -o composed.wasm");
    const doc = wacDocument({ ...plan, problems: [{ kind: 'unsatisfied', members: ['app'], message: 'one\nexport lib...;' }] });
    expect(doc.split('\n').filter((l) => l.startsWith('export'))).toEqual(['export app...;']);
  });

  it('plug cannot do a chain, a version difference or a plan with problems', () => {
    expect(wacPlugCommand(planLinks([app, lib, util], 'app'))).toBeNull();
    expect(wacPlugCommand(planLinks([app, member('lib', [], ['docs:compose/words@0.1.2'])], 'app'))).toBeNull();
    expect(wacPlugCommand(planLinks([app], 'app'))).toBeNull();
  });

  it('compose: every member as a dependency of the document', () => {
    const plan = planLinks([app, lib, util], 'app');
    expect(wacComposeCommand(plan, { app: 'app.wasm', lib: 'lib/lib.wasm', util: 'util.wasm' })).toBe(
      'wac compose --dep studio:util=util.wasm --dep studio:lib=lib/lib.wasm --dep studio:app=app.wasm -o composed.wasm composition.wac',
    );
  });
});
