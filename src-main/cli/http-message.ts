import type { HandledResult } from '../../src-shared/engine/engine';
import type { HttpRequest, HttpResponse } from '../../src-shared/engine/http-handler';
import { hostNoteLine, hostNotes } from '../../src-shared/engine/host-notes';
import { UsageError } from './args';

/** `-H 'Name: value'` as curl takes it. */
export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`-H takes 'Name: value', not "${text}"`);
  return [name, text.slice(colon + 1).trim()];
}

/** Whether a body is text to show as is (UTF-8 without control bytes other than whitespace). */
export function bodyText(body: Uint8Array): string | null {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return /[\x00-\x08\x0e-\x1f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

/** A response as JSON prints it: the body as text when it is, else base64. */
export function responseJson(r: HttpResponse | null) {
  if (!r) return null;
  const text = bodyText(r.body);
  return { status: r.status, headers: r.headers, ...(text !== null ? { body: text } : { bodyBase64: Buffer.from(r.body).toString('base64') }) };
}

/** The WASI calls of a handled request that the policy refused or the host failed (src-shared/engine/host-notes.ts), one line each. */
export function refusals(r: HandledResult): string[] {
  return hostNotes(r.trace).map(hostNoteLine);
}

export function requestOf(method: string, path: string, headers: [string, string][], body: Uint8Array, authority: string): HttpRequest {
  return { method, path, headers, body, authority, scheme: 'http' };
}
