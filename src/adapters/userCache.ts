// Where a process without editor storage (the command line, the MCP server) keeps what it
// remembers about a repository between runs.
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { readSmallText } from './workspaceFiles';

/**
 * `$XDG_CACHE_HOME/incident-lens/<kind>/<hash of root><extension>`, with `~/.cache` when
 * XDG_CACHE_HOME is unset (the XDG Base Directory Specification's cache directory). One file per
 * repository root and kind; nothing is written here by this function.
 */
export function userCacheFile(kind: string, root: string, extension: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'incident-lens', kind, `${createHash('sha256').update(root).digest('hex').slice(0, 16)}${extension}`);
}

/** A cache file's JSON, or undefined when it is missing, too big or not JSON (the caller checks its shape). */
export function readCacheJson(file: string): unknown {
  try {
    return JSON.parse(readSmallText(file)) as unknown;
  } catch {
    return undefined;
  }
}

/** Writes `value` as JSON to a cache file (its folder made, the old file replaced whole); a failure only means working it out again next time, so it is not thrown. */
export async function writeCacheJson(file: string, value: unknown): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, JSON.stringify(value));
  } catch {
    // Nothing to do: the cache is only missed.
  }
}
