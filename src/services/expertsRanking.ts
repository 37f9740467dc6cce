// The people to ask about a piece of code, each with reasons anyone can check: responded to an
// incident linked here, wrote a fix that changed this code, changed these lines in the last
// year (blame), owns them by CODEOWNERS. Pure: every fact comes in as a value.
import type { CodeownersRule } from '../core/codeowners';
import { overlaps, type Fix, type GitIdentity } from '../core/gitMining';
import { recentAuthors, type BlameLine } from '../core/gitMiningBlame';
import type { Incident, LineRange, Link } from '../core/model';

export type ExpertReasonKind = 'responder' | 'fix-author' | 'recent-author' | 'owner';

export interface ExpertReason {
  kind: ExpertReasonKind;
  /** One sentence a person can check: "wrote the fix for INC-157 (commit abc1234, 2026-03-02)". */
  detail: string;
  incident?: string;
  commit?: string;
}

export interface Expert {
  name: string;
  /** As .mailmap maps it; absent for a responder or owner git has never seen. */
  email?: string;
  score: number;
  reasons: ExpertReason[];
}

/** What each kind of reason weighs; a recent author weighs RECENT x the share of lines they changed. */
export const REASON_WEIGHTS = { responder: 3, 'fix-author': 3, recentAuthor: 2, owner: 1 } as const;
const YEAR_SECONDS = 365 * 86_400;

export interface ExpertsInput {
  /** Folder-relative path of the code asked about. */
  path: string;
  /** The lines asked about (1-based, inclusive); the whole file when absent. */
  lines?: LineRange;
  /** Links into this code with their incidents (already narrowed to `path` and `lines`). */
  linked: readonly { incident: Incident; link: Link }[];
  /** Every mined fix of the repository; narrowed here to the ones that changed this code. */
  fixes: readonly Fix[];
  /** Blame of the lines asked about; absent when git may not run. */
  blame?: readonly BlameLine[];
  /** How many lines were asked about (for "12 of these 40 lines"). */
  lineCount?: number;
  /** The CODEOWNERS rule deciding `path`, and the file it is in. */
  owner?: { rule: CodeownersRule; file: string };
  /** Old path -> new path for files git saw renamed (newest rename per path), so older fixes still count. */
  renames?: ReadonlyMap<string, string>;
  now: Date;
  /** At most this many people (default 10). */
  limit?: number;
}

/** People ranked by score (highest first, then by name), each with their reasons. */
export function rankExperts(input: ExpertsInput): Expert[] {
  const people = new People();
  for (const fix of fixesOf(input.fixes, input.path, input.lines, input.renames)) {
    const person = people.git(fix.author);
    for (const incident of fix.incidents) {
      person.add({ kind: 'fix-author', detail: `wrote the fix for ${incident} (commit ${fix.commit.slice(0, 7)}, ${fix.date.slice(0, 10)})`, incident, commit: fix.commit }, REASON_WEIGHTS['fix-author']);
    }
  }
  if (input.blame && input.blame.length > 0) {
    const total = input.lineCount ?? input.blame.length;
    for (const recent of recentAuthors(input.blame, input.now.getTime() / 1000 - YEAR_SECONDS)) {
      const share = Math.min(1, recent.lines / Math.max(1, total));
      people.git(recent.author).add({ kind: 'recent-author', detail: `changed ${changedLines(recent.lines, total, input.lines !== undefined)} in the last year`, commit: recent.commits[0] }, REASON_WEIGHTS.recentAuthor * share);
    }
  }
  const responded = new Set<string>();
  for (const { incident, link } of input.linked) {
    for (const responder of incident.responders) {
      const key = `${incident.id}\n${responder}`;
      if (responded.has(key)) continue;
      responded.add(key);
      people.named(responder).add({ kind: 'responder', detail: `responded to ${incident.id} (linked here as ${link.role})`, incident: incident.id }, REASON_WEIGHTS.responder);
    }
  }
  if (input.owner) {
    const { rule, file } = input.owner;
    for (const owner of rule.owners) {
      people.named(owner).add({ kind: 'owner', detail: `owns ${rule.pattern} by CODEOWNERS (${file} line ${rule.line})` }, REASON_WEIGHTS.owner);
    }
  }
  return people.ranked().slice(0, input.limit ?? 10);
}

/**
 * Fixes that changed `path` (under its name then, followed through `renames`), and `lines`
 * when given. A fix's lines are where they stood at its commit: an approximation once the
 * file has changed since, which is why the reason names the commit to check.
 */
export function fixesOf(fixes: readonly Fix[], path: string, lines?: LineRange, renames?: ReadonlyMap<string, string>): Fix[] {
  return fixes.filter((fix) => fix.files.some((file) => !file.deleted && currentPath(file.path, renames) === path
    && (!lines || file.lines.length === 0 || file.lines.some((changed) => overlaps(changed, lines)))));
}

/** Where a path went through a chain of renames (a -> b, b -> c), cycles cut. */
export function currentPath(path: string, renames?: ReadonlyMap<string, string>): string {
  let current = path;
  for (let hops = 0; renames && hops < 32; hops++) {
    const next = renames.get(current);
    if (next === undefined || next === path) break;
    current = next;
  }
  return current;
}

class Person {
  score = 0;
  readonly reasons: ExpertReason[] = [];
  constructor(public name: string, public email: string | undefined) {}

  add(reason: ExpertReason, weight: number): void {
    if (this.reasons.some((r) => r.kind === reason.kind && r.detail === reason.detail)) return;
    this.reasons.push(reason);
    this.score += weight;
  }
}

/**
 * One Person per identity. Git identities (already mapped by .mailmap) are keyed by email.
 * A responder or owner written as a name, a handle (`@alice`) or an email joins the git
 * identity with that email, that name, or that email's local part (case-insensitive).
 */
class People {
  private readonly all: Person[] = [];
  private readonly byEmail = new Map<string, Person>();
  private readonly byAlias = new Map<string, Person>();

  git(identity: GitIdentity): Person {
    const email = identity.email.toLowerCase();
    let person = (email && this.byEmail.get(email)) || this.byAlias.get(identity.name.toLowerCase());
    if (!person) {
      person = new Person(identity.name, identity.email || undefined);
      this.all.push(person);
    }
    if (email) this.byEmail.set(email, person);
    person.email ??= identity.email || undefined;
    this.alias(identity.name, person);
    if (email) {
      this.alias(email.slice(0, email.indexOf('@')), person);
      const handle = /^\d+\+([^@]+)@users\.noreply\.github\.com$/.exec(email)?.[1];
      if (handle) this.alias(handle, person);
    }
    return person;
  }

  named(text: string): Person {
    const written = text.trim();
    const key = written.replace(/^@/, '').toLowerCase();
    const found = written.includes('@') && !written.startsWith('@') ? this.byEmail.get(key) : this.byAlias.get(key);
    if (found) return found;
    const isEmail = /^[^@\s]+@[^@\s]+$/.test(written);
    const person = new Person(written, isEmail ? written : undefined);
    this.all.push(person);
    if (isEmail) this.byEmail.set(key, person);
    else this.alias(key, person);
    return person;
  }

  ranked(): Expert[] {
    return this.all
      .filter((person) => person.reasons.length > 0)
      .map((person) => ({ name: person.name, ...(person.email ? { email: person.email } : {}), score: Math.round(person.score * 100) / 100, reasons: person.reasons }))
      .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  }

  private alias(name: string, person: Person): void {
    const key = name.trim().toLowerCase();
    if (key && !this.byAlias.has(key)) this.byAlias.set(key, person);
  }
}

/** "12 of these 40 lines", "this line" (a one-line range), "this file's only line". */
function changedLines(changed: number, total: number, isRange: boolean): string {
  if (total === 1) return isRange ? 'this line' : "this file's only line";
  return isRange ? `${changed} of these ${total} lines` : `${changed} of this file's ${total} lines`;
}
