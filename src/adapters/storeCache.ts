// The incident store's side of the persisted index (indexCache.ts): at a folder's first load,
// the entries the cache still holds for its files; after changes, a save a few seconds later.
import { sep } from 'node:path';
import type { Logger } from '../core/ports';
import { readIndexCache, writeIndexCache, type CachedFile } from './indexCache';

export interface StoreCacheOptions {
  /** Where the index persists between sessions (a file in the extension's storage); no cache without it. */
  cachePath?: string;
  /**
   * Anything that changes how files parse, such as the extension version and the severity
   * labels: a cache with another tag is ignored. Read when the cache is first loaded or saved.
   */
  cacheTag?: string | (() => string);
  /** Saves the cache this long after the last change; 0 saves only on save() (the store's saveCache()). Default 3 s. */
  cacheSaveDelayMs?: number;
  logger?: Pick<Logger, 'warn'>;
}

export class StoreCache {
  private persisted: Promise<Map<string, CachedFile>> | undefined;
  /** Something changed since the cache was last written: the store sets it. */
  dirty = false;
  private saveTimer: NodeJS.Timeout | undefined;

  /**
   * `entries`: what the store holds now, as the cache should (called when saving).
   * `sliceMs`: reading and writing yield to the host after this long.
   */
  constructor(
    private readonly options: StoreCacheOptions,
    private readonly entries: () => Iterable<[string, CachedFile]>,
    private readonly sliceMs: number,
  ) {}

  /**
   * The persisted entries for `files` (absolute paths in the folder `dir`), in their order, each
   * handed out once: a later load of the folder reads from disk. Entries of files in `dir` that
   * are gone are dropped from the next save. A cache that cannot be used (missing, corrupt, another
   * version or tag) gives no entries and a warning: it costs a cold start, never the load.
   */
  async take(dir: string, files: readonly string[]): Promise<(CachedFile | undefined)[]> {
    const path = this.options.cachePath;
    if (path === undefined) return [];
    this.persisted ??= readIndexCache(path, this.tag(), this.sliceMs).then(
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

  /** Writes the cache now if anything changed since it was last written; true when it wrote. A failure is a warning, kept dirty. */
  async save(): Promise<boolean> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const path = this.options.cachePath;
    if (path === undefined || !this.dirty) return false;
    this.dirty = false;
    try {
      await writeIndexCache(path, this.tag(), this.entries(), this.sliceMs);
      return true;
    } catch (error) {
      this.dirty = true;
      this.options.logger?.warn(`The incident index cache could not be saved; the next start reads every file: ${(error as Error).message}`);
      return false;
    }
  }

  /** Saves cacheSaveDelayMs after the last call, when something changed. */
  scheduleSave(): void {
    const delay = this.options.cacheSaveDelayMs ?? 3000;
    if (this.options.cachePath === undefined || delay <= 0 || !this.dirty) return;
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save(), delay);
    this.saveTimer.unref?.();
  }

  /** Stops a pending save; save() first to keep the changes. */
  dispose(): void {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
  }

  private tag(): string {
    const tag = this.options.cacheTag;
    return typeof tag === 'function' ? tag() : tag ?? '';
  }
}
