import { describe, expect, it } from 'vitest';
import { draftRequest } from './http-slice';

describe('draftRequest', () => {
  it('reads one header a line, trims, and keeps the body as UTF-8', () => {
    const d = draftRequest({ method: 'POST', path: ' /echo?x=1 ', headers: 'content-type: text/plain\n\n  X-Name:  ada:lovelace  \n', body: 'é' });
    expect(d).toEqual({ ok: true, request: { method: 'POST', path: '/echo?x=1', headers: [['content-type', 'text/plain'], ['X-Name', 'ada:lovelace']], body: new TextEncoder().encode('é'), authority: 'localhost', scheme: 'http' } });
    expect(draftRequest({ method: 'GET', path: '', headers: '', body: '' })).toMatchObject({ ok: true, request: { path: '/' } });
  });

  it('refuses a header line without a name and a path without its slash', () => {
    expect(draftRequest({ method: 'GET', path: '/', headers: 'no colon here', body: '' })).toEqual({ ok: false, error: 'a header is "Name: value", not "no colon here"' });
    expect(draftRequest({ method: 'GET', path: '/', headers: 'bad name: x', body: '' })).toMatchObject({ ok: false });
    expect(draftRequest({ method: 'GET', path: 'json', headers: '', body: '' })).toEqual({ ok: false, error: 'the path starts with /, not "json"' });
  });
});
