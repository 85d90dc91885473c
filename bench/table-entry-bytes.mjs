// What one Wasm table entry costs the host, for TABLE_ENTRY_BYTES in src-shared/engine/memory-limit.ts.
// Grows tables in a Node worker thread (as the runner does) and in a Chromium dedicated worker (as the
// browser engine does), reading resident memory before and after, and prints bytes per entry.
// Run from the repo root: node bench/table-entry-bytes.mjs   (Linux: reads /proc)
import { parse } from '@bytecodealliance/jco';
import { chromium } from 'playwright';
import { Worker } from 'node:worker_threads';
import { readdirSync, readFileSync } from 'node:fs';

const CASES = [
  // [element type, entries per table, tables, entries per table.grow]
  ['funcref', 10_000_000, 1, 1000],
  ['externref', 10_000_000, 1, 1000],
  ['funcref', 1_000_000, 4, 100],
  ['funcref', 1_000_000, 1, 1],
];

const read = (path) => { try { return readFileSync(path, 'utf8'); } catch { return ''; } };
const kib = (status, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024;

/** A module with `tables` empty tables and grow(n) growing each of them by n (returns -1 once refused). */
async function bomb(kind, tables) {
  const ids = Array.from({ length: tables }, (_, i) => i);
  const nul = kind === 'funcref' ? 'func' : 'extern';
  return parse(`(module ${ids.map((i) => `(table $t${i} 0 ${kind})`).join(' ')}
    (func (export "grow") (param i32) (result i32) (local $r i32)
      ${ids.map((i) => `(local.set $r (table.grow $t${i} (ref.null ${nul}) (local.get 0)))`).join('\n')}
      (local.get $r)))`);
}

// The same loop in both hosts: grow by `step` until n entries or refused.
const GROW_LOOP = `(inst, n, step) => { let got = 0; while (got < n && inst.exports.grow(step) >= 0) got += step; return got; }`;

async function inNode([kind, n, tables, step]) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads'); const fs = require('node:fs');
     const status = () => fs.readFileSync('/proc/self/status', 'utf8');
     const inst = new WebAssembly.Instance(new WebAssembly.Module(workerData.bytes));
     const before = status(); const got = (${GROW_LOOP})(inst, workerData.n, workerData.step);
     parentPort.postMessage({ before, after: status(), got });`,
    { eval: true, workerData: { bytes: await bomb(kind, tables), n, step } },
  );
  const m = await new Promise((resolve) => worker.once('message', resolve));
  await worker.terminate();
  const entries = m.got * tables;
  return { rss: (kib(m.after, 'VmRSS') - kib(m.before, 'VmRSS')) / entries, peak: (kib(m.after, 'VmHWM') - kib(m.before, 'VmHWM')) / entries };
}

/** Sum of a field over every process under this one (Chromium's). */
function treeKib(field) {
  const kids = new Map();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const pp = Number(/PPid:\s+(\d+)/.exec(read(`/proc/${e}/status`))?.[1]);
    kids.set(pp, [...(kids.get(pp) ?? []), Number(e)]);
  }
  const all = [process.pid];
  for (let i = 0; i < all.length; i++) all.push(...(kids.get(all[i]) ?? []));
  return all.slice(1).reduce((sum, pid) => sum + kib(read(`/proc/${pid}/status`), field), 0);
}

async function inChromium(browser, [kind, n, tables, step]) {
  const page = await browser.newPage();
  await page.goto('about:blank');
  await page.evaluate(([bytes, loop]) => {
    const src = `let inst; onmessage = (e) => { if (e.data.bytes) { inst = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(e.data.bytes))); postMessage(0); } else postMessage((${loop})(inst, e.data.n, e.data.step)); };`;
    const w = new Worker(URL.createObjectURL(new Blob([src])));
    window.ask = (m) => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage(m); });
    return window.ask({ bytes });
  }, [[...(await bomb(kind, tables))], GROW_LOOP]);
  const before = treeKib('VmRSS');
  let peak = before;
  const poll = setInterval(() => (peak = Math.max(peak, treeKib('VmRSS'))), 5);
  const got = await page.evaluate(([n, step]) => window.ask({ n, step }), [n, step]);
  clearInterval(poll);
  const after = treeKib('VmRSS');
  await page.close();
  const entries = got * tables;
  return { rss: (after - before) / entries, peak: (Math.max(peak, after) - before) / entries };
}

const round = (r) => ({ rss: Math.round(r.rss * 10) / 10, peak: Math.round(r.peak * 10) / 10 });
// One case per process (node) and per browser (Chromium), so no case inherits another's garbage or high-water mark.
const only = process.argv[2];
if (only !== undefined) {
  const c = CASES[Number(only)];
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const label = `${c[0]} ${c[2]} x ${c[1]} entries, steps of ${c[3]}`;
  console.log(label.padEnd(44), 'node', JSON.stringify(round(await inNode(c))), 'chromium', JSON.stringify(round(await inChromium(browser, c))), 'bytes/entry');
  await browser.close();
} else {
  const { execFileSync } = await import('node:child_process');
  for (const i of CASES.keys()) execFileSync(process.execPath, [new URL(import.meta.url).pathname, String(i)], { stdio: 'inherit' });
}
