/**
 * Fuzzes the request path: random and mutated messages straight through `dispatch`, then over a
 * real WebSocket to startWebServer. Seeded: set FUZZ_SEED to reproduce a failure.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RequestName, StudioHandlers } from '../../src-shared/protocol/api';
import { dispatch, StudioError, type ResponseMessage } from '../../src-shared/protocol/envelope';
import { decodeJson, encodeJson } from '../../src-shared/protocol/json-codec';
import { MAX_TEXT, requestSchemas } from '../../src-shared/protocol/schemas';
import { startWebServer, type WebServer } from './server';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed1234);
const DIRECT_COUNT = 12_000;
const WS_COUNT = 4_000;
const WS_BATCH = 250;

type Rnd = () => number;

/** mulberry32 */
function prng(seed: number): Rnd {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const int = (r: Rnd, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rnd, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const chance = (r: Rnd, p: number) => r() < p;

const METHODS = Object.keys(requestSchemas) as RequestName[];
const NEAR_METHODS = [
  'project.get ',
  ' project.get',
  'Project.get',
  'project',
  'project.get\0',
  'file.read.',
  'file',
  '',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
];
const KEYS = [
  'kind',
  'id',
  'method',
  'params',
  'path',
  'content',
  'runId',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '$bytes',
  '',
  'x',
  'length',
  '0',
  'then',
];
const POLLUTE = ['__proto__', 'constructor', 'prototype'];

/** Sets an own property even for "__proto__" (plain assignment would change the prototype). */
function put(o: object, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

function randString(r: Rnd, max = 40): string {
  const n = int(r, max + 1);
  let s = '';
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.6) s += String.fromCharCode(32 + int(r, 95));
    else if (k < 0.7) s += pick(r, ['\0', '\n', '\r', '\t', '\\', '"', '/', '.', '..', '%00', '%2e']);
    else if (k < 0.8) s += String.fromCharCode(int(r, 32));
    else if (k < 0.9) s += String.fromCodePoint(0x80 + int(r, 0x10ff7f - 0x80 - 0x800)).replace(/[\ud800-\udfff]/g, 'x');
    else s += String.fromCharCode(0xd800 + int(r, 0x800)); // lone surrogates
  }
  return s;
}

function hugeString(r: Rnd): string {
  const n = 1000 + int(r, 400_000);
  return pick(r, ['a', 'é', '\0', '\\', '"', '..', 'x/'] as const).repeat(Math.ceil(n / 2)).slice(0, n);
}

function randNumber(r: Rnd): number {
  return pick(r, [0, -0, 1, -1, 1.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 1e308, -1e-308, int(r, 1e9), -int(r, 1e6), r()]);
}

/** A random JSON value (JSON-safe: the WebSocket half stringifies it). */
function randJson(r: Rnd, depth = 0): unknown {
  const k = int(r, depth > 3 ? 5 : 8);
  switch (k) {
    case 0:
      return null;
    case 1:
      return chance(r, 0.5);
    case 2:
      return randNumber(r);
    case 3:
    case 4:
      return randString(r);
    case 5: {
      const n = int(r, 5);
      return Array.from({ length: n }, () => randJson(r, depth + 1));
    }
    default: {
      const o = {};
      const n = int(r, 5);
      for (let i = 0; i < n; i++) put(o, chance(r, 0.7) ? pick(r, KEYS) : randString(r, 8), randJson(r, depth + 1));
      return o;
    }
  }
}

/** Values that JSON cannot carry but Electron's structured clone could. */
function randNonJson(r: Rnd): unknown {
  return pick(r, [undefined, NaN, Infinity, -Infinity, 10n, new Uint8Array([1, 2, 3]), new Date(0), new Map([['a', 1]]), new Set([1]), [undefined], { a: undefined }]);
}

function deepValue(r: Rnd, depth: number): unknown {
  let v: unknown = randJson(r, 4);
  for (let i = 0; i < depth; i++) {
    if (chance(r, 0.5)) v = [v];
    else {
      const o = {};
      put(o, pick(r, KEYS), v);
      v = o;
    }
  }
  return v;
}

function validParams(r: Rnd, m: RequestName): Record<string, unknown> {
  const path = () => (chance(r, 0.05) ? 'p'.repeat(4096) : randString(r, 30).replace(/\0/g, '') || 'src/main.c');
  const runId = () => (chance(r, 0.05) ? 'r'.repeat(128) : randString(r, 20) || 'run-1');
  switch (m) {
    case 'file.read':
      return { path: path() };
    case 'file.write':
      return { path: path(), content: chance(r, 0.1) ? hugeString(r) : randString(r, 200) };
    case 'run.node':
    case 'run.stop':
      return { runId: runId() };
    case 'project.setPolicy':
      return { policy: chance(r, 0.5) ? { args: [randString(r, 10)] } : {} };
    case 'file.create':
      return chance(r, 0.5) ? { path: path() } : { path: path(), content: randString(r, 200) };
    case 'file.delete':
    case 'backup.discard':
      return { path: path() };
    case 'call.node':
      return { runId: runId(), path: chance(r, 0.8) ? ['run'] : ['iface', randString(r, 10) || 'f'], args: chance(r, 0.5) ? [] : [randString(r, 20)] };
    case 'file.rename':
      return { from: path(), to: path() };
    case 'backup.save':
      return { path: path(), content: randString(r, 200), baseHash: chance(r, 0.8) ? 'ab'.repeat(32) : randString(r, 64) };
    case 'project.open':
    case 'recent.remove':
      return { dir: path() };
    case 'project.fromSample':
      return chance(r, 0.5) ? { sample: 'hello-c' } : { sample: 'hello-c', dir: path() };
    case 'project.fromTemplate':
      return { language: pick(r, ['c', 'cpp', 'wat', 'js', 'ts']), dir: path() };
    case 'folder.list':
      return chance(r, 0.5) ? {} : { path: path() };
    case 'folder.pick':
      return chance(r, 0.5) ? {} : { title: randString(r, 20) };
    case 'trust.decide':
      return { grants: chance(r, 0.5) ? [] : [randString(r, 30) || 'env:HOME'], trust: chance(r, 0.5) };
    default:
      return {};
  }
}

function validRequest(r: Rnd, id: number): Record<string, unknown> {
  const method = pick(r, METHODS);
  return { kind: 'request', id, method, params: validParams(r, method) };
}

/** One mutation of a valid request; `json` limits it to values JSON can carry. */
function mutate(r: Rnd, msg: Record<string, unknown>, json: boolean): unknown {
  // After an earlier mutation the message or its params may no longer be objects.
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return chance(r, 0.5) ? randJson(r) : [msg];
  let params = msg.params as Record<string, unknown>;
  const paramsObject = () => {
    if (typeof params !== 'object' || params === null) params = msg.params = {};
    return params;
  };
  const paramKey = () => pick(r, [...Object.keys(paramsObject()), 'path', 'content', 'runId', 'extra']);
  switch (int(r, 16)) {
    case 0:
      put(msg, pick(r, ['kind', 'id', 'method', 'params']), randJson(r));
      return msg;
    case 1:
      delete msg[pick(r, ['kind', 'id', 'method', 'params'])];
      return msg;
    case 2:
      put(msg, pick(r, KEYS), randJson(r));
      return msg;
    case 3: {
      // Prototype-pollution shapes in params, e.g. {"__proto__":{"path":"x"}} for a method that needs path.
      const bait = {};
      put(bait, pick(r, ['path', 'content', 'runId', 'polluted', 'isAdmin']), pick(r, ['x', 1, true, randString(r)]));
      put(paramsObject(), pick(r, POLLUTE), chance(r, 0.5) ? bait : { prototype: bait });
      return msg;
    }
    case 4:
      put(paramsObject(), paramKey(), randJson(r));
      return msg;
    case 5:
      put(paramsObject(), paramKey(), hugeString(r));
      return msg;
    case 6:
      put(paramsObject(), paramKey(), deepValue(r, 1 + int(r, 3000)));
      return msg;
    case 7:
      msg.method = pick(r, NEAR_METHODS);
      return msg;
    case 8:
      msg.id = pick(r, [1.5, -1, 0, 2 ** 53, -(2 ** 60), '1', null, true, [], {}, 1e308, randNumber(r)]);
      return msg;
    case 9:
      msg.params = pick(r, [null, [], [params], 'params', 0, true, undefined, randJson(r)]);
      return msg;
    case 10:
      put(paramsObject(), pick(r, ['path', 'runId']), pick(r, ['', 'a\0b', '\0', 'x'.repeat(4097), 'r'.repeat(129)]));
      return msg;
    case 11: {
      const tagged = {};
      put(tagged, '$bytes', pick(r, ['AAAA', '', '***', 'Zm9v', 'Zm9', randString(r, 8)]));
      put(paramsObject(), paramKey(), tagged);
      return msg;
    }
    case 12:
      msg.kind = pick(r, ['response', 'event', 'REQUEST', '', null, 1, randString(r, 10)]);
      return msg;
    case 13:
      if (!json) {
        put(chance(r, 0.5) ? msg : paramsObject(), pick(r, ['id', 'path', 'content', 'runId', 'params', 'method']), randNonJson(r));
        return msg;
      }
      return randJson(r);
    case 14:
      return chance(r, 0.5) ? randJson(r) : [msg];
    default:
      // Several mutations at once.
      return mutate(r, mutate(r, msg, json) as Record<string, unknown>, json);
  }
}

function randomMessage(r: Rnd, id: number, json: boolean): unknown {
  const k = r();
  if (k < 0.12) return randJson(r);
  if (k < 0.2) return validRequest(r, id);
  if (!json && k < 0.24) return randNonJson(r);
  const msg = validRequest(r, id);
  return mutate(r, msg, json);
}

/** An oracle written apart from zod: what each handler may receive. */
function paramsLookValid(method: string, params: unknown): boolean {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  const p = params as Record<string, unknown>;
  const str = (v: unknown, min: number, max: number) => typeof v === 'string' && v.length >= min && v.length <= max;
  const keys = Object.keys(p).sort().join(',');
  const okPath = (v: unknown) => str(v, 1, 4096) && !(v as string).includes('\0');
  switch (method) {
    case 'project.get':
    case 'build.start':
    case 'build.last':
    case 'component.prepare':
    case 'component.describe':
    case 'composition.describe':
    case 'backup.list':
    case 'recent.list':
    case 'samples.list':
    case 'trust.get':
      return keys === '';
    case 'trust.decide':
      return keys === 'grants,trust' && typeof p.trust === 'boolean' && Array.isArray(p.grants) && p.grants.length <= 1024 && p.grants.every((g) => str(g, 1, 8192));
    case 'project.open':
    case 'recent.remove':
      return keys === 'dir' && okPath(p.dir);
    case 'project.fromSample':
      return (keys === 'sample' || keys === 'dir,sample') && typeof p.sample === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/.test(p.sample) && (p.dir === undefined || okPath(p.dir));
    case 'project.fromTemplate':
      return keys === 'dir,language' && ['c', 'cpp', 'wat', 'js', 'ts'].includes(p.language as string) && okPath(p.dir);
    case 'folder.list':
      return (keys === '' || keys === 'path') && (p.path === undefined || okPath(p.path));
    case 'folder.pick':
      return (keys === '' || keys === 'title') && (p.title === undefined || str(p.title, 0, 200));
    case 'project.setPolicy':
      return (keys === 'policy' || (keys === 'member,policy' && str(p.member, 0, 64))) && typeof p.policy === 'object' && p.policy !== null && !Array.isArray(p.policy);
    case 'file.read':
      return keys === 'path' && str(p.path, 1, 4096) && !(p.path as string).includes('\0');
    case 'file.write':
      return keys === 'content,path' && str(p.path, 1, 4096) && !(p.path as string).includes('\0') && str(p.content, 0, MAX_TEXT);
    case 'run.node':
    case 'run.stop':
      return keys === 'runId' && str(p.runId, 1, 128);
    case 'file.delete':
    case 'backup.discard':
      return keys === 'path' && okPath(p.path);
    case 'call.node': {
      const strs = (v: unknown, min: number, max: number, each: (x: unknown) => boolean) =>
        Array.isArray(v) && v.length >= min && v.length <= max && v.every(each);
      return (
        keys === 'args,path,runId' &&
        str(p.runId, 1, 128) &&
        strs(p.path, 1, 2, (x) => str(x, 1, 256)) &&
        strs(p.args, 0, 64, (x) => str(x, 0, MAX_TEXT))
      );
    }
    case 'file.create':
      return (keys === 'path' || keys === 'content,path') && okPath(p.path) && (p.content === undefined || str(p.content, 0, MAX_TEXT));
    case 'file.rename':
      return keys === 'from,to' && okPath(p.from) && okPath(p.to);
    case 'backup.save':
      return keys === 'baseHash,content,path' && okPath(p.path) && str(p.content, 0, MAX_TEXT) && typeof p.baseHash === 'string' && /^[0-9a-f]{64}$/.test(p.baseHash);
    case 'component.open':
      return keys === 'bytes,name' && str(p.name, 1, 256) && p.bytes instanceof Uint8Array;
    case 'mount.writeBack':
      return (
        ['content,guest,path', 'content,guest,member,path'].includes(keys) &&
        (p.member === undefined || str(p.member, 0, 64)) &&
        str(p.guest, 1, 4096) &&
        str(p.path, 1, 4096) &&
        !(p.path as string).includes('\0') &&
        (p.content === null || (p.content instanceof Uint8Array && p.content.length <= MAX_TEXT))
      );
    default:
      return false;
  }
}

interface Recorder {
  handlers: StudioHandlers;
  calls: number;
  violations: { method: string; params: unknown; why: string }[];
}

function recordingHandlers(): Recorder {
  const rec: Recorder = { handlers: {} as StudioHandlers, calls: 0, violations: [] };
  const h = rec.handlers as unknown as Record<string, (p: unknown) => Promise<unknown>>;
  for (const method of METHODS) {
    h[method] = async (params: unknown) => {
      rec.calls++;
      if (!requestSchemas[method].safeParse(params).success) rec.violations.push({ method, params, why: 'schema' });
      else if (!paramsLookValid(method, params)) rec.violations.push({ method, params, why: 'oracle' });
      switch (rec.calls % 7) {
        case 3:
          throw new StudioError('not-found', 'nothing here');
        case 5:
          throw new Error('handler failed');
        default:
          return method === 'component.prepare' ? { artifacts: { modules: { 'a.wasm': new Uint8Array([0, 97, 115, 109]) } } } : { ok: true, method };
      }
    };
  }
  return rec;
}

const CLOSE_SAMPLE = 40;

const plainJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const hasUsableId = (m: unknown): m is { id: number } =>
  typeof m === 'object' && m !== null && Number.isSafeInteger((m as { id?: unknown }).id);

const ERROR_CODES = new Set(['bad-request', 'unknown-method', 'bad-params', 'not-found', 'internal']);

function checkReply(message: unknown, reply: ResponseMessage | null): string | null {
  if (!hasUsableId(message)) return reply === null ? null : 'answered a message without a usable id';
  if (reply === null) return 'no answer to a message with an id';
  if (reply.kind !== 'response' || reply.id !== message.id) return 'answer does not match the id';
  if (reply.ok) return null;
  if (!ERROR_CODES.has(reply.error.code)) return `unexpected error code ${reply.error.code}`;
  if (typeof reply.error.message !== 'string') return 'error message is not a string';
  return null;
}

const protoNamesBefore = Object.getOwnPropertyNames(Object.prototype).sort().join(',');
function assertNoPollution(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(protoNamesBefore);
  for (const k of ['polluted', 'isAdmin', 'path', 'content', 'runId', 'prototype'])
    expect((({}) as Record<string, unknown>)[k], k).toBeUndefined();
}

const failures: unknown[] = [];
const onFailure = (e: unknown) => failures.push(e);
beforeAll(() => {
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
});
afterAll(() => {
  process.off('unhandledRejection', onFailure);
  process.off('uncaughtException', onFailure);
});

describe(`fuzz (seed ${SEED})`, () => {
  it(`dispatch: ${DIRECT_COUNT} random and mutated messages never throw and never reach a handler unvalidated`, async () => {
    const r = prng(SEED);
    const rec = recordingHandlers();
    const problems: { i: number; why: string }[] = [];
    let answered = 0;
    for (let i = 0; i < DIRECT_COUNT; i++) {
      const json = chance(r, 0.7);
      let message = randomMessage(r, i, json);
      // Half of the JSON-safe ones go through the wire codec first, as the WebSocket would.
      if (json && chance(r, 0.5)) {
        try {
          message = decodeJson(JSON.stringify(message) ?? 'null');
        } catch {
          message = null;
        }
      }
      let reply: ResponseMessage | null;
      try {
        reply = await dispatch(rec.handlers, message);
      } catch (err) {
        problems.push({ i, why: `dispatch threw: ${String(err)}` });
        if (process.env.FUZZ_DEBUG) console.log(err, message);
        continue;
      }
      if (reply) answered++;
      const why = checkReply(message, reply);
      if (why) problems.push({ i, why });
      // The answer must always be encodable for the WebSocket.
      if (reply) expect(() => encodeJson(reply)).not.toThrow();
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(rec.violations.slice(0, 3)).toEqual([]);
    expect(failures).toEqual([]);
    // Sanity: the fuzz reached the handlers and the error paths.
    expect(rec.calls).toBeGreaterThan(DIRECT_COUNT / 10);
    expect(answered).toBeGreaterThan(DIRECT_COUNT / 2);
    assertNoPollution();
  });

  describe('over a real WebSocket', () => {
    let uiDir: string;
    let server: WebServer;
    let rec: Recorder;

    beforeAll(async () => {
      uiDir = mkdtempSync(join(tmpdir(), 'studio-fuzz-ui-'));
      writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
      rec = recordingHandlers();
      server = await startWebServer({ handlers: rec.handlers, uiDir });
    });

    afterAll(async () => {
      await server?.close();
      rmSync(uiDir, { recursive: true, force: true });
    });

    it(`${WS_COUNT} random, mutated, malformed and binary frames: one answer per usable id, a close for the rest, the server stays up`, async () => {
      const r = prng(SEED ^ 0x9e3779b9);
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { authorization: `Bearer ${server.token}` } });
      await new Promise((resolve, reject) => {
        ws.once('open', resolve);
        ws.once('error', reject);
      });
      let closed = false;
      ws.on('close', () => (closed = true));
      const replies: ResponseMessage[] = [];
      const undecodable: string[] = [];
      let waiter: (() => void) | null = null;
      ws.on('message', (data) => {
        try {
          replies.push(decodeJson(data.toString()) as ResponseMessage);
        } catch {
          undecodable.push(data.toString().slice(0, 100));
        }
        waiter?.();
      });
      const waitUntil = async (cond: () => boolean, ms = 10_000) => {
        const end = Date.now() + ms;
        while (!cond() && Date.now() < end) await new Promise<void>((res) => ((waiter = res), setTimeout(res, 50)));
        waiter = null;
      };

      const closing: { frame: string | Buffer; binary: boolean }[] = [];
      const SENTINEL_BASE = 1_000_000_000;
      let expected = 0;
      let sent = 0;
      let mismatched = 0;
      for (let batch = 0; sent < WS_COUNT; batch++) {
        const startReplies = replies.length;
        let batchExpected = 0;
        for (let j = 0; j < WS_BATCH && sent < WS_COUNT; j++, sent++) {
          const id = sent;
          const k = r();
          let frame: string | Buffer;
          let binary = false;
          if (k < 0.06) {
            frame = randString(r, 200);
          } else if (k < 0.1) {
            frame = Buffer.from(JSON.stringify(validRequest(r, id)));
            binary = true;
          } else if (k < 0.13) {
            // Deep nesting as text: shallow enough to decode, or far too deep to.
            const d = pick(r, [10, 500, 1000, 20_000, 200_000]);
            const open = chance(r, 0.5) ? '[' : '{"a":';
            const close = open === '[' ? ']' : '}';
            frame = `{"kind":"request","id":${id},"method":"file.read","params":{"path":${open.repeat(d)}1${close.repeat(d)}}}`;
          } else if (k < 0.25) {
            // Mutated text: flips, cuts and insertions in a valid request.
            const chars = JSON.stringify(validRequest(r, id)).split('');
            for (let m = 1 + int(r, 3); m > 0; m--) {
              const at = int(r, chars.length);
              const op = int(r, 3);
              if (op === 0) chars[at] = String.fromCharCode(int(r, 128));
              else if (op === 1) chars.splice(at);
              else chars.splice(at, 0, pick(r, ['{', '}', '"', ',', ':', '\\', '"__proto__":{}', '\u0000']));
            }
            frame = chars.join('');
          } else {
            frame = JSON.stringify(randomMessage(r, id, true)) ?? 'null';
          }
          // A frame that names a request gets an answer; any other closes its connection (checked on a sample below).
          if (binary || !hasUsableId(plainJson(frame as string))) {
            if (closing.length < CLOSE_SAMPLE) closing.push({ frame, binary });
            continue;
          }
          batchExpected++;
          ws.send(frame, { binary });
        }
        const sentinel = SENTINEL_BASE + batch;
        ws.send(JSON.stringify({ kind: 'request', id: sentinel, method: 'project.get', params: {} }));
        batchExpected++;
        expected += batchExpected;
        await waitUntil(() => replies.length - startReplies >= batchExpected || closed);
        expect(closed, `socket closed in batch ${batch}`).toBe(false);
        expect(replies.some((m) => m.id === sentinel), `sentinel of batch ${batch} answered`).toBe(true);
        if (replies.length - startReplies !== batchExpected) mismatched++;
      }
      await new Promise((res) => setTimeout(res, 100));
      expect(undecodable).toEqual([]);
      expect(mismatched).toBe(0);
      expect(replies.length).toBe(expected);
      for (const m of replies) {
        expect(m.kind).toBe('response');
        if (!m.ok) expect(ERROR_CODES.has(m.error.code), m.error.code).toBe(true);
      }
      expect(rec.violations.slice(0, 3)).toEqual([]);
      expect(rec.calls).toBeGreaterThan(WS_COUNT / 20);
      expect(failures).toEqual([]);

      // Frames with nothing to answer to: each closes its own connection with a code, unanswered.
      expect(closing.length).toBe(CLOSE_SAMPLE);
      for (const { frame, binary } of closing) {
        const one = new WebSocket(`ws://127.0.0.1:${server.port}/rpc`, { headers: { authorization: `Bearer ${server.token}` } });
        let answered = false;
        one.on('message', () => (answered = true));
        const code = await new Promise<number>((resolve, reject) => {
          one.once('open', () => one.send(frame, { binary }));
          one.once('close', (n) => resolve(n));
          one.once('error', reject);
        });
        expect([1003, 1007, 1008], String(frame).slice(0, 80)).toContain(code);
        expect(answered).toBe(false);
      }

      // A fresh client still gets a proper answer at the end.
      ws.terminate();
      const fresh = new WebSocket(`ws://127.0.0.1:${server.port}/rpc?token=${server.token}`);
      const answer = await new Promise<unknown>((resolve, reject) => {
        fresh.once('open', () => fresh.send(encodeJson({ kind: 'request', id: 1, method: 'file.read', params: { path: 'src/main.c' } })));
        fresh.once('message', (d) => resolve(decodeJson(d.toString())));
        fresh.once('error', reject);
      });
      fresh.terminate();
      expect(answer).toMatchObject({ kind: 'response', id: 1 });
      expect(typeof (answer as { ok: unknown }).ok).toBe('boolean');
      assertNoPollution();
    });
  });
});
