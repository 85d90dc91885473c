import type { StateCreator } from 'zustand';
import type { HandledResult } from '../../src-shared/engine/engine';
import type { HttpRequest } from '../../src-shared/engine/http-handler';
import { runLoad, type LoadSummary } from '../../src-shared/engine/load-run';
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

/** A load run of one engine: how far it got, then its summary. */
export interface HttpLoad {
  status: 'idle' | 'running' | 'done';
  done: number;
  total: number;
  summary: LoadSummary | null;
  error: string | null;
}

/** One request sent from the composer: what was sent, when, and what each engine answered. */
export interface HttpSent {
  id: number;
  /** When it was sent (ms since the epoch). */
  at: number;
  draft: HttpDraft;
  engines: EngineName[];
  /** Per engine: the status, or null while it runs and when there was no response (`error` says why). */
  answers: Partial<Record<EngineName, { status: number | null; error: string | null }>>;
}

export interface HttpSlice {
  httpDraft: HttpDraft;
  /** The requests sent, newest first (at most HISTORY_LIMIT). */
  httpHistory: HttpSent[];
  httpResponses: Record<EngineName, HttpOutcome>;
  httpLoads: Record<EngineName, HttpLoad>;
  /**
   * Requests (sent and loaded) go to an instance a run worker kept from an earlier request rather
   * than a fresh one: off by default, since a request then sees what earlier ones left behind.
   */
  httpReuse: boolean;
  setHttpReuse(on: boolean): void;
  /**
   * Sends the draft `n` times to each engine, `concurrency` in flight, the engines one after the
   * other (so neither's latencies carry the other's load), each transpiled before its clock starts.
   */
  loadRequest(engines: EngineName[], n: number, concurrency: number): Promise<void>;
  setHttpDraft(patch: Partial<HttpDraft>): void;
  /** Sends the draft to the handler in each engine (built first when needed), a fresh instance each unless httpReuse. */
  sendRequest(engines: EngineName[]): Promise<void>;
  /** Puts a request of the history back in the composer and sends it to the engines it went to. */
  replayRequest(id: number): Promise<void>;
}

const HISTORY_LIMIT = 30;
let sentCount = 0;

const idle = (): HttpOutcome => ({ status: 'idle', result: null, error: null });
const idleLoad = (): HttpLoad => ({ status: 'idle', done: 0, total: 0, summary: null, error: null });

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
    httpHistory: [],
    httpResponses: perEngine(idle),
    httpLoads: perEngine(idleLoad),
    httpReuse: false,
    setHttpReuse: (on) => set({ httpReuse: on }),
    setHttpDraft: (patch) => set((s) => ({ httpDraft: { ...s.httpDraft, ...patch } })),
    async sendRequest(engines) {
      const draft = draftRequest(get().httpDraft);
      if (!draft.ok) {
        set({ httpResponses: perEngine(() => ({ status: 'done', result: null, error: draft.error })) });
        return;
      }
      if (!get().opened && !(await get().build())) return;
      const dir = get().project?.dir;
      const sent: HttpSent = { id: ++sentCount, at: Date.now(), draft: { ...get().httpDraft }, engines: [...engines], answers: {} };
      set((s) => ({ httpHistory: [sent, ...s.httpHistory].slice(0, HISTORY_LIMIT) }));
      for (const e of engines) set((s) => ({ httpResponses: { ...s.httpResponses, [e]: { status: 'running', result: null, error: null } } }));
      await Promise.all(
        engines.map(async (e) => {
          let outcome: HttpOutcome;
          try {
            outcome = { status: 'done', result: await deps.engines[e].handle(deps.newRunId(), draft.request, {}, { reuse: get().httpReuse }), error: null };
          } catch (err) {
            outcome = { status: 'done', result: null, error: (err as Error).message };
          }
          // A response of the project before a switch is dropped.
          if (get().project?.dir !== dir) return;
          const answer = { status: outcome.result?.response?.status ?? null, error: outcome.error ?? outcome.result?.error ?? null };
          set((s) => ({
            httpResponses: { ...s.httpResponses, [e]: outcome },
            httpHistory: s.httpHistory.map((h) => (h.id === sent.id ? { ...h, answers: { ...h.answers, [e]: answer } } : h)),
          }));
        }),
      );
    },
    async replayRequest(id) {
      const sent = get().httpHistory.find((h) => h.id === id);
      if (!sent) return;
      set({ httpDraft: { ...sent.draft } });
      await get().sendRequest(sent.engines);
    },
    async loadRequest(engines, n, concurrency) {
      const draft = draftRequest(get().httpDraft);
      const put = (e: EngineName, load: Partial<HttpLoad>) => set((s) => ({ httpLoads: { ...s.httpLoads, [e]: { ...s.httpLoads[e], ...load } } }));
      if (!draft.ok) {
        for (const e of engines) put(e, { ...idleLoad(), status: 'done', error: draft.error });
        return;
      }
      if (!get().opened && !(await get().build())) return;
      const dir = get().project?.dir;
      const reuse = get().httpReuse;
      for (const e of engines) put(e, { ...idleLoad(), status: 'running', total: n });
      for (const e of engines) {
        // A load of the project before a switch stops reporting.
        const current = () => get().project?.dir === dir;
        try {
          await deps.engines[e].prepare();
          const summary = await runLoad(
            n,
            concurrency,
            async () => {
              const t = performance.now();
              const r = await deps.engines[e].handle(deps.newRunId(), draft.request, {}, { reuse });
              return { ms: performance.now() - t, ok: Boolean(r.response) && r.response!.status < 500 };
            },
            () => performance.now(),
            (done) => current() && put(e, { done }),
          );
          if (current()) put(e, { status: 'done', summary });
        } catch (err) {
          if (current()) put(e, { status: 'done', error: (err as Error).message });
        }
      }
    },
  });
