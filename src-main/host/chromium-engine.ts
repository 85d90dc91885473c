import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import type { CallableFunction } from '../../src-shared/engine/calls';
import type { Engine, HandledResult, PreparedComponent } from '../../src-shared/engine/engine';
import type { HttpRequest } from '../../src-shared/engine/http-handler';
import { handledFromWire, requestToWire, type WireHandled, type WireRequest } from '../../src-shared/engine/http-wire';
import type { StreamName } from '../../src-shared/engine/output';
import { preparedToWire, type WirePrepared } from '../../src-shared/engine/prepared-wire';
import type { RunResult } from '../../src-shared/protocol/types';
import { ISOLATION_HEADERS, STUDIO_CSP } from '../../src-shared/protocol/csp';
import { rendererDir } from '../paths';
import { readStatic } from '../web/static';
import { chromiumArgs, chromiumPath } from './chromium-binary';

/**
 * The browser engine outside the UI: headless Chromium loads the built engine page from a
 * loopback server that lives as long as this object, and runs components with the very code the
 * studio's renderer uses.
 */
export class ChromiumEngine {
  /** The page each run in flight is in, so Stop reaches it. */
  private readonly pageOf = new Map<string, Page>();

  private constructor(
    private readonly browser: Browser,
    private readonly close_: () => Promise<void>,
    private readonly origin: string,
  ) {}

  static async start(): Promise<ChromiumEngine> {
    const exe = chromiumPath();
    if (!exe) throw new Error('no Chromium found for the browser engine: install it (apt-get install chromium) or set CHROMIUM_PATH');
    const root = rendererDir();
    if (!existsSync(`${root}/engine-host.html`)) throw new Error(`the browser engine is not built (${root}): run "npm run build"`);
    const server = createServer((req, res) => {
      const file = readStatic(root, new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': file.type, 'Content-Security-Policy': STUDIO_CSP, 'X-Content-Type-Options': 'nosniff', ...ISOLATION_HEADERS });
      res.end(file.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Loaded here, not at the top: Playwright costs every CLI command ~0.4 s of start-up, and most
    // never start a browser. Required, not imported: an import of this CommonJS package first has
    // Node scan its 3 MiB bundle for export names (~0.2 s of CPU).
    const { chromium } = createRequire(import.meta.url)('playwright-core') as typeof import('playwright-core');
    const browser = await chromium.launch({ executablePath: exe, args: chromiumArgs(exe) }).catch((err: Error) => {
      server.close();
      throw new Error(`Chromium at ${exe} did not start: ${err.message.split('\n')[0]}`);
    });
    return new ChromiumEngine(browser, () => new Promise((r) => server.close(() => r())), origin);
  }

  run(runId: string, prepared: PreparedComponent, onOutput?: (s: StreamName, t: string) => void): Promise<RunResult> {
    return this.inPage(runId, prepared, null, onOutput);
  }

  /** Calls an exported function in the browser engine; WAVE text in and out. */
  call(runId: string, prepared: PreparedComponent, target: CallableFunction, args: string[]): Promise<RunResult> {
    return this.inPage(runId, prepared, { target, args });
  }

  /** Hands one HTTP request to the component's incoming handler in the browser engine; bodies cross as base64. */
  async handle(runId: string, prepared: PreparedComponent, request: HttpRequest, onOutput?: (s: StreamName, t: string) => void): Promise<HandledResult> {
    return handledFromWire(await this.inPage(runId, prepared, { request: requestToWire(request) }, onOutput));
  }

  private async inPage(runId: string, prepared: PreparedComponent, what: { request: WireRequest }, onOutput?: (s: StreamName, t: string) => void): Promise<WireHandled>;
  private async inPage(runId: string, prepared: PreparedComponent, what: { target: CallableFunction; args: string[] } | null, onOutput?: (s: StreamName, t: string) => void): Promise<RunResult>;
  private async inPage(
    runId: string,
    prepared: PreparedComponent,
    what: { target: CallableFunction; args: string[] } | { request: WireRequest } | null,
    onOutput?: (s: StreamName, t: string) => void,
  ): Promise<RunResult | WireHandled> {
    const page = await this.browser.newPage();
    try {
      if (onOutput) await page.exposeFunction('studioOutput', (s: StreamName, t: string) => onOutput(s, t));
      await page.goto(`${this.origin}/engine-host.html`);
      // These callbacks run in the page, whose globals the Node tsconfig does not describe.
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.title === 'engine ready');
      this.pageOf.set(runId, page);
      const wire = preparedToWire(prepared, new Set());
      if (what && 'request' in what) {
        return await page.evaluate(([id, p, r]) => (globalThis as unknown as PageGlobals).studioEngine.handle(id, p, r), [runId, wire, what.request] as const);
      }
      const call = what;
      if (call) {
        return await page.evaluate(([id, p, t, args]) => (globalThis as unknown as PageGlobals).studioEngine.call(id, p, t, args), [runId, wire, call.target, call.args] as const);
      }
      return await page.evaluate(([id, p]) => (globalThis as unknown as PageGlobals).studioEngine.run(id, p), [runId, wire] as const);
    } finally {
      this.pageOf.delete(runId);
      await page.close();
    }
  }

  private warm: Promise<Page> | null = null;
  private warmQueue: Promise<unknown> = Promise.resolve();
  private warmOutput: ((s: StreamName, t: string) => void) | undefined;
  /** Component hashes the warm page holds already. */
  private readonly warmHolds = new Set<string>();

  /**
   * Like run(), but in one engine page kept loaded across calls, as the studio's own renderer is:
   * the page, its compiled-module cache and the JIT stay warm, so a run costs the Web Worker and
   * the run itself instead of a page load. Runs through this page go one at a time. With `call`,
   * an exported function is called instead of running the command (WAVE text in and out).
   */
  runWarm(
    runId: string,
    prepared: PreparedComponent,
    onOutput?: (s: StreamName, t: string) => void,
    call?: { target: CallableFunction; args: string[] },
  ): Promise<RunResult> {
    const result = this.warmQueue.then(async () => {
      const page = await (this.warm ??= this.openWarmPage());
      this.warmOutput = onOutput;
      this.pageOf.set(runId, page);
      try {
        // The warm page keeps what it was sent: after the first run of a component, only its hash travels.
        const wire = preparedToWire(prepared, this.warmHolds);
        const result = call
          ? await page.evaluate(([id, p, t, args]) => (globalThis as unknown as PageGlobals).studioEngine.call(id, p, t, args), [runId, wire, call.target, call.args] as const)
          : await page.evaluate(([id, p]) => (globalThis as unknown as PageGlobals).studioEngine.run(id, p), [runId, wire] as const);
        for (const a of [prepared.artifacts, ...(prepared.link?.linked ?? []).map((m) => m.artifacts)]) this.warmHolds.add(a.hash);
        return result;
      } finally {
        this.pageOf.delete(runId);
        this.warmOutput = undefined;
      }
    });
    this.warmQueue = result.catch(() => {});
    return result;
  }

  private async openWarmPage(): Promise<Page> {
    const page = await this.browser.newPage();
    try {
      await page.exposeFunction('studioOutput', (s: StreamName, t: string) => this.warmOutput?.(s, t));
      await page.goto(`${this.origin}/engine-host.html`);
      await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.title === 'engine ready');
    } catch (err) {
      this.warm = null;
      await page.close().catch(() => {});
      throw err;
    }
    // A crashed or closed page is replaced on the next run, and holds nothing.
    this.warmHolds.clear();
    const forget = () => {
      this.warm = null;
      this.warmHolds.clear();
    };
    page.on('crash', forget);
    page.on('close', forget);
    return page;
  }

  /** Stops a run in its page; false when the run is not in a page (yet, or any more). */
  async stop(runId: string): Promise<boolean> {
    const page = this.pageOf.get(runId);
    if (!page) return false;
    return page.evaluate((id) => (globalThis as unknown as PageGlobals).studioEngine.stop(id), runId).catch(() => false);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.close_();
  }
}

interface PageGlobals {
  document: { title: string };
  studioEngine: {
    run(runId: string, prepared: WirePrepared): Promise<RunResult>;
    call(runId: string, prepared: WirePrepared, target: CallableFunction, args: string[]): Promise<RunResult>;
    handle(runId: string, prepared: WirePrepared, request: WireRequest): Promise<WireHandled>;
    stop(runId: string): Promise<boolean>;
  };
}

/**
 * The browser engine as an Engine driven from Node (the CLI's --engine browser, the benchmark):
 * `chromium` gives the running Chromium (started when first asked for), `source` the component per
 * run; `warm` sends every run through the one page kept loaded (runWarm).
 */
export function chromiumEngine(chromium: () => Promise<ChromiumEngine>, source: () => Promise<PreparedComponent>, warm = false): Engine {
  const ready = () => Promise.all([chromium(), source()]);
  return {
    name: 'browser',
    prepare: async () => void (await ready()),
    async run(runId, hooks = {}) {
      const [c, prepared] = await ready();
      return warm ? c.runWarm(runId, prepared, hooks.onOutput) : c.run(runId, prepared, hooks.onOutput);
    },
    // The page turns WAVE text into JS values and back: those values cannot cross evaluate().
    async call(runId, target, args, hooks = {}) {
      const [c, prepared] = await ready();
      return warm ? c.runWarm(runId, prepared, hooks.onOutput, { target, args }) : c.call(runId, prepared, target, args);
    },
    // A fresh page per request, warm or not: the warm page's queue is for runs and calls. So a
    // page has no worker to keep an instance in, and reuse is not possible here (the CLI refuses it).
    async handle(runId, request, hooks = {}) {
      const [c, prepared] = await ready();
      return c.handle(runId, prepared, request, hooks.onOutput);
    },
    stop: async (runId) => (await chromium()).stop(runId),
  };
}
