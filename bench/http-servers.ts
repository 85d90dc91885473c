import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { appRoot } from '../src-main/paths';
import { jcoBin } from './baseline';

export interface ServerProc {
  url: string;
  stop(): void;
}

/**
 * Starts a server as its own process group and waits for the line that names its address.
 * `jco serve` runs the component in a child node process of its own, which outlives a kill of
 * its parent: the whole group is killed on stop.
 */
function startServer(file: string, args: string[], address: RegExp, what: string): Promise<ServerProc> {
  const child: ChildProcess = spawn(file, args, { cwd: appRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  let seen = '';
  return new Promise<ServerProc>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${what} did not report its address within 120 s:\n${seen}`)), 120_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      stop();
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = address.exec(seen);
      if (!m) return;
      clearTimeout(timer);
      // Keep draining both pipes, or a server writing a line per request would block on a full pipe.
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      child.stdout!.resume();
      child.stderr!.resume();
      resolve({ url: `http://127.0.0.1:${m[1]}`, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${what} exited (${code}) before serving:\n${seen}`)));
  });
}

/**
 * `component-studio serve` of a built component with clocks and random granted (StarlingMonkey
 * reads both while it starts; jco serve grants everything), any free port.
 */
export const studioServe = (wasm: string, maxConcurrent: number) =>
  startServer(
    process.execPath,
    [join(appRoot, 'bin', 'component-studio.js'), 'serve', wasm, '--port', '0', '--clocks', 'real', '--random', 'real', '--max-concurrent', String(maxConcurrent)],
    /http:\/\/127\.0\.0\.1:(\d+)\//,
    'component-studio serve',
  );

/**
 * `jco serve --isolate-requests instance`: a fresh instance per request in one process, as the
 * studio's default. jco's default (one instance for every request) cannot serve a StarlingMonkey
 * handler: its second request fails with "FetchEvent#respondWith can't be called twice".
 */
export const jcoServe = (wasm: string) =>
  startServer(jcoBin, ['serve', wasm, '--host', '127.0.0.1', '--isolate-requests', 'instance'], /Server listening @ 127\.0\.0\.1:(\d+)/, 'jco serve');
