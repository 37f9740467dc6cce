// The incident index persisted between sessions, so the extension starts warm:
// 10,000 incident files take seconds to parse as YAML, their cached results a
// fraction of that as JSON. An entry is trusted only while its file keeps the
// size and mtime it had when it was read.
//
// Format: JSON Lines. The first line is a header; every other line is one file:
//   {"format":"incident-lens-index","version":1,"tag":"0.1.0"}
//   {"file":"/abs/.incidents/INC-1.yaml","size":1621,"mtimeMs":1767225600000,"incident":{...},"problems":[]}
// One line per file rather than one document: JSON.parse of the whole 18 MB cache of
// 10,000 incidents would block the extension host for 0.15-0.25 s, while lines parse in
// slices that yield. A bad line costs only its file, which is read again.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Incident, Problem } from '../core/model';

const FORMAT = 'incident-lens-index';
/** Bump when the shape of a line or of Incident changes: an old cache is then ignored. */
export const INDEX_CACHE_VERSION = 2; // 2: values read as written, one date-time reader (issue 12)

export interface FileStamp {
  size: number;
  mtimeMs: number;
}

export interface CachedFile extends FileStamp {
  /** Absent when the file could not stand for an incident; its problems say why. */
  incident?: Incident;
  problems: Problem[];
}

export interface LoadedCache {
  entries: Map<string, CachedFile>;
  /** Why an existing cache was not used; absent when it was used or did not exist. */
  ignored?: string;
}

/**
 * Work in slices of at most `sliceMs`, letting the host handle its events in between:
 * `if (slices.due) await slices.next();` per item (an await per item would cost a
 * microtask per item, for nothing).
 */
export class TimeSlices {
  private sliceStart = performance.now();

  constructor(private readonly sliceMs: number) {}

  get due(): boolean {
    return performance.now() - this.sliceStart >= this.sliceMs;
  }

  async next(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * A file changed again within its mtime's resolution (2 s on FAT, 1 s on HFS+) can keep
 * its size and mtime; a file this young when reading began is not cached, so the next
 * start reads it again.
 */
const RACY_MS = 2000;

/** The stamp to cache a file under, given its stat and when reading it began; none while it is too young to trust. */
export function stampOf(info: FileStamp, readStarted: number): FileStamp | undefined {
  return readStarted - info.mtimeMs >= RACY_MS ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
}

/** Everything the cache at `path` holds, or nothing when it is missing, unreadable, corrupt, or from another version or tag. */
export async function readIndexCache(path: string, tag: string, sliceMs = 20): Promise<LoadedCache> {
  const entries = new Map<string, CachedFile>();
  let text: string;
  try {
    // Bytes, then one decode: a read with an encoding decodes chunk by chunk and joins the pieces (about twice the CPU).
    text = (await readFile(path)).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { entries } : { entries, ignored: `The index cache could not be read: ${(error as Error).message}` };
  }
  // Line by line, no array of lines, and a slice can end after any line. One string for the whole
  // cache, cut per line, costs less than decoding each line from the bytes (about 10% of a warm start).
  const slices = new TimeSlices(sliceMs);
  let start = 0;
  const nextLine = () => {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const line = text.slice(start, end);
    start = end + 1;
    return line;
  };
  const header = parseLine(nextLine()) as { format?: unknown; version?: unknown; tag?: unknown } | undefined;
  if (header?.format !== FORMAT) return { entries, ignored: 'The index cache is not an Incident Lens index.' };
  if (header.version !== INDEX_CACHE_VERSION || header.tag !== tag) {
    return { entries, ignored: `The index cache is from another version (${String(header.version)}, ${String(header.tag)}).` };
  }
  let bad = 0;
  while (start < text.length) {
    const line = nextLine();
    if (line === '') continue;
    const value = parseLine(line);
    if (isCacheLine(value)) entries.set(value.file, value);
    else bad++;
    if (slices.due) await slices.next();
  }
  return bad > 0 ? { entries, ignored: `${bad} index cache lines were unreadable; their files are read again.` } : { entries };
}

/** Replaces the cache at `path` atomically: a reader sees the old file or the new one, never half of one. */
export async function writeIndexCache(path: string, tag: string, entries: Iterable<[string, CachedFile]>, sliceMs = 20): Promise<void> {
  const slices = new TimeSlices(sliceMs);
  const lines = [JSON.stringify({ format: FORMAT, version: INDEX_CACHE_VERSION, tag })];
  for (const [file, entry] of entries) {
    lines.push(JSON.stringify({ file, size: entry.size, mtimeMs: entry.mtimeMs, incident: entry.incident, problems: entry.problems }));
    if (slices.due) await slices.next();
  }
  lines.push('');
  await mkdir(dirname(path), { recursive: true });
  // A unique name in the same directory: rename is atomic only within one file system,
  // and two windows saving at once must not write into each other's temporary file.
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, lines.join('\n'), 'utf8');
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

type CacheLine = CachedFile & { file: string };

/**
 * Enough checking that a damaged line cannot break the index or a lens (which
 * walk links, paths and line ranges); the rest was written by writeIndexCache.
 */
function isCacheLine(value: unknown): value is CacheLine {
  if (!isRecord(value)) return false;
  const { file, size, mtimeMs, incident, problems } = value;
  return typeof file === 'string' && typeof size === 'number' && typeof mtimeMs === 'number'
    && Array.isArray(problems) && problems.every(isProblem)
    && (incident === undefined || isIncident(incident));
}

function isIncident(value: unknown): value is Incident {
  if (!isRecord(value)) return false;
  const { id, title, severity, status, services, responders, links, notes } = value;
  return typeof id === 'string' && typeof title === 'string' && typeof severity === 'string' && typeof status === 'string'
    && isStringArray(services) && isStringArray(responders) && Array.isArray(notes) && notes.every(isRecord)
    && Array.isArray(links) && links.every(isLink);
}

function isLink(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { path, role, lines } = value;
  return typeof path === 'string' && typeof role === 'string'
    && (lines === undefined || (isRecord(lines) && typeof lines.start === 'number' && typeof lines.end === 'number'));
}

function isProblem(value: unknown): boolean {
  return isRecord(value) && typeof value.message === 'string' && typeof value.line === 'number' && typeof value.column === 'number'
    && typeof value.endLine === 'number' && typeof value.endColumn === 'number' && (value.severity === 'error' || value.severity === 'warning');
}

function isStringArray(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
