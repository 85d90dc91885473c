import { describe, expect, it } from 'vitest';
import { joinWords, quoteWord, splitWords } from './shell-words';

describe('splitWords', () => {
  it('splits on blanks and keeps quoted blanks', () => {
    expect(splitWords('  one\ttwo\n three ')).toEqual(['one', 'two', 'three']);
    expect(splitWords('"two words" \'and three here\'')).toEqual(['two words', 'and three here']);
    expect(splitWords('GREETING="hi there"')).toEqual(['GREETING=hi there']);
    expect(splitWords("a'b c'd")).toEqual(['ab cd']);
    expect(splitWords('')).toEqual([]);
    expect(splitWords("'' \"\"")).toEqual(['', '']);
  });

  it('honours backslashes as a POSIX shell does', () => {
    expect(splitWords('two\\ words')).toEqual(['two words']);
    expect(splitWords('\\"quoted\\"')).toEqual(['"quoted"']);
    expect(splitWords('"a \\"b\\" \\\\ \\$x \\n"')).toEqual(['a "b" \\ $x \\n']);
    expect(splitWords("'no \\escapes'")).toEqual(['no \\escapes']);
    expect(splitWords('one\\\ntwo')).toEqual(['onetwo']);
    expect(splitWords('$HOME ~ *')).toEqual(['$HOME', '~', '*']);
  });

  it('names an unclosed quote or a lone trailing backslash', () => {
    expect(splitWords('a "b c')).toBe('a " at character 3 is never closed');
    expect(splitWords("it's")).toBe("a ' at character 3 is never closed");
    expect(splitWords('a\\')).toBe('the text ends with a lone \\');
  });

  it('reads back what quoteWord and joinWords write', () => {
    const words = ['plain', 'two words', "it's", '', 'a"b', 'back\\slash', 'tab\there', 'line\nbreak', '$HOME', 'ünï'];
    expect(splitWords(joinWords(words))).toEqual(words);
    expect(quoteWord('data::/data::ro')).toBe('data::/data::ro');
    expect(quoteWord('two words')).toBe("'two words'");
  });
});
