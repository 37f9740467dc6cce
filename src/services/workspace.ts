// One workspace folder's incidents, loaded without the editor: the index, config.yaml and
// every problem found, plus a LinkSource that answers the anchors' questions from the disk
// and from git. The command line, the MCP server and the agents' services start here.
import { existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { ConfigStore } from '../adapters/configStore';
import { gitRenameQuery, runGit } from '../adapters/git';
import { INCIDENTS_DIR, IncidentStore, type IncidentFolder } from '../adapters/incidentStore';
import { splitLines } from '../core/anchors';
import type { IncidentConfig } from '../core/config';
import type { IncidentIndex } from '../core/incidentIndex';
import { isCommitish } from '../core/permalinks';
import type { Problem } from '../core/model';
import { unsafePathReason } from '../core/paths';

/** The anchors' LinkSource (src/core/anchors.ts): the disk now and, where git may run, history. */
import type { LinkSource } from '../core/anchors';
export type { LinkSource };

export interface LoadWorkspaceOptions {
  /** May git run (default true)? False for a repository not trusted: the LinkSource then has no git answers. */
  git?: boolean;
  /** The key links are indexed under (default: the root path itself). */
  folderId?: string;
  /** A persisted index to start warm from (see src/adapters/indexCache.ts); none by default. */
  cachePath?: string;
  /** What else a cached entry depends on (the program's build): a cache saved under another is not used. */
  cacheTag?: string;
}

export interface LoadedWorkspace {
  /** Absolute path of the workspace folder (the one holding .incidents/). */
  root: string;
  folder: IncidentFolder;
  index: IncidentIndex;
  /** config.yaml, or the defaults where it is missing or wrong. */
  config: IncidentConfig;
  /** Problems by absolute file path: incident files and config.yaml. Every other incident still loads. */
  problems: ReadonlyMap<string, readonly Problem[]>;
  /** The files as they are on disk now, and git's history of them when git may run. */
  source: LinkSource;
  /** True when git may run here (options.git) and `root` is inside a work tree. */
  git: boolean;
}

/** Files bigger than this are not read as source: anchors on them resolve stale rather than stall. */
export const MAX_SOURCE_FILE_BYTES = 8 * 1024 * 1024;
const GIT_TIMEOUT_MS = 10_000;
const GIT_OUTPUT = 16 * 1024 * 1024;
/** When a link records no commit, renames are looked for this far back. */
const RENAME_DAYS = 365;

/**
 * Loads the incidents of the workspace folder `root`: config.yaml first (its severity
 * labels change how incident files parse), then every `.incidents/*.yaml`. Never throws
 * for bad files: they become `problems`. Rejects only when `root` is not a folder.
 */
export async function loadWorkspace(root: string, options: LoadWorkspaceOptions = {}): Promise<LoadedWorkspace> {
  const absolute = resolve(root);
  if (!(await stat(absolute)).isDirectory()) throw new Error(`${absolute} is not a folder`);
  const folder: IncidentFolder = { id: options.folderId ?? absolute, root: absolute };
  const configs = new ConfigStore();
  await configs.load(folder);
  const config = configs.configOf(folder.id);
  const severities = config.severities.map((s) => s.label);
  const practices = config.review.practices.map((p) => p.name);
  const store = new IncidentStore({
    ...(options.cachePath ? { cachePath: options.cachePath, cacheTag: JSON.stringify([options.cacheTag ?? '', severities, practices]), cacheSaveDelayMs: 0 } : {}),
    parseOptions: () => ({ severities, practices }),
  });
  await store.loadFolder(folder);
  if (options.cachePath) await store.saveCache();
  store.dispose();
  const problems = new Map<string, readonly Problem[]>([...store.problems(), ...configs.problems()]);
  const git = options.git !== false && (await isInsideWorkTree(absolute));
  return { root: absolute, folder, index: store.index, config, problems, source: diskLinkSource(absolute, git), git };
}

/**
 * The workspace folder for a command run in `cwd`: the nearest folder at or above it that
 * holds `.incidents/`, else the root of the git work tree around it, else undefined.
 */
export async function findWorkspaceRoot(cwd: string): Promise<string | undefined> {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (isFolder(join(dir, INCIDENTS_DIR))) return dir;
    if (dirname(dir) === dir) break;
  }
  const top = await runGit(resolve(cwd), ['rev-parse', '--show-toplevel']);
  return top ? resolve(top) : undefined;
}

/**
 * Answers the anchors from `root` on disk; with `git`, also from git's history (each
 * answer one `git` process through execFile, no shell; undefined when git says no).
 */
export function diskLinkSource(root: string, git: boolean): LinkSource {
  const source: LinkSource = {
    read: async (path) => {
      if (unsafePathReason(path)) return undefined;
      try {
        const file = join(root, path);
        if ((await stat(file)).size > MAX_SOURCE_FILE_BYTES) return undefined;
        return { path, lines: splitLines(await readFile(file, 'utf8')) };
      } catch {
        return undefined;
      }
    },
  };
  if (!git) return source;
  const renamesSince = gitRenameQuery(root, undefined, RENAME_DAYS, GIT_TIMEOUT_MS, GIT_OUTPUT);
  return {
    ...source,
    // `./` makes the path relative to `root` even when the repository's top is above it.
    readAt: (commit, path) => (isCommitish(commit) && !unsafePathReason(path) ? runGit(root, ['show', `${commit}:./${path}`], GIT_TIMEOUT_MS, GIT_OUTPUT) : Promise.resolve(undefined)),
    diff: async (commit, path) => {
      if (!isCommitish(commit) || unsafePathReason(path)) return undefined;
      const renamed = (await renamesSince(commit)).get(path);
      const paths = renamed ? [path, renamed] : [path];
      return runGit(root, ['diff', '--relative', '--no-color', '--no-ext-diff', '-M', commit, '--', ...paths], GIT_TIMEOUT_MS, GIT_OUTPUT);
    },
    renamesSince,
  };
}

async function isInsideWorkTree(root: string): Promise<boolean> {
  return (await runGit(root, ['rev-parse', '--is-inside-work-tree'])) === 'true';
}

function isFolder(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isDirectory();
  } catch {
    return false;
  }
}
