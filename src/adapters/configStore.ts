// Each workspace folder's .incidents/config.yaml, parsed once per change, with
// its problems for the Problems panel. A missing file means the defaults.
import { join } from 'node:path';
import { DEFAULT_CONFIG, MAX_CONFIG_FILE_BYTES, type IncidentConfig, type ParsedConfig } from '../core/config';
import type { Problem } from '../core/model';
import { loadLinearEngine } from '../core/linearPattern';
import { referenceMatcher, referencesNeedEngine, referenceUnions, type ReferenceMatcher } from '../core/references';
import { inlineParser, type IncidentParser } from './incidentParser';
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
  /** The latest load of each folder: a parse that comes back after a newer one began is dropped. */
  private readonly loads = new Map<string, number>();
  private loadCount = 0;

  /**
   * `parser`: where config.yaml is parsed; default this thread (inlineParser). The extension passes
   * its WorkerParser: checking a hundred patterns of a thousand characters takes the parser a
   * third of a second, which the extension host must not wait.
   */
  constructor(private readonly parser: Pick<IncidentParser, 'parseConfig'> = inlineParser) {}

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

  /**
   * Reads the folder's config.yaml: only a regular file inside the folder, by at most
   * MAX_CONFIG_FILE_BYTES read, parsed by the parser. A load overtaken by a newer one of the same
   * folder changes nothing.
   */
  async load(folder: IncidentFolder): Promise<void> {
    const generation = ++this.loadCount;
    this.loads.set(folder.id, generation);
    const file = this.configFile(folder);
    const read = readFileInside(folder.root, file, MAX_CONFIG_FILE_BYTES);
    const parsed: ParsedConfig = read === MISSING
      ? { config: DEFAULT_CONFIG, problems: [] }
      : 'skipped' in read
        ? { config: DEFAULT_CONFIG, problems: [{ message: `${read.skipped} The defaults apply.`, severity: 'error' as const, line: 1, column: 1, endLine: 1, endColumn: 1 }] }
        : await this.parser.parseConfig(read.text);
    if (this.loads.get(folder.id) !== generation) return;
    // The parser has checked each pattern it kept (config.ts): only their unions are compiled here,
    // with a turn of the event loop after each (100 patterns of 1,000 characters compiled at once
    // would block the extension host for a third of a second).
    let matcher = DEFAULT_MATCHER;
    if (parsed.config !== DEFAULT_CONFIG) {
      // Loading the engine is a step of its own (about 10 ms), not a part of the first union's.
      if (referencesNeedEngine(parsed.config.references) && loadLinearEngine()) {
        await new Promise(setImmediate);
        if (this.loads.get(folder.id) !== generation) return;
      }
      const patterns = [];
      for (const union of referenceUnions(parsed.config.references)) {
        patterns.push(union);
        await new Promise(setImmediate);
        if (this.loads.get(folder.id) !== generation) return;
      }
      matcher = patterns.length > 0 ? { patterns } : undefined;
    }
    this.byFolder.set(folder.id, { file, config: parsed.config, matcher, problems: parsed.problems });
    this.listeners.forEach((listener) => listener(folder.id));
  }

  remove(folder: IncidentFolder): void {
    this.loads.delete(folder.id);
    this.byFolder.delete(folder.id);
    this.listeners.forEach((listener) => listener(folder.id));
  }
}
