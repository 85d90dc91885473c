/** Node's errno codes -> wasi:filesystem error-code, after preview2-shim's convertFsError table. */
const CODES: Record<string, string> = {
  EACCES: 'access',
  EAGAIN: 'would-block',
  EWOULDBLOCK: 'would-block',
  EALREADY: 'already',
  EBADF: 'bad-descriptor',
  EBUSY: 'busy',
  EDEADLK: 'deadlock',
  EDQUOT: 'quota',
  EEXIST: 'exist',
  EFBIG: 'file-too-large',
  EILSEQ: 'illegal-byte-sequence',
  EINPROGRESS: 'in-progress',
  EINTR: 'interrupted',
  EINVAL: 'invalid',
  EIO: 'io',
  EISDIR: 'is-directory',
  ELOOP: 'loop',
  EMLINK: 'too-many-links',
  EMSGSIZE: 'message-size',
  ENAMETOOLONG: 'name-too-long',
  ENODEV: 'no-device',
  ENOENT: 'no-entry',
  ENOLCK: 'no-lock',
  ENOMEM: 'insufficient-memory',
  ENOSPC: 'insufficient-space',
  ENOTDIR: 'not-directory',
  ERR_FS_EISDIR: 'not-directory',
  ERR_INVALID_ARG_VALUE: 'invalid',
  ENOTEMPTY: 'not-empty',
  ENOTRECOVERABLE: 'not-recoverable',
  ENOTSUP: 'unsupported',
  EOPNOTSUPP: 'unsupported',
  ENOTTY: 'no-tty',
  ENXIO: 'no-such-device',
  EOVERFLOW: 'overflow',
  EPERM: 'not-permitted',
  EPIPE: 'pipe',
  EROFS: 'read-only',
  ESPIPE: 'invalid-seek',
  ETXTBSY: 'text-file-busy',
  EXDEV: 'cross-device',
};

/** The error code for a host errno, or null when it is not one (a JS error from a bug). */
export function errorCodeOf(code: unknown): string | null {
  return typeof code === 'string' ? (CODES[code] ?? null) : null;
}

/**
 * What the guest gets for an error thrown by a node:fs call: the interface's code. A Node error's
 * message names the host path, so it never crosses; an errno we have no code for is `io`.
 */
export function toErrorCode(err: unknown): unknown {
  if (typeof err === 'string') return err; // already an error code (ours)
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') throw err; // not an errno: a bug, let it trap
  return errorCodeOf(code) ?? 'io';
}
