import { formatEnvEntry, parseEnvEntry } from './env-entry';
import { duplicateGuestPath, duplicateGuestPathMessage } from './guest-paths';
import { formatMountSpec, parseMountSpec } from './mount-spec';
import type { Policy } from './policy';
import { joinWords, splitWords } from './shell-words';

/** A policy text field read: the entries it became, and the first reason it cannot be saved (or null). */
export interface FieldReading<T> {
  items: T[];
  error: string | null;
}

/** Splits a field like a shell and parses each word; a word that does not parse is the field's error. */
export function readWords<T>(text: string, parse: (word: string) => T | string): FieldReading<T> {
  const words = splitWords(text);
  if (typeof words === 'string') return { items: [], error: words };
  const items: T[] = [];
  let error: string | null = null;
  for (const w of words) {
    const r = parse(w);
    if (typeof r === 'string') error ??= r;
    else items.push(r);
  }
  return { items, error };
}

/** Every word is an argument as it is (parse would read a string as an error). */
export function argsFromText(text: string): FieldReading<string> {
  const words = splitWords(text);
  return typeof words === 'string' ? { items: [], error: words } : { items: words, error: null };
}

export const envFromText = (text: string): FieldReading<Policy['env'][number]> => readWords(text, parseEnvEntry);

/** Mounts as typed; two at one guest folder are an error here, as they are in studio.json and the CLI. */
export function mountsFromText(text: string): FieldReading<Policy['mounts'][number]> {
  const r = readWords(text, parseMountSpec);
  const dup = r.error === null && duplicateGuestPath(r.items);
  return dup ? { ...r, error: duplicateGuestPathMessage(dup) } : r;
}

/** The three fields as text that reads back as the same lists. */
export function policyTexts(p: Policy): { args: string; env: string; mounts: string } {
  return { args: joinWords(p.args), env: joinWords(p.env.map(formatEnvEntry)), mounts: joinWords(p.mounts.map(formatMountSpec)) };
}
