// Fixes in git history: commits whose message names an incident ("Fixes INC-142", a trailer
// "Incident: INC-142"), parsed from `git log` and `git diff-tree` output. Pure text in, values
// out; the adapter (src/adapters/gitMining.ts) runs git and streams its output through here.
import { parseUnifiedDiff, type FileDiff } from './diff';
import { findReferences, type ReferenceMatcher } from './references';
import type { LineRange } from './model';

/** A person as git names them after .mailmap (`%aN` / `%aE`). */
export interface GitIdentity {
  name: string;
  email: string;
}

/** What a fix changed in one file: lines are the new side of each hunk, 1-based, at that commit. */
export interface FixFile {
  path: string;
  /** The path before the commit when it renamed the file. */
  oldPath?: string;
  lines: LineRange[];
  /** True when the commit deleted the file. */
  deleted?: boolean;
}

/** A commit tied to the incidents its message names. */
export interface Fix {
  commit: string;
  author: GitIdentity;
  /** Author date, ISO 8601 at the author's offset, as git prints `%aI` (isoDate). */
  date: string;
  subject: string;
  incidents: string[];
  files: FixFile[];
  /** Set on a merge commit: its diff is taken against the first parent only. */
  merge?: boolean;
}

/** One commit of the log. */
export interface LogCommit {
  commit: string;
  parents: string[];
  author: GitIdentity;
  date: string;
  message: string;
  /** What follows the message when the log was run with -p: the commit's diff. */
  diff?: string;
}

/**
 * The `git log` format the parser reads: a record separator (0x1e) before each commit, fields
 * split by 0x1f: hash, parents, mailmapped author name and email, author date (`--date=raw`:
 * isoDate formats it, the same whichever git prints `%aI` how), raw message,
 * and 0x1d after the message (with -p, the diff follows it). `nonce` follows both markers: a
 * random word per run, so no message or diff line can fake the start of another commit.
 */
export function logFormat(nonce = ''): string {
  return `%x1e${nonce}%H%x1f%P%x1f%aN%x1f%aE%x1f%ad%x1f%B%x1d${nonce}`;
}

/** A message longer than this is generated text; only its start is read. */
export const MAX_MESSAGE = 64 * 1024;
/** Bounds on what one fix keeps, so one vendoring commit cannot fill memory. */
export const MAX_FILES_PER_FIX = 500;
export const MAX_HUNKS_PER_FILE = 200;

const HASH = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;

/** A record longer than this (one commit's diff vendoring a library) keeps only its start. */
export const MAX_RECORD = 16 * 1024 * 1024;

/**
 * Splits a stream into records at `separator`, holding back the unfinished last one. Linear in
 * the stream's length however many chunks a record spans: only new text is searched, and a
 * record's pieces are joined once; past MAX_RECORD characters the rest of a record is dropped.
 */
export class RecordSplitter {
  private pieces: string[] = [];
  private size = 0;
  /** The last separator.length - 1 characters, which may start a separator the next chunk ends. */
  private carry = '';
  constructor(private readonly separator: string) {}

  /** The records completed by `chunk`. */
  push(chunk: string): string[] {
    const text = this.carry + chunk;
    const records: string[] = [];
    let start = 0;
    for (let at = text.indexOf(this.separator); at >= 0; at = text.indexOf(this.separator, start)) {
      this.add(text.slice(start, at));
      records.push(this.take());
      start = at + this.separator.length;
    }
    const keep = Math.max(start, text.length - this.separator.length + 1);
    this.add(text.slice(start, keep));
    this.carry = text.slice(keep);
    return records;
  }

  /** The last record, once the stream has ended. */
  end(): string[] {
    this.add(this.carry);
    this.carry = '';
    const last = this.take();
    return last === '' ? [] : [last];
  }

  private add(piece: string): void {
    const room = MAX_RECORD - this.size;
    if (room <= 0 || piece === '') return;
    this.pieces.push(piece.length > room ? piece.slice(0, room) : piece);
    this.size += Math.min(piece.length, room);
  }

  private take(): string {
    const record = this.pieces.length === 1 ? (this.pieces[0] as string) : this.pieces.join('');
    this.pieces = [];
    this.size = 0;
    return record;
  }
}

/**
 * One record of logFormat(nonce) output, split at `\x1e${nonce}`; undefined for anything that
 * is not one (the empty head of the stream, garbage).
 */
export function parseLogRecord(record: string, nonce = ''): LogCommit | undefined {
  const cut = record.indexOf(`\x1d${nonce}`);
  const head = cut < 0 ? record : record.slice(0, cut);
  const fields = head.split('\x1f');
  if (fields.length < 6) return undefined;
  const [hash, parents, name, email, date] = fields as [string, string, string, string, string];
  const commit = hash.trim();
  if (!HASH.test(commit)) return undefined;
  const message = fields.slice(5).join('\x1f').slice(0, MAX_MESSAGE).replace(/\n+$/, '');
  const parsed: LogCommit = { commit, parents: parents.split(' ').filter((p) => HASH.test(p)), author: { name, email }, date: isoDate(date), message };
  const diff = cut < 0 ? '' : record.slice(cut + 1 + nonce.length);
  if (diff.trim() !== '') parsed.diff = diff;
  return parsed;
}

/**
 * Every word that can make a message name an incident contains one of these (case-insensitive):
 * git's own `--grep -F -i` with them skips every other commit before it is printed, so mining
 * reads the few candidate commits, not the whole history. Keep in step with KEYWORD_BEFORE
 * and INCIDENT_TRAILER.
 */
export const KEYWORD_STEMS = ['fix', 'close', 'resolve', 'ref', 'incident', 'mitigat', 'related to', 'part of', 'see'] as const;

/** True when `message` contains a KEYWORD_STEMS stem (case-insensitive): what git's own `--grep -F -i` filter lets through. */
export function hasKeyword(message: string): boolean {
  const lower = message.toLowerCase();
  return KEYWORD_STEMS.some((stem) => lower.includes(stem));
}

/** Words that make an id in a message a fix or a reference ("Fixes INC-142", "refs: INC-142", "fix(INC-142)"). */
const KEYWORD_BEFORE = /(?:^|[^\w-])(?:fix|fixe[sd]|close[sd]?|resolve[sd]?|refs?|references?|incidents?|mitigate[sd]?|related to|part of|see)\s*[:#(]?\s*$/i;
/** A trailer whose key names an incident: `Incident: INC-142`, `Incident-Id: INC-142`. */
const INCIDENT_TRAILER = /^\s*[A-Za-z-]*incident[A-Za-z-]*\s*:/i;
/** What may stand between two ids of one list: "INC-1, INC-2 and INC-3". */
const LIST_JOIN = /^\s*(?:,|&|\/|and)?\s*(?:and\s+)?$/i;

/**
 * The incident ids a commit message names as fixed or referenced, in order, each once.
 * An id counts after a keyword (fixes, closes, resolves, refs, incident, mitigates...), on a
 * trailer line whose key names an incident, or in a list that follows one of those; a bare
 * mention ("unlike INC-3") does not. `matcher` is references.ts' referenceMatcher.
 */
export function incidentMentions(message: string, matcher: ReferenceMatcher | undefined): string[] {
  const found: string[] = [];
  const lines = message.split('\n');
  let line = -1;
  let previousEnd = -1;
  // A commit message is prose: an id anywhere in it may count (git-commit is a prose language).
  for (const ref of findReferences(message, matcher, 'git-commit')) {
    if (ref.line !== line) {
      line = ref.line;
      previousEnd = -1;
    }
    const text = lines[ref.line] ?? '';
    const before = text.slice(Math.max(0, ref.start - 48), ref.start);
    const named = KEYWORD_BEFORE.test(before)
      || INCIDENT_TRAILER.test(text.slice(0, ref.start))
      || (previousEnd >= 0 && LIST_JOIN.test(text.slice(previousEnd, ref.start)));
    if (!named) {
      previousEnd = -1;
      continue;
    }
    previousEnd = ref.end;
    if (!found.includes(ref.id)) found.push(ref.id);
  }
  return found;
}

/** The first line of a message. */
export function subjectOf(message: string): string {
  const cut = message.indexOf('\n');
  return (cut < 0 ? message : message.slice(0, cut)).trim();
}

/** Full hashes listed in a `.git-blame-ignore-revs` file (comments and blank lines skipped). */
export function parseIgnoreRevs(text: string): Set<string> {
  const revs = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const rev = line.replace(/#.*/, '').trim().toLowerCase();
    if (HASH.test(rev)) revs.add(rev);
  }
  return revs;
}

/**
 * The files one commit changed, from its `git diff -U0 -M` text (diff.ts reads it), with the
 * new-side lines of each change: a pure deletion names the line after the gap. Bounded by
 * MAX_FILES_PER_FIX and MAX_HUNKS_PER_FILE.
 */
export function fixFilesOf(diffText: string): FixFile[] {
  return parseUnifiedDiff(diffText).slice(0, MAX_FILES_PER_FIX).flatMap((diff) => {
    const file = fixFileOf(diff);
    return file ? [file] : [];
  });
}

/** One file of a fix from its parsed diff (or one built to match, gitLooseDiff.ts); undefined without a path. */
export function fixFileOf(diff: Pick<FileDiff, 'kind' | 'oldPath' | 'newPath' | 'blocks'>): FixFile | undefined {
  const path = diff.newPath ?? diff.oldPath;
  if (path === undefined) return undefined;
  const lines = diff.blocks.slice(0, MAX_HUNKS_PER_FILE).map((b) => ({ start: Math.max(1, b.newStart), end: Math.max(1, b.newStart + Math.max(1, b.newLines) - 1) }));
  const file: FixFile = { path, lines };
  if (diff.kind === 'renamed' && diff.oldPath && diff.oldPath !== path) file.oldPath = diff.oldPath;
  if (diff.kind === 'deleted') file.deleted = true;
  return file;
}

/** `%ad` as `--date=raw` prints it (`1767225600 +0100`) in ISO 8601 at its own offset, as `%aI` prints it; anything else as it is. */
export function isoDate(raw: string): string {
  const match = /^(\d+) ([+-])(\d\d)(\d\d)$/.exec(raw.trim());
  if (!match) return raw;
  const [, seconds, sign, hours, minutes] = match as unknown as [string, string, string, string, string];
  const offset = (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const local = new Date((Number(seconds) + offset * 60) * 1000);
  if (Number.isNaN(local.getTime())) return raw;
  return `${local.toISOString().slice(0, 19)}${sign}${hours}:${minutes}`;
}

/** True when two 1-based inclusive ranges share a line. */
export function overlaps(a: LineRange, b: LineRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}
