import { fromBase64, toBase64 } from '../protocol/json-codec';
import type { HandledResult } from './engine';
import type { HttpRequest } from './http-handler';

/** A request or a handled result as it crosses Playwright's evaluate(), which carries JSON: bodies as base64. */
export type WireRequest = Omit<HttpRequest, 'body'> & { body: string };
export type WireHandled = Omit<HandledResult, 'response'> & { response: (Omit<NonNullable<HandledResult['response']>, 'body'> & { body: string }) | null };

export const requestToWire = (r: HttpRequest): WireRequest => ({ ...r, body: toBase64(r.body) });
export const requestFromWire = (r: WireRequest): HttpRequest => ({ ...r, body: fromBase64(r.body) });
export const handledToWire = (h: HandledResult): WireHandled => ({ ...h, response: h.response && { ...h.response, body: toBase64(h.response.body) } });
export const handledFromWire = (h: WireHandled): HandledResult => ({ ...h, response: h.response && { ...h.response, body: fromBase64(h.response.body) } });
