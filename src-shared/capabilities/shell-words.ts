/**
 * Policy text fields (arguments, environment, mounts, allow-lists) read the way a POSIX shell reads
 * words, so what a user pastes from a command line means the same here: blanks separate words,
 * '…' is literal, "…" keeps blanks and honours \" \\ \$ \`, and a backslash outside quotes takes the
 * next character as it is. Nothing is expanded ($HOME stays $HOME): no shell runs this text.
 * No shell-splitting package is installed (shell-quote would be the usual one), hence this function.
 */
export function splitWords(text: string): string[] | string {
  const words: string[] = [];
  let word: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      if (word !== null) words.push(word);
      word = null;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) return `a ' at character ${i + 1} is never closed`;
      word = (word ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (ch === '"') {
      word ??= '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`\n'.includes(text[j + 1]!)) {
          j++;
          if (text[j] !== '\n') word += text[j];
        } else word += text[j];
      }
      if (j >= text.length) return `a " at character ${i + 1} is never closed`;
      i = j;
    } else if (ch === '\\') {
      if (i + 1 >= text.length) return 'the text ends with a lone \\';
      i++;
      // A backslash before a line break joins the lines, as in a shell.
      if (text[i] !== '\n') word = (word ?? '') + text[i];
    } else word = (word ?? '') + ch;
  }
  if (word !== null) words.push(word);
  return words;
}

/** One word as a POSIX shell (and splitWords) reads it back unchanged: bare when safe, else single-quoted. */
export function quoteWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

export const joinWords = (words: readonly string[]): string => words.map(quoteWord).join(' ');
