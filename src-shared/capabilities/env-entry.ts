/** A name a shell could export: what may be inherited from the host by name alone. */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One environment grant as typed: `NAME=VALUE` (the text after the first "=" is the value, kept as
 * it is), or a variable name alone, which passes the host's value of it. Anything else is an error
 * rather than a quietly inherited variable (`GREETING=hi there` split in two would otherwise
 * inherit a host variable named `there`). A string is why the text is not an entry.
 */
export function parseEnvEntry(text: string): { name: string; value?: string } | string {
  if (text.includes('\0')) return 'an environment entry has no NUL character';
  const eq = text.indexOf('=');
  if (eq > 0) return { name: text.slice(0, eq), value: text.slice(eq + 1) };
  if (eq === 0) return `"${text}" has no NAME before "="`;
  if (VARIABLE_NAME.test(text)) return { name: text };
  return `"${text}" is neither NAME=VALUE nor a variable name to pass from the host`;
}

export const formatEnvEntry = (e: { name: string; value?: string }): string => (e.value === undefined ? e.name : `${e.name}=${e.value}`);
