import * as wasi from '@bytecodealliance/preview2-shim';
import { WASIShim } from '@bytecodealliance/preview2-shim/instantiation';
import type { ImportObject } from '../../../src-shared/capabilities/imports';
import type { EngineShim, RunIo } from '../../../src-shared/engine/contract';
import { nodeFilesystem, realFolder } from '../fs/node-filesystem';
import { readerStream, writerStream } from '../fs/streams';
import { pollWithReady, ready } from '../ready-pollable';

type Shim = {
  http: { outgoingHandler: object };
};
const { http } = wasi as unknown as Shim;

/**
 * The Node engine's base imports. The Node shim ignores per-instance stdout/stdin options and its
 * exit calls process.exit, so streams are our own subclasses (the glue checks instanceof) and
 * exit is replaced by src-shared's enforce(). The filesystem is our own (fs/), anchored to fds.
 */
export const nodeShim: EngineShim = {
  baseImports(runIo: RunIo): ImportObject {
    // The shim's network is on only when a grant asks for it; src-shared's network() checks every way out.
    const shim = new WASIShim({ sandbox: { preopens: {}, env: {}, args: [], enableNetwork: runIo.network.sockets } });
    const base = shim.getImportObject() as unknown as ImportObject;
    // enableNetwork also governs the shim's http handler: with sockets off it throws a bare string
    // (a trap). A granted http allow-list gets the shim's real handler back, checked by src-shared.
    if (runIo.network.http) base['wasi:http/outgoing-handler'] = http.outgoingHandler as ImportObject[string];
    const stdout = writerStream((bytes) => runIo.write('stdout', bytes));
    const stderr = writerStream((bytes) => runIo.write('stderr', bytes));
    const stdin = stdinReader(runIo.stdin);
    const fs = nodeFilesystem(runIo.mounts);
    runIo.atEnd(fs.close);
    return {
      ...base,
      ...fs.imports,
      'wasi:io/poll': { ...base['wasi:io/poll'], poll: pollWithReady },
      'wasi:cli/stdout': { getStdout: () => stdout },
      'wasi:cli/stderr': { getStderr: () => stderr },
      'wasi:cli/stdin': { getStdin: () => stdin },
      // Captured streams are not terminals. The Node shim says they are, which makes libc
      // line-buffer in Node but not in the browser: the same program would write differently.
      'wasi:cli/terminal-stdin': { getTerminalStdin: () => undefined },
      'wasi:cli/terminal-stdout': { getTerminalStdout: () => undefined },
      'wasi:cli/terminal-stderr': { getTerminalStderr: () => undefined },
    };
  },
  realFolder,
  httpStreams: { reader: readerStream, writer: writerStream, ready },
};

/** Stdin as the run gives it: its bytes, then end of stream. */
function stdinReader(data: Uint8Array | null) {
  let offset = 0;
  return readerStream((len: bigint) => {
    if (!data || offset >= data.length) throw { tag: 'closed' };
    const chunk = data.subarray(offset, offset + Number(len));
    offset += chunk.length;
    return chunk;
  });
}
