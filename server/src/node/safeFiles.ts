/**
 * Reading files a repository controls, for the CLI and the language server alike:
 *
 * - Only regular files are read. A FIFO, a socket or a device (`.netpol-lint.yaml -> /dev/zero`, a
 *   FIFO named `x.yaml`) is refused with a reason (`not a regular file (a FIFO)`) and never read: the
 *   path is checked before it is opened, and the open file again (fstat) so that a file swapped in
 *   between is refused too; it is opened non-blocking, so a FIFO swapped in never blocks the open.
 * - A size limit is checked on the open file and while reading (a file that grows stops there).
 * - Symbolic links: `insideAny` says whether a real path (fs.realpath) lies inside one of the roots
 *   (real paths themselves); the callers read a path only when it does.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, promises as fsp, openSync, readSync, type Stats, statSync } from 'node:fs';
import * as path from 'node:path';

/** A file refused for what it is (not a regular file, too large): the message is the reason, one line. */
export class RefusedError extends Error {}

/** Read-only, never blocking on a FIFO, never becoming the controlling terminal (0 where the platform lacks the flag). */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const CHUNK = 64 * 1024;

/** What a path is, in words for a message: "a folder", "a FIFO", "a socket", "a character device"… */
export function kindOf(st: Stats): string {
  if (st.isFile()) return 'a regular file';
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

function refuseUnlessRegular(st: Stats, maxBytes: number): void {
  if (!st.isFile()) throw new RefusedError(`not a regular file (${kindOf(st)})`);
  if (st.size > maxBytes) throw new RefusedError(tooLarge(st.size, maxBytes));
}

function tooLarge(size: number | undefined, maxBytes: number): string {
  return `too large (${size === undefined ? 'it grew while being read' : `${size} bytes`}; the limit is ${sizeText(maxBytes)})`;
}

/** 1048576 -> "1 MiB", 5000 -> "5000 bytes". */
export function sizeText(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

/**
 * The bytes of a regular file (following symbolic links), at most maxBytes. Throws RefusedError for
 * anything else or anything larger, and Node's error (ENOENT, EACCES…) when it cannot be read.
 */
export function readRegularFileSync(file: string, maxBytes = Number.POSITIVE_INFINITY): Buffer {
  refuseUnlessRegular(statSync(file), maxBytes);
  const fd = openSync(file, OPEN_FLAGS);
  try {
    const st = fstatSync(fd);
    refuseUnlessRegular(st, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw new RefusedError(tooLarge(undefined, maxBytes));
      chunks.push(n === CHUNK ? buf : buf.subarray(0, n));
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

/** readRegularFileSync, without blocking the event loop. */
export async function readRegularFile(file: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Buffer> {
  refuseUnlessRegular(await fsp.stat(file), maxBytes);
  const handle = await fsp.open(file, OPEN_FLAGS);
  try {
    refuseUnlessRegular(await handle.stat(), maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new RefusedError(tooLarge(undefined, maxBytes));
      chunks.push(bytesRead === CHUNK ? buf : buf.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

/** A file's text, and whether its bytes were UTF-8 (if not, the text has U+FFFD in their place). */
export function decode(bytes: Buffer): { text: string; utf8: boolean } {
  return { text: bytes.toString('utf8'), utf8: isUtf8(bytes) };
}

/** Is this real path one of the roots or inside one (all real paths, from fs.realpath)? */
export function insideAny(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(path.sep) ? root : root + path.sep));
}

/** A Node file-system error in words: "no such file or directory", "permission denied"… */
export function describeError(e: unknown): string {
  if (e instanceof RefusedError) return e.message;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ENOTDIR') return 'a part of the path is not a folder';
  if (code === 'ELOOP') return 'too many levels of symbolic links';
  return code ?? (e instanceof Error ? e.message : String(e));
}
