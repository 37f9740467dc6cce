// Every write to an incident file goes through here. One writer at a time across windows and
// processes (proper-lockfile: a lock directory beside the file, taken over once its holder stops
// refreshing it), the current text re-read under the lock, the edit applied to that, and the
// result written atomically: two writers never lose each other's notes, and a crash loses nothing.
import { randomInt } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileEditArgs, FileEditName } from '../core/fileEdits';
import { MAX_INCIDENT_FILE_BYTES } from '../core/parseIncident';
import { isTempFileOf, writeFileAtomic } from './atomicWrite';
import { inlineParser, type FileEditor } from './incidentParser';
import { folderOfIncidentFile, MISSING, readRegularFile, writeTargetInside } from './workspaceFiles';

export interface IncidentWriterOptions {
  /** A lock not refreshed for this long belongs to a writer that died and is taken over (at least 2000). */
  staleMs?: number;
  /** How long to wait for another writer before giving up; longer than staleMs, so a dead one is outwaited. */
  waitMs?: number;
  /** The largest file an edit may produce, in UTF-8 bytes; default the reader's limit, MAX_INCIDENT_FILE_BYTES. */
  maxBytes?: number;
  /** Where edit() runs the named edits; default this thread. The extension passes its WorkerParser. */
  editor?: FileEditor;
}

type Work<T> = (file: string, assertStillLocked: () => void) => Promise<T>;

export class IncidentWriter {
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly maxBytes: number;
  /** Runs the named edits (edit()); noteWriter.ts uses it for its whole-document fallback. */
  readonly editor: FileEditor;
  /** Writes to one file from this process queue here rather than poll the lock against each other. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(options: IncidentWriterOptions = {}) {
    this.staleMs = Math.max(options.staleMs ?? 10_000, 2_000);
    this.waitMs = Math.max(options.waitMs ?? this.staleMs * 2, this.staleMs + 1_000);
    this.maxBytes = options.maxBytes ?? MAX_INCIDENT_FILE_BYTES;
    this.editor = options.editor ?? inlineParser;
  }

  /**
   * update() with the edit `name` of fileEdits.ts, run by the editor (in the extension, the parse
   * worker: an edit parses the whole file, which must not block the extension host). Errors as update's.
   */
  edit<K extends FileEditName>(file: string, name: K, ...args: FileEditArgs<K>): Promise<string> {
    return this.update(file, (text) => this.editor.edit(name, text, args));
  }

  /**
   * Applies `edit` to the file's text as it is on disk now, under the lock, and returns the new text.
   * `edit` may be async (noteWriter.ts parses its result before it is written). An error thrown by
   * `edit` is passed on unchanged, and the file is left as it was. So is a
   * result over `maxBytes`: an edit never makes an incident file too big for the reader.
   * Only a regular file inside its workspace folder is read or written (workspaceFiles.ts).
   */
  update(file: string, edit: (text: string) => string | Promise<string>): Promise<string> {
    return this.exclusive(file, async (path, assertStillLocked) => {
      const read = readRegularFile(path, this.maxBytes);
      if (read === MISSING) throw new Error(`${basename(file)} no longer exists (renamed or deleted?); nothing was changed.`);
      if ('notUtf8' in read) throw Object.assign(new Error(`${basename(file)}: ${read.skipped}`), { code: 'EENCODING' });
      if ('skipped' in read) throw new Error(`Could not read ${basename(file)}: ${read.skipped}`);
      const current = read.text;
      const next = await edit(current);
      if (next === current) return current;
      this.checkSize(file, next);
      assertStillLocked();
      try {
        await writeFileAtomic(path, next);
      } catch (error) {
        throw new Error(`Could not save ${basename(file)}: ${(error as Error).message}. The file is unchanged.`);
      }
      return next;
    });
  }

  /** Writes a new file, creating its folder if needed; fails, overwriting nothing, if the file exists. */
  async create(file: string, text: string): Promise<void> {
    this.checkSize(file, text);
    await mkdir(dirname(resolve(file)), { recursive: true });
    return this.exclusive(file, async (path) => {
      try {
        await writeFileAtomic(path, text, { overwrite: false });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
          throw Object.assign(new Error(`${basename(file)} already exists; it was not overwritten.`), { code: 'EEXIST' });
        }
        throw new Error(`Could not create ${basename(file)}: ${(error as Error).message}`);
      }
    });
  }

  private exclusive<T>(file: string, work: Work<T>): Promise<T> {
    const key = resolve(file);
    const run = (this.queues.get(key) ?? Promise.resolve()).then(async () => {
      // One lock per file, however it is named: through a symlink, relative or absolute; and
      // never outside the workspace folder, however the file or .incidents/ is linked.
      const path = writeTargetInside(folderOfIncidentFile(key), key);
      return this.locked(path, work);
    });
    const settled = run.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return run;
  }

  private checkSize(file: string, text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes <= this.maxBytes) return;
    throw new Error(
      `${basename(file)} would grow to ${(bytes / 1024).toFixed(0)} KiB, over the ${(this.maxBytes / 1024).toFixed(0)} KiB an incident file may have ` +
        `(a bigger one is not read); nothing was written. Keep notes short and put long logs in a file of their own.`,
    );
  }

  private async locked<T>(path: string, work: Work<T>): Promise<T> {
    let compromised: Error | undefined;
    const release = await this.acquire(path, (error) => {
      compromised = error;
    });
    try {
      await removeLeftoverTempFiles(path);
      return await work(path, () => {
        // This process stalled past staleMs and another writer took the lock over: writing now could drop its edit.
        if (compromised) throw new Error(`Another writer took over ${basename(path)} while this one was stalled; the change was not saved. Try again.`);
      });
    } finally {
      await release().catch(() => undefined); // already released when compromised
    }
  }

  private async acquire(path: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.waitMs;
    // Loaded on the first write: a chunk of its own in the extension bundle (scripts/bundleBudget.mjs).
    const { lock } = await import('proper-lockfile');
    for (;;) {
      try {
        return await lock(path, { realpath: false, stale: this.staleMs, onCompromised });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') throw new Error(`Cannot write ${basename(path)}: its folder ${dirname(path)} does not exist.`);
        if (code !== 'ELOCKED') throw new Error(`Cannot lock ${basename(path)}: ${(error as Error).message}`);
        if (Date.now() >= deadline) {
          throw new Error(
            `${basename(path)} is being written by another window or process; gave up after ${Math.round(this.waitMs / 1000)} s. ` +
              `Nothing was changed. If no other writer is running, delete the lock folder ${path}.lock.`,
          );
        }
        // Jitter, so that waiting writers do not poll in step.
        await new Promise((done) => setTimeout(done, randomInt(5, 30)));
      }
    }
  }
}

/** Under the lock, any temporary file of `path` was left by a writer that died mid-write. */
async function removeLeftoverTempFiles(path: string): Promise<void> {
  const names = await readdir(dirname(path)).catch(() => [] as string[]);
  await Promise.all(names.filter((name) => isTempFileOf(path, name)).map((name) => rm(join(dirname(path), name), { force: true })));
}
