// Who wrote each line now in a file: `git blame --line-porcelain` output parsed, and summed
// per person into "changed 12 of these 40 lines in the last year".
import type { GitIdentity } from './gitMining';

/** One line of the file as blame attributes it. */
export interface BlameLine {
  /** 1-based line number in the file as it is now. */
  line: number;
  commit: string;
  author: GitIdentity;
  /** Author time, seconds since the epoch. */
  time: number;
}

const HEADER = /^([0-9a-f]{40}(?:[0-9a-f]{24})?) \d+ (\d+)(?: \d+)?$/;
const UNCOMMITTED = /^0+$/;

/**
 * `git blame --line-porcelain` text: a header per line (hash, original and final line), its
 * author fields, then the line's content after a TAB. Lines not committed yet are left out.
 */
export function parseBlamePorcelain(text: string): BlameLine[] {
  const lines: BlameLine[] = [];
  let current: { line: number; commit: string; name: string; email: string; time: number } | undefined;
  for (const row of text.split('\n')) {
    if (row.startsWith('\t')) {
      if (current && !UNCOMMITTED.test(current.commit)) {
        lines.push({ line: current.line, commit: current.commit, author: { name: current.name, email: current.email }, time: current.time });
      }
      current = undefined;
      continue;
    }
    const header = HEADER.exec(row);
    if (header) {
      current = { commit: header[1] as string, line: Number(header[2]), name: '', email: '', time: 0 };
      continue;
    }
    if (!current) continue;
    if (row.startsWith('author ')) current.name = row.slice('author '.length);
    else if (row.startsWith('author-mail ')) current.email = row.slice('author-mail '.length).replace(/^<|>$/g, '');
    else if (row.startsWith('author-time ')) current.time = Number(row.slice('author-time '.length)) || 0;
  }
  return lines;
}

/** Lines per author changed at or after `sinceSeconds`, most first. */
export function recentAuthors(lines: readonly BlameLine[], sinceSeconds: number): { author: GitIdentity; lines: number; commits: string[] }[] {
  const byAuthor = new Map<string, { author: GitIdentity; lines: number; commits: string[] }>();
  for (const line of lines) {
    if (line.time < sinceSeconds) continue;
    const key = `${line.author.name}\n${line.author.email.toLowerCase()}`;
    const entry = byAuthor.get(key) ?? { author: line.author, lines: 0, commits: [] };
    entry.lines++;
    if (!entry.commits.includes(line.commit)) entry.commits.push(line.commit);
    byAuthor.set(key, entry);
  }
  return [...byAuthor.values()].sort((a, b) => b.lines - a.lines || a.author.name.localeCompare(b.author.name));
}
