// The workspace a command works on: found from the current directory, loaded once.
import { statSync } from 'node:fs';
import { userCacheFile } from '../adapters/userCache';
import { incidentsAt, parseLocation, type IncidentsHere, type Location } from '../services/incidentsAt';
import { findWorkspaceRoot, loadWorkspace, type LoadedWorkspace } from '../services/workspace';
import { parseCommandArgs } from './args';
import { CliError, type CliIO } from './io';

/**
 * Loads the workspace around `io.cwd` (the nearest folder with .incidents/, else the git
 * root); a CliError when there is none. Problems in incident files are printed to stderr
 * as `file:line:column: message` and the rest of the incidents still count. Starts warm from
 * the index this command line saved for the same root (cliIndexCache), and saves it again.
 */
export async function openWorkspace(io: CliIO): Promise<LoadedWorkspace> {
  const root = await findWorkspaceRoot(io.cwd);
  if (!root) throw new CliError(`No workspace here: ${io.cwd} has no .incidents/ folder above it and is not in a git repository. Run incident-lens inside your repository (or create .incidents/ at its root).`);
  const workspace = await loadWorkspace(root, cliIndexCache(root, io.env));
  for (const [file, problems] of workspace.problems) {
    for (const problem of problems) io.stderr(`${file}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}\n`);
  }
  return workspace;
}

/**
 * The persisted index of `root` for processes without editor storage: in the user's cache
 * directory (userCacheFile: `$XDG_CACHE_HOME/incident-lens/index/`), one file per root. A file
 * is taken from it only while its size and mtime match (indexCache.ts), and a cache saved by
 * another build of this program (its own file's mtime) is not used.
 */
export function cliIndexCache(root: string, env: CliIO['env']): { cachePath: string; cacheTag: string } {
  return { cachePath: userCacheFile('index', root, '.jsonl', env), cacheTag: String(buildStamp()) };
}

/** This program's own file's mtime: a new install or build gets a new stamp. */
function buildStamp(): number {
  try {
    return statSync(__filename).mtimeMs;
  } catch {
    return 0;
  }
}

/** What a command about one place in the code starts from: `experts` and `incidents`. */
export interface LocationCommand {
  workspace: LoadedWorkspace;
  location: Location;
  /** The location as the user typed it, for messages. */
  typed: string;
  here: IncidentsHere;
  json: boolean;
}

/**
 * Reads `<path>[:<line>[-<line>]] [--json]` (exactly one location; `usage` is shown when it is
 * not), loads the workspace and finds the incidents linked there now. A CliError for a
 * missing or malformed location.
 */
export async function openAtLocation(args: string[], io: CliIO, usage: string): Promise<LocationCommand> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: 'boolean' } }, usage);
  if (positionals.length !== 1) throw new CliError(`give exactly one location.\nUsage: ${usage}`);
  const typed = positionals[0] as string;
  const workspace = await openWorkspace(io);
  let location: Location;
  try {
    location = parseLocation(typed, workspace.root, io.cwd);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return { workspace, location, typed, here: await incidentsAt(workspace, location), json: values.json === true };
}
