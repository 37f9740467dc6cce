// A repository's `.mailmap` read as git reads it (gitmailmap(5)), so an author named from the
// object files is the one `git log --use-mailmap` prints: entries keyed by the commit email
// (case-insensitive), optionally narrowed by the commit name (case-insensitive), mapping to a
// proper name, a proper email or both; a later line for the same key wins (a plain entry is
// updated field by field). Used where the
// miner reads a new commit without git (gitLooseDiff.ts).
import type { GitIdentity } from './gitMining';

interface MailmapEntry {
  name?: string;
  email?: string;
}

/** Commit email (lower case) to its entries: '' for the one matching any name, else the lower-case commit name. */
export type Mailmap = Map<string, Map<string, MailmapEntry>>;

const LINE = /^\s*([^<>]*?)\s*<([^<>]*)>\s*(?:([^<>]*?)\s*<([^<>]*)>)?\s*(?:#.*)?$/;

/**
 * The entries of a `.mailmap` text; undefined when a line is none of the four forms git
 * documents (the caller then asks git, which knows its own leniencies).
 */
export function parseMailmap(text: string): Mailmap | undefined {
  const map: Mailmap = new Map();
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^\s*(?:#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match) return undefined;
    const [, properName, firstEmail, commitName, secondEmail] = match as unknown as [string, string, string, string | undefined, string | undefined];
    const commitEmail = (secondEmail ?? firstEmail).toLowerCase();
    const entry: MailmapEntry = {};
    if (properName) entry.name = properName;
    if (secondEmail !== undefined && firstEmail) entry.email = firstEmail;
    const byName = map.get(commitEmail) ?? new Map<string, MailmapEntry>();
    const key = commitName ? commitName.toLowerCase() : '';
    // As git does: a plain entry is updated field by field, one narrowed by name replaced.
    byName.set(key, key === '' ? { ...byName.get(key), ...entry } : entry);
    map.set(commitEmail, byName);
  }
  return map;
}

/** `author` as `%aN <%aE>` prints it after `map`. */
export function mapIdentity(map: Mailmap, author: GitIdentity): GitIdentity {
  const byName = map.get(author.email.toLowerCase());
  const entry = byName?.get(author.name.toLowerCase()) ?? byName?.get('');
  return { name: entry?.name ?? author.name, email: entry?.email ?? author.email };
}
