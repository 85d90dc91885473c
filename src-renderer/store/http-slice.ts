import type { StateCreator } from 'zustand';
import type { HandledResult } from '../../src-shared/engine/engine';
import type { HttpRequest } from '../../src-shared/engine/http-handler';
import type { EngineName } from '../../src-shared/protocol/types';
import type { StoreDeps } from './deps';
import { perEngine } from './runs-slice';
import type { StudioState } from './store';

/** The request composer's form, as typed: headers one `Name: value` a line. */
export interface HttpDraft {
  method: string;
  path: string;
  headers: string;
  body: string;
}

export interface HttpOutcome {
  status: 'idle' | 'running' | 'done';
  result: HandledResult | null;
  error: string | null;
}

export interface HttpSlice {
  httpDraft: HttpDraft;
  httpResponses: Record<EngineName, HttpOutcome>;
  setHttpDraft(patch: Partial<HttpDraft>): void;
  /** Sends the draft to the handler in each engine (built first when needed), a fresh instance each. */
  sendRequest(engines: EngineName[]): Promise<void>;
}

const idle = (): HttpOutcome => ({ status: 'idle', result: null, error: null });

/** The draft as a request; a malformed header line is an error naming it. */
export function draftRequest(d: HttpDraft): { ok: true; request: HttpRequest } | { ok: false; error: string } {
  const headers: [string, string][] = [];
  for (const line of d.headers.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return { ok: false, error: `a header is "Name: value", not "${line}"` };
    headers.push([name, line.slice(colon + 1).trim()]);
  }
  const path = d.path.trim() || '/';
  if (!path.startsWith('/')) return { ok: false, error: `the path starts with /, not "${path}"` };
  const body = new TextEncoder().encode(d.body);
  return { ok: true, request: { method: d.method, path, headers, body, authority: 'localhost', scheme: 'http' } };
}

export const httpSlice =
  (deps: StoreDeps): StateCreator<StudioState, [], [], HttpSlice> =>
  (set, get) => ({
    httpDraft: { method: 'GET', path: '/', headers: '', body: '' },
    httpResponses: perEngine(idle),
    setHttpDraft: (patch) => set((s) => ({ httpDraft: { ...s.httpDraft, ...patch } })),
    async sendRequest(engines) {
      const draft = draftRequest(get().httpDraft);
      if (!draft.ok) {
        set({ httpResponses: perEngine(() => ({ status: 'done', result: null, error: draft.error })) });
        return;
      }
      if (!get().opened && !(await get().build())) return;
      const dir = get().project?.dir;
      for (const e of engines) set((s) => ({ httpResponses: { ...s.httpResponses, [e]: { status: 'running', result: null, error: null } } }));
      await Promise.all(
        engines.map(async (e) => {
          let outcome: HttpOutcome;
          try {
            outcome = { status: 'done', result: await deps.engines[e].handle(deps.newRunId(), draft.request), error: null };
          } catch (err) {
            outcome = { status: 'done', result: null, error: (err as Error).message };
          }
          // A response of the project before a switch is dropped.
          if (get().project?.dir === dir) set((s) => ({ httpResponses: { ...s.httpResponses, [e]: outcome } }));
        }),
      );
    },
  });
