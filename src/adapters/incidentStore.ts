// Reads each workspace folder's .incidents/ into the index and keeps the problems
// it finds per file for the Problems panel. With a cache path it starts warm: files
// whose size and mtime match the persisted index are taken from it, only the rest
// are read and parsed (indexCache.ts, storeCache.ts), the open files' first (loadOrder.ts). Parsing goes through an IncidentParser: in the
// extension, a worker thread with a time budget per file (incidentParser.ts), so that no file a
// repository holds can block the extension host.
import { createHash } from 'node:crypto';
import { lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { IncidentIndex } from '../core/incidentIndex';
import type { Incident, Problem } from '../core/model';
import { decodeUtf8 } from '../core/encoding';
import { MAX_INCIDENT_FILE_BYTES, wholeFileProblem, type ParsedIncident, type ParseOptions } from '../core/parseIncident';
import { listIncidentFiles, mayLink, textMayLink } from './incidentFiles';
import { inlineParser, type IncidentParser, type QueuePlace } from './incidentParser';
import { loadInOrder, type PendingParse } from './loadOrder';
import { sameStamp, stampOf, type CachedFile, type FileStamp } from './indexCache';
import { SettledPaths } from './settledPaths';
import { StoreCache, type StoreCacheOptions } from './storeCache';
import { MISSING, readRegularFileBytes, realRoot, resolveInside } from './workspaceFiles';

export const INCIDENTS_DIR = '.incidents';
/** Work for at most this long before letting the host breathe: with a scavenge (up to ~25 ms) landing in a slice, still under ~50 ms. */
const SLICE_MS = 20;
/**
 * More incident files than any team writes (the benchmark's 10,000 load in seconds): past this a
 * folder's files are not read, by name order, and a warning says so, so a repository cannot make
 * the index grow without bound.
 */
export const MAX_FILES_PER_FOLDER = 50_000;
/** Text handed to the parser and not yet parsed, at most, per lane (loadInOrder): a load of 10,000 files never holds them all at once. */
const MAX_QUEUED_CHARS = 8 * 1024 * 1024;

export interface IncidentFolder {
  /** A stable key for the folder (its URI); links are indexed under it. */
  id: string;
  /** Absolute file-system path of the folder. */
  root: string;
}

export interface IncidentStoreOptions extends StoreCacheOptions {
  /** Parses one file's text for a folder on this thread, instead of `parser` (tests and benchmarks count parses with it). */
  parse?: (text: string, folderId: string) => ParsedIncident;
  /** Where files are parsed; default on this thread (inlineParser). The extension passes a WorkerParser. */
  parser?: IncidentParser;
  /** How a folder's files parse (its config's severities and review practices); default parseIncidentFile's defaults. */
  parseOptions?: (folderId: string) => ParseOptions;
  /**
   * Workspace-relative code paths to settle first when a load of `folderId` starts (the open
   * editors' files): see isSettled. More can be asked for during the load with prioritize().
   */
  firstPaths?: (folderId: string) => readonly string[];
}

/** What reading one file gave: its incident and problems, with the stamp to cache it under when it may be cached. */
interface FileResult {
  incident?: Incident;
  problems: Problem[];
  stamp: FileStamp | undefined;
}

export class IncidentStore {
  readonly index = new IncidentIndex();
  private readonly problemsByFile = new Map<string, Problem[]>();
  private readonly filesByFolder = new Map<string, Set<string>>();
  private readonly listeners = new Set<(files: readonly string[]) => void>();
  /** Size and mtime of each file as last read, for the files the cache may vouch for. */
  private readonly stamps = new Map<string, FileStamp>();
  /** The persisted index: what it vouches for at the first load, and saving it after changes. */
  private readonly cache: StoreCache;
  /**
   * The latest read of each file: a parse that comes back after a newer read of the same file
   * began (or after the file was forgotten) is dropped, since parses finish out of order.
   */
  private readonly reads = new Map<string, number>();
  private readCount = 0;
  /** A digest of the text this process last wrote to a file (applyWritten), until another text of it is parsed. */
  private readonly written = new Map<string, string>();
  /** What a running load has settled, and what was asked for first. */
  private readonly settledPaths = new SettledPaths();

  constructor(private readonly options: IncidentStoreOptions = {}) {
    this.cache = new StoreCache(options, () => this.cacheEntries(), SLICE_MS);
  }

  /** Called with the incident files whose content or problems changed. */
  onDidChange(listener: (files: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Whether every link into `path` (workspace-relative) of `folderId` is in the index, so a count
   * of them is final: true unless a load of the folder is running and has not yet read every file
   * that could link `path` (see loadFolder). Before a folder's first load there is nothing to count.
   */
  isSettled(folderId: string, path: string): boolean {
    return this.settledPaths.isSettled(folderId, path);
  }

  /** Asks the running load of `folderId` to read the files that could link `path` next; no-op when settled. */
  prioritize(folderId: string, path: string): void {
    this.settledPaths.prioritize(folderId, path);
  }

  /** Called when a path became settled during a load (its links are then final), before the load's own change event. */
  onDidSettle(listener: () => void): { dispose(): void } {
    return this.settledPaths.onDidSettle(listener);
  }

  /** Writes the cache now if anything changed since it was last written; true when it wrote. Call on deactivate. */
  saveCache(): Promise<boolean> {
    return this.cache.save();
  }

  /** Stops a pending cache save; saveCache() first to keep the changes. */
  dispose(): void {
    this.cache.dispose();
  }

  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.problemsByFile;
  }

  /**
   * Loads every incident file of `folder`, replacing what was loaded from it before. The
   * first load of a folder takes what the cache still vouches for; a later one reads all.
   * Open files first: after the cached entries, the files whose text names a wanted code
   * path's file name (options.firstPaths, prioritize) are parsed before the rest, and those
   * paths are then settled (isSettled, onDidSettle) while the other files still parse. A file
   * can only link a path whose last segment its text contains (normalizePath keeps segments
   * whole), unless a YAML escape spells it: a file with a backslash is read first too.
   */
  async loadFolder(folder: IncidentFolder): Promise<void> {
    const readStarted = Date.now();
    const settled = this.settledPaths.begin(folder.id);
    for (const path of this.options.firstPaths?.(folder.id) ?? []) this.prioritize(folder.id, path);
    let changed: string[];
    try {
      changed = await this.loadFiles(folder, readStarted, settled);
    } finally {
      this.settledPaths.end(folder.id, settled);
    }
    this.emit(changed);
    this.cache.scheduleSave();
  }

  /** Reads the folder's files (see loadFolder); returns every file whose entry may have changed. */
  private async loadFiles(folder: IncidentFolder, readStarted: number, settled: Set<string>): Promise<string[]> {
    const root = realRoot(folder.root);
    const dir = join(folder.root, INCIDENTS_DIR);
    // A linked .incidents/ is followed only while it stays inside the folder; else it is one problem, on itself.
    const where = resolveInside(root, dir);
    const dirSkipped = typeof where === 'object' ? where.skipped : undefined;
    const { files: found, links } = where === MISSING || dirSkipped !== undefined ? { files: [], links: new Set<string>() } : await listIncidentFiles(dir);
    const files = found.length > MAX_FILES_PER_FOLDER ? found.slice(0, MAX_FILES_PER_FOLDER) : found;
    if (found.length > files.length) this.options.logger?.warn(`${dir} holds ${found.length} incident files; only the first ${MAX_FILES_PER_FOLDER} (by name) are read.`);
    if (dirSkipped !== undefined) {
      this.options.logger?.warn(`${dir}: ${dirSkipped}`);
      files.push(dir);
    }
    const listed = new Set(files);
    const previous = this.filesByFolder.get(folder.id) ?? new Set<string>();
    for (const file of previous) if (!listed.has(file)) this.forget(file);
    this.filesByFolder.set(folder.id, listed);

    const cached = await this.cache.take(dir, files);
    const file = (i: number) => files[i] as string;
    await loadInOrder({
      files,
      cached,
      read: (i, first) => file(i) === dir
        ? void this.apply(dir, folder.id, skipped(dirSkipped ?? ''), false)
        : this.read(file(i), root, folder.id, readStarted, cached[i], { dirInside: true, notLink: !links.has(file(i)), first }),
      unchanged: (i) => (file(i) !== dir && !links.has(file(i)) ? this.unchanged(file(i), cached[i] as CachedFile) : undefined),
      applyUnchanged: (i, read) => void (this.reads.get(file(i)) === read && this.apply(file(i), folder.id, cached[i] as CachedFile, true)),
      wanted: () => this.settledPaths.wantedNow(folder.id, settled),
      mayLink: (i, names, text) => (text === undefined ? mayLink(file(i), root, names) : textMayLink(text, names)),
      settle: (paths, loaded) => this.settledPaths.settle(settled, paths, () => this.emit(loaded)),
    }, SLICE_MS, MAX_QUEUED_CHARS);
    return [...new Set([...previous, ...files])];
  }

  /** Re-reads one incident file after it was created or changed. */
  async refreshFile(file: string, folder: IncidentFolder): Promise<void> {
    const known = this.filesByFolder.get(folder.id) ?? new Set<string>();
    known.add(file);
    this.filesByFolder.set(folder.id, known);
    const root = realRoot(folder.root);
    const dir = resolveInside(root, dirname(file));
    await this.read(file, root, folder.id, Date.now(), undefined, { dirInside: typeof dir === 'string' && dir !== MISSING, keepWritten: true })?.done;
    this.emit([file]);
    this.cache.scheduleSave();
  }

  /**
   * Takes a file as this process has just written it: `parsed` is `text` parsed by parseText (for
   * the same folder), so nothing is read or parsed again; a refresh that then finds the same
   * text on disk (the watcher's echo of the write) keeps this entry instead of parsing it again.
   */
  applyWritten(file: string, folder: IncidentFolder, text: string, parsed: ParsedIncident): void {
    const known = this.filesByFolder.get(folder.id) ?? new Set<string>();
    known.add(file);
    this.filesByFolder.set(folder.id, known);
    this.reads.set(file, ++this.readCount);
    // Not cached: its mtime is too young to vouch for it (indexCache.ts); the next start reads it.
    this.apply(file, folder.id, { ...parsed, stamp: undefined }, false);
    this.written.set(file, digest(text));
    this.emit([file]);
    this.cache.scheduleSave();
  }

  removeFile(file: string): void {
    this.forget(file);
    for (const files of this.filesByFolder.values()) files.delete(file);
    this.emit([file]);
    this.cache.scheduleSave();
  }

  removeFolder(folder: IncidentFolder): void {
    const files = [...(this.filesByFolder.get(folder.id) ?? [])];
    files.forEach((file) => this.forget(file));
    this.filesByFolder.delete(folder.id);
    this.emit(files);
    this.cache.scheduleSave();
  }

  /**
   * Takes `file` from the cache while its size and mtime match, else reads it and hands it to
   * the parser; only a regular file whose real path is inside `root` (the folder's real path), by
   * at most MAX_INCIDENT_FILE_BYTES actually read (workspaceFiles.ts). Anything else is a problem
   * on it. Its bytes go to the parser undecoded: decoding a 1 MiB file, and posting it as a string,
   * would cost this thread a copy and a decode that the parse worker does instead. The reading is synchronous, inside the caller's slices: stat and read of a file under
   * 1 MiB take microseconds, while fs.promises.readFile costs ~60 us of this thread per file
   * (open, fstat, read and close each wait for a turn of the event loop).
   * `dirInside`: the file's folder is known to be inside `root`. `notLink`: the folder listing saw
   * no symbolic link by this name, so its path needs no resolving, and a file is one lstat when
   * the cache vouches for it; a link made since fails the read's O_NOFOLLOW. `keepWritten`: text
   * this process wrote and already holds parsed (applyWritten) is not parsed again.
   * Returns the pending parse (with the characters it holds), or undefined when there is none.
   */
  private read(file: string, root: string, folderId: string, readStarted: number, cached: CachedFile | undefined, how: { dirInside?: boolean; notLink?: boolean; keepWritten?: boolean; first?: boolean } = {}): PendingParse | undefined {
    const generation = ++this.readCount;
    this.reads.set(file, generation);
    const real = how.dirInside && how.notLink ? file : resolveInside(root, file, how.dirInside ?? false);
    if (real === MISSING) return void this.forget(file);
    if (typeof real !== 'string') return void this.apply(file, folderId, skipped(real.skipped), false);
    // lstat: a real path has no link to follow, and a name that became a link since the listing is no regular file.
    const info = attempt(() => lstatSync(real));
    if (cached && !(info instanceof Error) && info.isFile() && sameStamp(cached, info)) return void this.apply(file, folderId, cached, true);
    const read = readRegularFileBytes(real, MAX_INCIDENT_FILE_BYTES);
    if (read === MISSING) return void this.forget(file);
    if ('skipped' in read) return void this.apply(file, folderId, skipped(read.skipped), false);
    // The text this process wrote and already holds parsed (applyWritten): nothing to do.
    if (how.keepWritten && this.written.get(file) === digest(read.bytes)) return undefined;
    const stamp = stampOf(read.stats, readStarted);
    const place: QueuePlace = {};
    const done = this.parseText(read.bytes, folderId, how.first, place).then((parsed) => {
      if (this.reads.get(file) !== generation) return;
      this.apply(file, folderId, { ...parsed, stamp }, false);
    });
    return { done, text: read.bytes, promote: place.promote };
  }

  /**
   * Whether `file` (a regular file, not a symbolic link, per the folder listing) still has the size
   * and mtime its cached entry was read with: the entry may then stand for it without a read. Returns
   * the read this check counts as (the latest: a refresh that began before it is dropped, one that
   * begins after it wins), or undefined when the file changed.
   */
  private unchanged(file: string, entry: CachedFile): number | undefined {
    const info = attempt(() => lstatSync(file));
    if (info instanceof Error || !info.isFile() || !sameStamp(entry, info)) return undefined;
    this.reads.set(file, ++this.readCount);
    return this.readCount;
  }

  /**
   * Parses `text` (or a file's bytes, strict UTF-8) as this store parses the files of `folderId`;
   * `first` and `place` as IncidentParser.parse takes them.
   */
  parseText(text: string | Uint8Array, folderId: string, first = false, place?: QueuePlace): Promise<ParsedIncident> {
    const { parse, parser = inlineParser, parseOptions } = this.options;
    if (parse) {
      const decoded = typeof text === 'string' ? { text } : decodeUtf8(text);
      return Promise.resolve('problem' in decoded ? { problems: [wholeFileProblem(decoded.problem)] } : parse(decoded.text, folderId));
    }
    return parser.parse(text, parseOptions?.(folderId) ?? {}, first, place);
  }

  private apply(file: string, folderId: string, result: FileResult | CachedFile, fromCache: boolean): void {
    this.written.delete(file);
    this.index.set(file, folderId, result.incident);
    if (result.problems.length > 0) this.problemsByFile.set(file, result.problems);
    else this.problemsByFile.delete(file);
    // A cached entry is its own stamp.
    const stamp = 'stamp' in result ? result.stamp : result;
    if (stamp) this.stamps.set(file, stamp);
    else this.stamps.delete(file);
    if (!fromCache) this.cache.dirty = true;
  }

  private forget(file: string): void {
    this.reads.delete(file);
    this.written.delete(file);
    this.index.remove(file);
    this.problemsByFile.delete(file);
    if (this.stamps.delete(file)) this.cache.dirty = true;
  }

  private *cacheEntries(): Generator<[string, CachedFile]> {
    const files = [...this.filesByFolder.values()].flatMap((set) => [...set]);
    for (const file of files) {
      const stamp = this.stamps.get(file);
      if (!stamp) continue;
      const entry: CachedFile = { size: stamp.size, mtimeMs: stamp.mtimeMs, problems: this.problemsByFile.get(file) ?? [] };
      const incident = this.index.incidentAt(file);
      if (incident) entry.incident = incident;
      yield [file, entry];
    }
  }

  private emit(files: readonly string[]): void {
    for (const listener of this.listeners) listener(files);
  }
}

/** Of a text, or of its UTF-8 bytes as read (the same digest). */
function digest(text: string | Uint8Array): string {
  return createHash('sha1').update(text).digest('base64');
}

function attempt<T>(work: () => T): T | Error {
  try {
    return work();
  } catch (error) {
    return error as Error;
  }
}

/** A file that is not read: one problem that says why, and no stamp (it is looked at again next time). */
function skipped(reason: string): FileResult {
  return { problems: [wholeFileProblem(reason)], stamp: undefined };
}
