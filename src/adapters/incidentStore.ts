// Reads each workspace folder's .incidents/ into the index, one file at a time,
// and keeps the problems it finds per file for the Problems panel.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { IncidentIndex } from '../core/incidentIndex';
import type { Problem } from '../core/model';
import { MAX_INCIDENT_FILE_BYTES, parseIncidentFile } from '../core/parseIncident';

export const INCIDENTS_DIR = '.incidents';
const CONFIG_FILES = new Set(['config.yaml', 'config.yml']);
/** Parse for at most this long before letting the host breathe. */
const SLICE_MS = 30;

export interface IncidentFolder {
  /** A stable key for the folder (its URI); links are indexed under it. */
  id: string;
  /** Absolute file-system path of the folder. */
  root: string;
}

export function isIncidentFileName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !CONFIG_FILES.has(name.toLowerCase());
}

export class IncidentStore {
  readonly index = new IncidentIndex();
  private readonly problemsByFile = new Map<string, Problem[]>();
  private readonly filesByFolder = new Map<string, Set<string>>();
  private readonly listeners = new Set<(files: readonly string[]) => void>();

  /** Called with the incident files whose content or problems changed. */
  onDidChange(listener: (files: readonly string[]) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  problems(): ReadonlyMap<string, readonly Problem[]> {
    return this.problemsByFile;
  }

  /** Loads every incident file of `folder`, replacing what was loaded from it before. */
  async loadFolder(folder: IncidentFolder): Promise<void> {
    const dir = join(folder.root, INCIDENTS_DIR);
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile() && isIncidentFileName(e.name)).map((e) => e.name);
    } catch {
      names = [];
    }
    const files = names.sort().map((name) => join(dir, name));
    const previous = this.filesByFolder.get(folder.id) ?? new Set<string>();
    for (const file of previous) if (!files.includes(file)) this.forget(file);
    this.filesByFolder.set(folder.id, new Set(files));

    let sliceStart = Date.now();
    for (const file of files) {
      await this.read(file, folder);
      if (Date.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        sliceStart = Date.now();
      }
    }
    this.emit([...new Set([...previous, ...files])]);
  }

  /** Re-reads one incident file after it was created or changed. */
  async refreshFile(file: string, folder: IncidentFolder): Promise<void> {
    const known = this.filesByFolder.get(folder.id) ?? new Set<string>();
    known.add(file);
    this.filesByFolder.set(folder.id, known);
    await this.read(file, folder);
    this.emit([file]);
  }

  removeFile(file: string): void {
    this.forget(file);
    for (const files of this.filesByFolder.values()) files.delete(file);
    this.emit([file]);
  }

  removeFolder(folder: IncidentFolder): void {
    const files = [...(this.filesByFolder.get(folder.id) ?? [])];
    files.forEach((file) => this.forget(file));
    this.filesByFolder.delete(folder.id);
    this.emit(files);
  }

  private async read(file: string, folder: IncidentFolder): Promise<void> {
    let problems: Problem[];
    try {
      const info = await stat(file);
      if (info.size > MAX_INCIDENT_FILE_BYTES) {
        problems = [wholeFile(`The file is ${(info.size / 1024 / 1024).toFixed(1)} MiB; incident files over 1 MiB are not read.`)];
        this.index.remove(file);
      } else {
        const parsed = parseIncidentFile(await readFile(file, 'utf8'));
        problems = parsed.problems;
        this.index.set(file, folder.id, parsed.incident);
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return this.forget(file);
      problems = [wholeFile(`The file could not be read: ${(error as Error).message}`)];
      this.index.remove(file);
    }
    if (problems.length > 0) this.problemsByFile.set(file, problems);
    else this.problemsByFile.delete(file);
  }

  private forget(file: string): void {
    this.index.remove(file);
    this.problemsByFile.delete(file);
  }

  private emit(files: readonly string[]): void {
    for (const listener of this.listeners) listener(files);
  }
}

function wholeFile(message: string): Problem {
  return { message, severity: 'error', line: 1, column: 1, endLine: 1, endColumn: 1 };
}
