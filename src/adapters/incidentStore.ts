// Reads each workspace folder's .incidents/ into the index and keeps the problems
// it finds per file for the Problems panel. With a cache path it starts warm: files
// whose size and mtime match the persisted index are taken from it, only the rest
// are read and parsed (see indexCache.ts). Parsing goes through an IncidentParser: in the
// extension, a worker thread with a time budget per file (incidentParser.ts), so that no file a
// repository holds can block the extension host.
import { createHash } from 'node:crypto';
import { opendir } from 'node:fs/promises';
import { lstatSync, type Dirent } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { IncidentIndex } from '../core/incidentIndex';
import type { Incident, Problem } from '../core/model';
import { MAX_INCIDENT_FILE_BYTES, type ParsedIncident, type ParseOptions } from '../core/parseIncident';
import type { Logger } from '../core/ports';
import { inlineParser, type IncidentParser } from './incidentParser';
import { readIndexCache, sameStamp, stampOf, TimeSlices, writeIndexCache, type CachedFile, type FileStamp } from './indexCache';
import { MISSING, readRegularFile, realRoot, resolveInside } from './workspaceFiles';

export const INCIDENTS_DIR = '.incidents';
const CONFIG_FILES = new Set(['config.yaml', 'config.yml']);
/** Work for at most this long before letting the host breathe: with a scavenge (up to ~25 ms) landing in a slice, still under ~50 ms. */
const SLICE_MS = 20;
/**
 * More incident files than any team writes (the benchmark's 10,000 load in seconds): past this a
 * folder's files are not read, by name order, and a warning says so, so a repository cannot make
 * the index grow without bound.
 */
export const MAX_FILES_PER_FOLDER = 50_000;
/** Text handed to the parser and not yet parsed, at most: a load of 10,000 files never holds them all at once. */
const MAX_QUEUED_CHARS = 8 * 1024 * 1024;

export interface IncidentFolder {
  /** A stable key for the folder (its URI); links are indexed under it. */
  id: string;
  /** Absolute file-system path of the folder. */
  root: string;
}

export interface IncidentStoreOptions {
  /** Where the index persists between sessions (a file in the extension's storage); no cache without it. */
  cachePath?: string;
  /**
   * Anything that changes how files parse, such as the extension version and the severity
   * labels: a cache with another tag is ignored. Read when the cache is first loaded or saved.
   */
  cacheTag?: string | (() => string);
  /** Saves the cache this long after the last change; 0 saves only on saveCache(). Default 3 s. */
  cacheSaveDelayMs?: number;
  logger?: Pick<Logger, 'warn'>;
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

export function isIncidentFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !CONFIG_FILES.has(name.toLowerCase());
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
  private persisted: Promise<Map<string, CachedFile>> | undefined;
  /** Something changed since the cache was last written. */
  private dirty = false;
  private saveTimer: NodeJS.Timeout | undefined;
  /**
   * The latest read of each file: a parse that comes back after a newer read of the same file
   * began (or after the file was forgotten) is dropped, since parses finish out of order.
   */
  private readonly reads = new Map<string, number>();
  private readCount = 0;
  /** A digest of the text this process last wrote to a file (applyWritten), until another text of it is parsed. */
  private readonly written = new Map<string, string>();
  /** Per folder being loaded: the code paths whose links are all in the index already. */
  private readonly loading = new Map<string, Set<string>>();
  /** Per folder: code paths asked for first (prioritize) and not settled yet. */
  private readonly wanted = new Map<string, Set<string>>();
  private readonly settleListeners = new Set<() => void>();

  constructor(private readonly options: IncidentStoreOptions = {}) {}

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
    return this.loading.get(folderId)?.has(path) ?? true;
  }

  /** Asks the running load of `folderId` to read the files that could link `path` next; no-op when settled. */
  prioritize(folderId: string, path: string): void {
    if (this.isSettled(folderId, path)) return;
    const wanted = this.wanted.get(folderId) ?? new Set<string>();
    wanted.add(path);
    this.wanted.set(folderId, wanted);
  }

  /** Called when a path became settled during a load (its links are then final), before the load's own change event. */
  onDidSettle(listener: () => void): { dispose(): void } {
    this.settleListeners.add(listener);
    return { dispose: () => this.settleListeners.delete(listener) };
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
    const settled = new Set<string>();
    this.loading.set(folder.id, settled);
    for (const path of this.options.firstPaths?.(folder.id) ?? []) this.prioritize(folder.id, path);
    let changed: string[];
    try {
      changed = await this.loadFiles(folder, readStarted, settled);
    } finally {
      if (this.loading.get(folder.id) === settled) {
        this.loading.delete(folder.id);
        this.wanted.delete(folder.id);
      }
    }
    this.emit(changed);
    this.scheduleSave();
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

    const cached = await this.takeCached(dir, files);
    const slices = new TimeSlices(SLICE_MS);
    const done = new Uint8Array(files.length);
    const parsing: { done: Promise<void>; chars: number }[] = [];
    let queued = 0;
    let oldest = 0;
    let unreported: string[] = [];
    /** Cached entries whose file was found unchanged (by one lstat) and that wait until the wanted paths settle. */
    const fresh = new Uint8Array(files.length);
    /** For each of those, the read it counts as (a refresh of the file since makes the entry out of date). */
    const freshRead = new Float64Array(files.length);
    /** Per file handed to the parser and not parsed yet: its parse. */
    const handed: (Promise<void> | undefined)[] = [];
    /** Reads file `i` and hands it to the parser; its pending parse, if any. */
    const load = (i: number, first = false): Promise<void> | undefined => {
      const file = files[i] as string;
      done[i] = 1;
      unreported.push(file);
      if (file === dir) return void this.apply(file, folder.id, skipped(dirSkipped ?? ''), false);
      if (fresh[i]) return void (this.reads.get(file) === freshRead[i] && this.apply(file, folder.id, cached[i] as CachedFile, true));
      const read = this.read(file, root, folder.id, readStarted, cached[i], { dirInside: true, notLink: !links.has(file), first });
      if (!read) return undefined;
      handed[i] = read.done;
      parsing.push(read);
      queued += read.chars;
      void read.done.then(() => {
        queued -= read.chars;
        handed[i] = undefined;
      });
      return read.done;
    };
    // Files are read here and parsed elsewhere: the reading waits while too much text is queued
    // (parses finish in the order given, so waiting for the oldest frees the most), and yields.
    const pace = async () => {
      while (queued > MAX_QUEUED_CHARS && oldest < parsing.length) await parsing[oldest++]?.done;
      if (slices.due) await slices.next();
    };
    // What the cache vouches for costs no parse: all of it first. While paths are wanted (open
    // files), only the entries that link them are applied now; the others, found unchanged, wait
    // until those paths settle, so the open files' lenses do not wait for the whole index.
    const firstWanted = new Set(this.wanted.get(folder.id) ?? []);
    for (let i = 0; i < files.length; i++) {
      const entry = cached[i];
      if (entry === undefined) continue;
      if (firstWanted.size > 0 && !linksAny(entry, firstWanted)) {
        const read = files[i] !== dir && !links.has(files[i] as string) ? this.unchanged(files[i] as string, entry) : undefined;
        if (read !== undefined) [fresh[i], freshRead[i]] = [1, read];
        else cached[i] = undefined;
      } else load(i);
      await pace();
    }
    // Then, whenever paths are wanted, the files that could link them (settled once parsed); then the rest.
    let next = 0;
    for (;;) {
      const wanted = [...(this.wanted.get(folder.id) ?? [])].filter((path) => !settled.has(path));
      if (wanted.length > 0) {
        const names = wanted.map((path) => path.slice(path.lastIndexOf('/') + 1));
        const paths = new Set(wanted);
        const pending: Promise<void>[] = [];
        for (let i = 0; i < files.length; i++) {
          // Handed before the path was asked for and still queued: its parse counts too.
          const parse = handed[i];
          if (parse && mayLink(files[i] as string, root, names)) pending.push(parse);
          else if (!done[i] && (fresh[i] ? linksAny(cached[i] as CachedFile, paths) : mayLink(files[i] as string, root, names))) {
            const read = load(i, true);
            if (read) pending.push(read);
          }
          await pace();
        }
        await Promise.all(pending);
        wanted.forEach((path) => settled.add(path));
        this.emit(unreported);
        unreported = [];
        for (const listener of this.settleListeners) listener();
      }
      while (next < files.length && done[next]) next++;
      if (next >= files.length) break;
      load(next);
      await pace();
    }
    await Promise.all(parsing.map((p) => p.done));
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
    this.scheduleSave();
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
    this.scheduleSave();
  }

  removeFile(file: string): void {
    this.forget(file);
    for (const files of this.filesByFolder.values()) files.delete(file);
    this.emit([file]);
    this.scheduleSave();
  }

  removeFolder(folder: IncidentFolder): void {
    const files = [...(this.filesByFolder.get(folder.id) ?? [])];
    files.forEach((file) => this.forget(file));
    this.filesByFolder.delete(folder.id);
    this.emit(files);
    this.scheduleSave();
  }

  /** Writes the cache now if anything changed since it was last written; true when it wrote. Call on deactivate. */
  async saveCache(): Promise<boolean> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const path = this.options.cachePath;
    if (path === undefined || !this.dirty) return false;
    this.dirty = false;
    try {
      await writeIndexCache(path, this.cacheTag(), this.cacheEntries(), SLICE_MS);
      return true;
    } catch (error) {
      this.dirty = true;
      this.options.logger?.warn(`The incident index cache could not be saved; the next start reads every file: ${(error as Error).message}`);
      return false;
    }
  }

  /** Stops a pending cache save; saveCache() first to keep the changes. */
  dispose(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  /**
   * Takes `file` from the cache while its size and mtime match, else reads it and hands it to
   * the parser; only a regular file whose real path is inside `root` (the folder's real path), by
   * at most MAX_INCIDENT_FILE_BYTES actually read (workspaceFiles.ts). Anything else is a problem
   * on it. The reading is synchronous, inside the caller's slices: stat and read of a file under
   * 1 MiB take microseconds, while fs.promises.readFile costs ~60 us of this thread per file
   * (open, fstat, read and close each wait for a turn of the event loop).
   * `dirInside`: the file's folder is known to be inside `root`. `notLink`: the folder listing saw
   * no symbolic link by this name, so its path needs no resolving, and a file is one lstat when
   * the cache vouches for it; a link made since fails the read's O_NOFOLLOW. `keepWritten`: text
   * this process wrote and already holds parsed (applyWritten) is not parsed again.
   * Returns the pending parse (with the characters it holds), or undefined when there is none.
   */
  private read(file: string, root: string, folderId: string, readStarted: number, cached: CachedFile | undefined, how: { dirInside?: boolean; notLink?: boolean; keepWritten?: boolean; first?: boolean } = {}): { done: Promise<void>; chars: number } | undefined {
    const generation = ++this.readCount;
    this.reads.set(file, generation);
    const real = how.dirInside && how.notLink ? file : resolveInside(root, file, how.dirInside ?? false);
    if (real === MISSING) return void this.forget(file);
    if (typeof real !== 'string') return void this.apply(file, folderId, skipped(real.skipped), false);
    // lstat: a real path has no link to follow, and a name that became a link since the listing is no regular file.
    const info = attempt(() => lstatSync(real));
    if (cached && !(info instanceof Error) && info.isFile() && sameStamp(cached, info)) return void this.apply(file, folderId, cached, true);
    const read = readRegularFile(real, MAX_INCIDENT_FILE_BYTES);
    if (read === MISSING) return void this.forget(file);
    if ('skipped' in read) return void this.apply(file, folderId, skipped(read.skipped), false);
    // The text this process wrote and already holds parsed (applyWritten): nothing to do.
    if (how.keepWritten && this.written.get(file) === digest(read.text)) return undefined;
    const stamp = stampOf(read.stats, readStarted);
    const done = this.parseText(read.text, folderId, how.first).then((parsed) => {
      if (this.reads.get(file) !== generation) return;
      this.apply(file, folderId, { ...parsed, stamp }, false);
    });
    return { done, chars: read.text.length };
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

  /** Parses `text` as this store parses the files of `folderId`; `first` ahead of the files queued before (IncidentParser.parse). */
  parseText(text: string, folderId: string, first = false): Promise<ParsedIncident> {
    const { parse, parser = inlineParser, parseOptions } = this.options;
    if (parse) return Promise.resolve(parse(text, folderId));
    return parser.parse(text, parseOptions?.(folderId) ?? {}, first);
  }

  private cacheTag(): string {
    const tag = this.options.cacheTag;
    return typeof tag === 'function' ? tag() : tag ?? '';
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
    if (!fromCache) this.dirty = true;
  }

  private forget(file: string): void {
    this.reads.delete(file);
    this.written.delete(file);
    this.index.remove(file);
    this.problemsByFile.delete(file);
    if (this.stamps.delete(file)) this.dirty = true;
  }

  /** The persisted entries for `files`, in their order, each handed out once: a later load of the folder reads from disk. */
  private async takeCached(dir: string, files: readonly string[]): Promise<(CachedFile | undefined)[]> {
    const path = this.options.cachePath;
    if (path === undefined) return [];
    // A cache that cannot be used costs a cold start, never the load.
    this.persisted ??= readIndexCache(path, this.cacheTag(), SLICE_MS).then(
      ({ entries, ignored }) => {
        if (ignored) this.options.logger?.warn(ignored);
        return entries;
      },
      (error: Error) => {
        this.options.logger?.warn(`The index cache could not be read: ${error.message}`);
        return new Map<string, CachedFile>();
      },
    );
    const entries = await this.persisted;
    const taken = files.map((file) => entries.get(file));
    files.forEach((file) => entries.delete(file));
    // Entries of files deleted while the extension was not running: drop them from the next save.
    for (const file of entries.keys()) {
      if (file.startsWith(dir + sep)) {
        entries.delete(file);
        this.dirty = true;
      }
    }
    return taken;
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

  private scheduleSave(): void {
    const delay = this.options.cacheSaveDelayMs ?? 3000;
    if (this.options.cachePath === undefined || delay <= 0 || !this.dirty) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.saveCache(), delay);
    this.saveTimer.unref?.();
  }

  private emit(files: readonly string[]): void {
    for (const listener of this.listeners) listener(files);
  }
}

/** Whether a cached entry's incident links one of `paths`. */
function linksAny(entry: CachedFile, paths: ReadonlySet<string>): boolean {
  return entry.incident?.links.some((link) => paths.has(link.path)) ?? false;
}

/**
 * Whether an incident file's text could link a code file named one of `names`: it contains the
 * name, or a backslash (a YAML escape could spell it). Anything not plainly readable: yes, so the
 * full read reports it.
 */
function mayLink(file: string, root: string, names: readonly string[]): boolean {
  const real = resolveInside(root, file, true);
  if (typeof real !== 'string') return true;
  // Lossy: no strict UTF-8 check for this glance (a file that fails it is read and reported later).
  const read = readRegularFile(real, MAX_INCIDENT_FILE_BYTES, true);
  if (read === MISSING || 'skipped' in read) return true;
  return read.text.includes('\\') || names.some((name) => read.text.includes(name));
}

/**
 * Every entry named like an incident file but a directory: links, pipes and devices too, so that
 * each is reported, not silently passed over; with the ones that are symbolic links.
 */
async function listIncidentFiles(dir: string): Promise<{ files: string[]; links: Set<string> }> {
  try {
    // In batches of 256 entries, each its own turn: one readdir of 50,000 names blocks the host for 50 to 90 ms.
    const entries: Dirent[] = [];
    for await (const e of await opendir(dir, { bufferSize: 256 })) if (!e.isDirectory() && isIncidentFileName(e.name)) entries.push(e);
    return { files: entries.map((e) => join(dir, e.name)).sort(), links: new Set(entries.filter((e) => e.isSymbolicLink()).map((e) => join(dir, e.name))) };
  } catch {
    return { files: [], links: new Set() };
  }
}

function digest(text: string): string {
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
  return { problems: [wholeFile(reason)], stamp: undefined };
}

function wholeFile(message: string): Problem {
  return { message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };
}
