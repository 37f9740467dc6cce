// Reading and writing a repository's own files when the repository may come from a stranger:
// only regular files whose real path lies inside the workspace folder, and never more bytes
// than the caller accepts, counted as they are read (a symlink to /dev/zero has a stat size of 0
// and no end). A FIFO is opened without blocking and refused; so are devices, sockets,
// directories, dangling or looping links, and anything a symlink (or a linked `.incidents/`)
// would take outside the folder.
import { closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { decodeUtf8 } from '../core/encoding';

/** Why a file was not read, in words for the Problems panel or the log. */
export interface Skipped {
  skipped: string;
  /** Read, but its bytes are not UTF-8 (or are UTF-16): the reason says which. */
  notUtf8?: true;
}

/** A regular file inside the folder, read whole. */
export interface ReadFile {
  text: string;
  /** From the open file itself (fstat), so the stamp belongs to the bytes read. */
  stats: Stats;
}

/** No such file (or it went away while being read): nothing to report, just nothing there. */
export const MISSING = 'missing';

// Windows has neither; there a FIFO cannot sit in a folder, and links are checked by realpath.
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
const NON_BLOCK = constants.O_NONBLOCK ?? 0;

/** Whether `path` is `root` or below it, both absolute and already real (or both lexical). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `root`, or `root` itself when it cannot be resolved (it then contains nothing real). */
export function realRoot(root: string): string {
  try {
    return realpathSync.native(root);
  } catch {
    return root;
  }
}

/**
 * Reads `file` as UTF-8 when it is a regular file whose real path is inside `root`, and at most
 * `maxBytes` long. `root` is the workspace folder (lexical or real; it is resolved here unless
 * `rootIsReal`). Strict UTF-8 (encoding.ts) unless `lossy`. Never throws: MISSING when there is no
 * file, Skipped with the reason otherwise.
 */
export function readFileInside(root: string, file: string, maxBytes: number, rootIsReal = false, lossy = false): ReadFile | Skipped | typeof MISSING {
  const real = resolveInside(rootIsReal ? root : realRoot(root), file);
  if (typeof real !== 'string' || real === MISSING) return real;
  return readRegularFile(real, maxBytes, lossy);
}

/**
 * readFileInside's bytes, undecoded: for text decoded where it is parsed (the parse worker), so that
 * the extension host neither decodes nor copies it as a string. Never throws, as readFileInside.
 */
export function readFileBytesInside(root: string, file: string, maxBytes: number): { bytes: Buffer; stats: Stats } | Skipped | typeof MISSING {
  const real = resolveInside(realRoot(root), file);
  if (typeof real !== 'string' || real === MISSING) return real;
  return readRegularFileBytes(real, maxBytes);
}

/**
 * Reads `real` (a path resolveInside returned) when it is a regular file of at most `maxBytes`.
 * Never throws: MISSING when it went away, Skipped with the reason otherwise.
 */
export function readRegularFile(real: string, maxBytes: number, lossy = false): ReadFile | Skipped | typeof MISSING {
  const read = readRegularFileBytes(real, maxBytes);
  if (read === MISSING || 'skipped' in read) return read;
  const { bytes, stats } = read;
  // UTF-8 only, strictly (encoding.ts): a BOM is kept as the first character, other encodings are a reason.
  // `lossy` (code files, only read): bytes that are not UTF-8 become replacement characters.
  if (lossy) return { text: bytes.toString('utf8'), stats };
  const decoded = decodeUtf8(bytes);
  return 'problem' in decoded ? { skipped: decoded.problem, notUtf8: true } : { text: decoded.text, stats };
}

/**
 * The bytes of `real` (a path resolveInside returned) when it is a regular file of at most
 * `maxBytes`, undecoded: for text the caller decodes elsewhere (an incident file goes to the parse
 * worker as bytes, so the extension host neither decodes nor copies it as a string). `bytes` is a
 * Buffer of its own memory, about the file's size. Never throws, as readRegularFile.
 */
export function readRegularFileBytes(real: string, maxBytes: number): { bytes: Buffer; stats: Stats } | Skipped | typeof MISSING {
  // O_NOFOLLOW: the path checked by resolveInside cannot have become a link since.
  return readRegular(real, maxBytes, NO_FOLLOW);
}

/**
 * The real path of `file` when that lies inside `realRootPath` (already real), MISSING when
 * `file` does not exist, Skipped when it is a link that dangles, loops or leaves the folder.
 * With `parentInside` (the caller checked the folder holding `file`), a file that is not a
 * link is taken as it is, without resolving its path again: one lstat per file of a load.
 */
export function resolveInside(realRootPath: string, file: string, parentInside = false): string | Skipped | typeof MISSING {
  if (parentInside) {
    // The folder holding `file` is already known to lie inside: a file that is no link is inside too.
    try {
      if (!lstatSync(file).isSymbolicLink()) return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return MISSING;
    }
  }
  let real: string;
  try {
    // The native realpath: one call on the happy path, which every file of a load takes.
    real = realpathSync.native(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return isLink(file) ? { skipped: 'A symbolic link to a file that does not exist; it is not read.' } : MISSING;
    if (code === 'ELOOP') return { skipped: 'A symbolic link that loops; it is not read.' };
    return { skipped: `The file could not be read: ${(error as Error).message}` };
  }
  if (!isInside(realRootPath, real)) {
    const how = isLink(file) ? `A symbolic link to ${real}` : `Reached through a linked folder at ${real}`;
    return { skipped: `${how}, outside the workspace folder; it is not read.` };
  }
  return real;
}

/**
 * Where a write to `file` really lands, checked to stay inside `root` (the workspace folder):
 * the real path of the file, or of its folder for a file not yet created. Throws an Error that
 * says why when the write would leave the folder; a missing folder is left for the writer to report.
 */
export function writeTargetInside(root: string, file: string): string {
  const rootReal = realRoot(root);
  let target: string;
  try {
    target = realpathSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    try {
      target = join(realpathSync(dirname(file)), basename(file));
    } catch {
      return file; // No folder to write into: the lock reports it.
    }
    // A dangling link would be followed by the rename's target check below.
    if (isLink(file)) throw new Error(`${basename(file)} is a symbolic link to a file that does not exist; nothing was written.`);
  }
  if (!isInside(rootReal, target)) {
    throw new Error(`${basename(file)} resolves to ${target}, outside the workspace folder ${root}; nothing was written.`);
  }
  return target;
}

/**
 * The workspace folder an incident file belongs to, from its place: `<folder>/.incidents/<name>`.
 * A file elsewhere belongs to its own directory, so it still cannot be written through a link out of it.
 */
export function folderOfIncidentFile(file: string): string {
  const dir = dirname(file);
  return basename(dir) === '.incidents' ? dirname(dir) : dir;
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/**
 * The bytes of `path` when it is a regular file (links followed) of at most `maxBytes`; MISSING
 * when it does not exist; undefined when it is anything else (a device, a FIFO, a folder, too
 * big) or cannot be read. For a repository's own files (`.git/…`, `.mailmap`): a link to
 * `/dev/zero` costs one open and one fstat, never an unbounded read. A missing file is found by
 * existsSync, not by a failed open: Node builds an Error with a stack for that, which costs
 * more than the read (mining probes several files that are usually absent).
 */
export function readRegularBytes(path: string, maxBytes: number): Buffer | typeof MISSING | undefined {
  if (!existsSync(path)) return MISSING;
  const read = readRegular(path, maxBytes, 0);
  return read === MISSING ? MISSING : 'skipped' in read ? undefined : read.bytes;
}

/**
 * A small file's text (a ref, `.mailmap`, a cache file), '' when it is missing, not a regular
 * file or over 8 MiB. Read synchronously: an asynchronous read is four thread-pool round trips,
 * which on a busy machine cost far more than reading a few bytes; the bound keeps
 * `HEAD -> /dev/zero` from reading forever.
 */
export function readSmallText(file: string): string {
  const bytes = readRegularBytes(file, SMALL_TEXT_BYTES);
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8') : '';
}

const SMALL_TEXT_BYTES = 8 * 1024 * 1024;

/** The bytes of `path` when it is a regular file of at most `maxBytes` (`flags` added to the open); never throws. */
function readRegular(path: string, maxBytes: number, flags: number): { bytes: Buffer; stats: Stats } | Skipped | typeof MISSING {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO opens at once.
    fd = openSync(path, constants.O_RDONLY | NON_BLOCK | flags);
  } catch (error) {
    return openFailure(error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) return { skipped: `${kindOf(stats)}, not a regular file; it is not read.` };
    const bytes = readAtMost(fd, maxBytes + 1, stats.size);
    if (bytes.length > maxBytes) return { skipped: `The file is over ${sizeText(maxBytes)}; it is not read.` };
    return { bytes, stats };
  } catch (error) {
    return openFailure(error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads until `limit` bytes or the end, whichever comes first: what the file really holds, not what
 * stat says. `sizeHint` (stat's size) sizes the first buffer, one byte more so that the end shows
 * in it: a file as big as stat says is one buffer of its own size, neither 64 KiB for a file of 200
 * bytes (1,500 small files were 96 MiB of buffers, and the collections they cause block the host)
 * nor chunks copied together. A file longer than stat said is read on in chunks.
 */
function readAtMost(fd: number, limit: number, sizeHint = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  for (let size = Math.max(1, Math.min(limit, sizeHint + 1)); total < limit; size = Math.min(limit - total, 64 * 1024)) {
    // Unpooled: the buffer is the file's alone (posted to the parse worker, it copies no neighbours).
    const chunk = Buffer.allocUnsafeSlow(size);
    let filled = 0;
    for (let read = -1; read !== 0 && filled < size;) filled += read = readSync(fd, chunk, filled, size - filled, null);
    if (filled > 0) chunks.push(filled === size ? chunk : chunk.subarray(0, filled));
    total += filled;
    if (filled < size) break;
  }
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, total);
}

function openFailure(error: unknown): Skipped | typeof MISSING {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return MISSING;
  if (code === 'ELOOP') return { skipped: 'It became a symbolic link while being read; it is not read.' };
  if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return { skipped: 'It would block (a pipe or device); it is not read.' };
  return { skipped: `The file could not be read: ${(error as Error).message}` };
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'A directory';
  if (stats.isFIFO()) return 'A named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'A character device';
  if (stats.isBlockDevice()) return 'A block device';
  if (stats.isSocket()) return 'A socket';
  return 'Not a regular file';
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`;
}
