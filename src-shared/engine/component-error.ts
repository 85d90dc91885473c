/**
 * One line for a .wasm that jco (or wasm-tools inside it) could not read. Their errors are
 * Rust `anyhow` chains ("failed to extract interface information from component\n\nCaused by:\n
 * 0: …\n 1: malformed section id (at offset 0x8)") and a Rust panic is a trap ("unreachable")
 * whose message went to stderr. The deepest cause is the useful part: it says what is wrong
 * with the bytes and where.
 */
export function invalidComponentLine(message: string, stderr = ''): string {
  const panic = panicMessage(stderr);
  if (panic !== null) return `not a valid component: jco crashed reading it (${panic})`;
  const lines = message
    .split('\n')
    .map((l) => l.trim().replace(/^\d+:\s*/, ''))
    .filter((l) => l && l !== 'Caused by:' && !/^at\s/.test(l) && l !== '$');
  const causeAt = message.split('\n').findIndex((l) => l.trim() === 'Caused by:');
  // With a "Caused by:" chain, its last entry; otherwise jco's own two-line form puts the cause second.
  const meaningful = causeAt >= 0 ? lines[lines.length - 1] : (lines[1] ?? lines[0]);
  const line = (meaningful ?? 'unknown error').replace(/^\$/, '');
  return `not a valid component: ${line.length > 300 ? line.slice(0, 300) + '…' : line}`;
}

/** The message of a Rust panic in what a Wasm program wrote to stderr, or null when there is none. */
export function panicMessage(stderr: string): string | null {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => l.includes('panicked at'));
  if (at < 0) return null;
  // Rust before 1.73: panicked at 'message', file:line:col
  const old = /panicked at '(.*)', \S+$/.exec(lines[at]!);
  if (old) return old[1]!;
  // Since: panicked at file:line:col:\nmessage
  const next = lines[at + 1]?.trim();
  return next && !next.startsWith('note:') && !next.startsWith('stack backtrace') ? next : lines[at]!.trim().replace(/^thread '.*' /, '');
}
