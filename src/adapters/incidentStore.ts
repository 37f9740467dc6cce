// Reads each workspace folder's .incidents/ into the index and keeps the problems
// it finds per file for the Problems panel. With a cache path it starts warm: files
// whose size and mtime match the persisted index are taken from it, only the rest
// are read and parsed (see indexCache.ts).
import { readdir } from 'node:fs/promises';
import { readFileSync, statSync, type Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { IncidentIndex } from '../core/incidentIndex';
import { decodeUtf8 } from '../core/encoding';
import type { Incident, Problem } from '../core/model';
import { MAX_INCIDENT_FILE_BYTES, parseIncidentFile, type ParsedIncident } from '../core/parseIncident';
import type { Logger } from '../core/ports';
import { readIndexCache, sameStamp, stampOf, TimeSlices, writeIndexCache, type CachedFile, type FileStamp } from './indexCache';

export const INCIDENTS_DIR = '.incidents';
const CONFIG_FILES = new Set(['config.yaml', 'config.yml']);
/** Work for at most this long before letting the host breathe: with a scavenge (up to ~25 ms) landing in a slice, still under ~50 ms. */
const SLICE_MS = 20;

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
  /** Parses one file's text for a folder (its config's severities); defaults to parseIncidentFile. */
  parse?: (text: string, folderId: string) => ParsedIncident;
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

  constructor(private readonly options: IncidentStoreOptions = {}) {}

  /** Called with the incident files whose content or problems changed. */
  onDidChange(listener: (files: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.problemsByFile;
  }

  /**
   * Loads every incident file of `folder`, replacing what was loaded from it before. The
   * first load of a folder takes what the cache still vouches for; a later one reads all.
   */
  async loadFolder(folder: IncidentFolder): Promise<void> {
    const readStarted = Date.now();
    const dir = join(folder.root, INCIDENTS_DIR);
    const files = await listIncidentFiles(dir);
    const listed = new Set(files);
    const previous = this.filesByFolder.get(folder.id) ?? new Set<string>();
    for (const file of previous) if (!listed.has(file)) this.forget(file);
    this.filesByFolder.set(folder.id, listed);

    const cached = await this.takeCached(dir, files);
    const slices = new TimeSlices(SLICE_MS);
    for (let i = 0; i < files.length; i++) {
      this.read(files[i] as string, folder.id, readStarted, cached[i]);
      if (slices.due) await slices.next();
    }
    this.emit([...new Set([...previous, ...files])]);
    this.scheduleSave();
  }

  /** Re-reads one incident file after it was created or changed. */
  async refreshFile(file: string, folder: IncidentFolder): Promise<void> {
    const known = this.filesByFolder.get(folder.id) ?? new Set<string>();
    known.add(file);
    this.filesByFolder.set(folder.id, known);
    this.read(file, folder.id, Date.now());
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
   * Takes `file` from the cache while its size and mtime match, else reads and parses it.
   * Synchronous, inside the caller's slices, so no other read of the same file interleaves:
   * stat and read of a file under 1 MiB take microseconds, while fs.promises.readFile costs
   * ~60 us of this thread per file (open, fstat, read and close each wait for a turn of the
   * event loop, which a running parser does not give).
   */
  private read(file: string, folderId: string, readStarted: number, cached?: CachedFile): void {
    const info = attempt(() => statSync(file));
    if (cached && !(info instanceof Error) && sameStamp(cached, info)) return this.apply(file, folderId, cached, true);
    this.apply(file, folderId, this.parseFile(file, folderId, info, readStarted), false);
  }

  private cacheTag(): string {
    const tag = this.options.cacheTag;
    return typeof tag === 'function' ? tag() : tag ?? '';
  }

  private parseFile(file: string, folderId: string, info: Stats | Error, readStarted: number): FileResult | 'gone' {
    if (info instanceof Error) return failure(info);
    const stamp = stampOf(info, readStarted);
    if (info.size > MAX_INCIDENT_FILE_BYTES) {
      return { problems: [wholeFile(`The file is ${(info.size / 1024 / 1024).toFixed(1)} MiB; incident files over 1 MiB are not read.`)], stamp };
    }
    const bytes = attempt(() => readFileSync(file));
    if (bytes instanceof Error) return failure(bytes);
    const decoded = decodeUtf8(bytes);
    if ('problem' in decoded) return { problems: [wholeFile(decoded.problem)], stamp };
    const { text } = decoded;
    return { ...(this.options.parse ? this.options.parse(text, folderId) : parseIncidentFile(text)), stamp };
  }

  private apply(file: string, folderId: string, result: FileResult | CachedFile | 'gone', fromCache: boolean): void {
    if (result === 'gone') return this.forget(file);
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

async function listIncidentFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && isIncidentFileName(e.name)).map((e) => join(dir, e.name)).sort();
  } catch {
    return [];
  }
}

function attempt<T>(work: () => T): T | Error {
  try {
    return work();
  } catch (error) {
    return error as Error;
  }
}

function failure(error: Error): FileResult | 'gone' {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
  return { problems: [wholeFile(`The file could not be read: ${error.message}`)], stamp: undefined };
}

function wholeFile(message: string): Problem {
  return { message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };
}
