// Each workspace folder's .incidents/config.yaml, parsed once per change, with
// its problems for the Problems panel. A missing file means the defaults.
import { join } from 'node:path';
import { DEFAULT_CONFIG, MAX_CONFIG_FILE_BYTES, parseConfigFile, type IncidentConfig } from '../core/config';
import type { Problem } from '../core/model';
import { referenceMatcher, type ReferenceMatcher } from '../core/references';
import { INCIDENTS_DIR, type IncidentFolder } from './incidentStore';
import { MISSING, readFileInside } from './workspaceFiles';

export const CONFIG_FILE = 'config.yaml';

interface FolderConfig {
  file: string;
  config: IncidentConfig;
  matcher: ReferenceMatcher | undefined;
  problems: Problem[];
}

const DEFAULT_MATCHER = referenceMatcher(DEFAULT_CONFIG.references);

export class ConfigStore {
  private readonly byFolder = new Map<string, FolderConfig>();
  private readonly listeners = new Set<(folder: string) => void>();

  onDidChange(listener: (folder: string) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  configOf(folder: string): IncidentConfig {
    return this.byFolder.get(folder)?.config ?? DEFAULT_CONFIG;
  }

  matcherOf(folder: string): ReferenceMatcher | undefined {
    const known = this.byFolder.get(folder);
    return known ? known.matcher : DEFAULT_MATCHER;
  }

  /** config.yaml files with problems, by absolute path. */
  problems(): Map<string, Problem[]> {
    return new Map([...this.byFolder.values()].filter((c) => c.problems.length > 0).map((c) => [c.file, c.problems]));
  }

  configFile(folder: IncidentFolder): string {
    return join(folder.root, INCIDENTS_DIR, CONFIG_FILE);
  }

  /** Reads the folder's config.yaml: only a regular file inside the folder, by at most MAX_CONFIG_FILE_BYTES read. */
  async load(folder: IncidentFolder): Promise<void> {
    const file = this.configFile(folder);
    const read = readFileInside(folder.root, file, MAX_CONFIG_FILE_BYTES);
    const parsed = read === MISSING
      ? { config: DEFAULT_CONFIG, problems: [] }
      : 'skipped' in read
        ? { config: DEFAULT_CONFIG, problems: [{ message: `${read.skipped} The defaults apply.`, severity: 'error' as const, line: 1, column: 1, endLine: 1, endColumn: 1 }] }
        : parseConfigFile(read.text);
    this.byFolder.set(folder.id, { file, config: parsed.config, matcher: referenceMatcher(parsed.config.references), problems: parsed.problems });
    this.listeners.forEach((listener) => listener(folder.id));
  }

  remove(folder: IncidentFolder): void {
    this.byFolder.delete(folder.id);
    this.listeners.forEach((listener) => listener(folder.id));
  }
}
