// The workspace's files by name, for matching stack-frame paths: one bounded walk of the
// folder that skips what never holds the team's own code (dependencies, build output, VCS
// folders, hidden folders) and never follows symbolic links, so a stranger's repository
// cannot send it in circles or through the whole disk.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileNameIndex } from './stackTracePaths';

/** A walk stops after this many files; the files found until then still match. */
export const MAX_WALKED_FILES = 200_000;
const SKIPPED_FOLDERS = new Set(['node_modules', 'bower_components', 'vendor', 'dist', 'out', 'build', 'target', 'bin', 'obj', '__pycache__', 'venv', 'coverage']);

export interface WalkedFiles extends FileNameIndex {
  /** Files seen. */
  readonly count: number;
  /** True when the walk stopped at MAX_WALKED_FILES. */
  readonly truncated: boolean;
}

/** Walks `root` (absolute) breadth-first and indexes its files by name; unreadable folders are passed over. */
export async function indexWorkspaceFiles(root: string, maxFiles = MAX_WALKED_FILES): Promise<WalkedFiles> {
  const byName = new Map<string, string[]>();
  const byLowerName = new Map<string, string[]>();
  let count = 0;
  let truncated = false;
  const queue: string[] = [''];
  walk: while (queue.length > 0) {
    const folder = queue.shift() as string;
    let entries;
    try {
      entries = await readdir(join(root, folder), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = folder ? `${folder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) queue.push(path);
      } else if (entry.isFile()) {
        if (++count > maxFiles) {
          truncated = true;
          break walk;
        }
        add(byName, entry.name, path);
        add(byLowerName, entry.name.toLowerCase(), path);
      }
    }
  }
  return {
    count: Math.min(count, maxFiles),
    truncated,
    withName: (name, caseInsensitive) => (caseInsensitive ? byLowerName.get(name.toLowerCase()) : byName.get(name)) ?? [],
  };
}

function add(map: Map<string, string[]>, key: string, path: string): void {
  const list = map.get(key);
  if (list) list.push(path);
  else map.set(key, [path]);
}
