// Where a process without editor storage (the command line, the MCP server) keeps what it
// remembers about a repository between runs.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * `$XDG_CACHE_HOME/incident-lens/<kind>/<hash of root><extension>`, with `~/.cache` when
 * XDG_CACHE_HOME is unset (the XDG Base Directory Specification's cache directory). One file per
 * repository root and kind; nothing is written here by this function.
 */
export function userCacheFile(kind: string, root: string, extension: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'incident-lens', kind, `${createHash('sha256').update(root).digest('hex').slice(0, 16)}${extension}`);
}
