/** A second module, to show relative imports: `./punctuation.ts` becomes `./punctuation.js` when types are stripped. */
export const exclaim = (text: string): string => `${text}!`;
