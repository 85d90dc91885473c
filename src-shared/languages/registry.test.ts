import { describe, expect, it } from 'vitest';
import { projectSchema } from '../protocol/project';
import { editorLanguageOf, isSourceOf, LANGUAGES } from './registry';

describe('the language registry', () => {
  it('sources are found by extension, headers included, nothing of another language', () => {
    expect(['src/main.c', 'src/util.h'].filter((f) => isSourceOf('c', f))).toEqual(['src/main.c', 'src/util.h']);
    expect(['src/a.cc', 'src/a.hpp', 'src/a.c', 'src/a.rs'].filter((f) => isSourceOf('cpp', f))).toEqual(['src/a.cc', 'src/a.hpp', 'src/a.c']);
    expect(isSourceOf('ts', 'src/main.ts')).toBe(true);
    expect(isSourceOf('js', 'src/main.ts')).toBe(false);
    // An extension is the part after the last dot of the file name, not of a folder.
    expect(isSourceOf('c', 'src/x.c/readme')).toBe(false);
    expect(isSourceOf('rust', 'src/rs')).toBe(false);
  });

  it('the editor language of a file: a C header is C, a .hpp C++, files of no language by their kind', () => {
    expect(['a.c', 'a.h', 'a.cpp', 'a.hpp', 'a.js', 'a.mts', 'a.rs', 'a.wat', 'a.wast', 'a.wit', 'a.json', 'a.toml', 'a.md', 'a.txt'].map(editorLanguageOf)).toEqual([
      'c', 'c', 'cpp', 'cpp', 'javascript', 'typescript', 'rust', 'wat', 'wat', 'wit', 'json', 'ini', 'markdown', 'plaintext',
    ]);
  });

  it('studio.json accepts exactly the registered languages, and names them when it refuses one', () => {
    for (const language of LANGUAGES) expect(projectSchema.safeParse({ name: 'x', language }).success).toBe(true);
    const bad = projectSchema.safeParse({ name: 'x', language: 'cobol' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(`unknown language "cobol": expected one of ${LANGUAGES.map((l) => `"${l}"`).join(', ')}`);
  });
});
