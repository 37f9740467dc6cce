// Links that survive edits: where does a stored link point in the code as it is now?
//
// One entry point for every front-end: `resolveLink(link, source)`. The source reads the
// file as it is now (with the editor's symbols when a provider answered) and, where git is
// allowed, the file as it was at the link's commit. Evidence, in the order it is weighed
// (DESIGN.md "Anchors"; decided in anchors/locate.ts):
//   1. the symbol path through the file's symbol tree (several matches: the one git's
//      history or the linked text points at);
//   2. the stored lines, if their fingerprint still matches ('unchanged');
//   3. git's history from the link's commit: an alignment of the file then with the file
//      now says where every unchanged linked line went ('history', or 'moved' when all of
//      them moved together);
//   4. the linked text, unchanged, somewhere else ('moved'; unique for short links);
//   5. the text most similar to the linked lines as they were ('similar'), never a block
//      git says was already there as something else;
//   6. all of it again in the file the path was renamed to.
// What resolves nowhere is stale, with a reason, never dropped. Resolution is pure and in
// memory: nothing here rewrites the incident YAML.
import { fingerprint } from './fingerprint';
import type { LineRange, Link } from './model';
import { fileContent, normalisedLinesInSteps, splitLines } from './anchors/content';
import { alignFromUnifiedDiff } from './anchors/lineDiff';
import { alignmentInSteps, locate, mayNeedHistory, storedLinesHold, type Evidence, type Located } from './anchors/locate';
import { symbolPathCovering, type SymbolNode } from './anchors/symbols';

export type { SymbolNode } from './anchors/symbols';
export { splitLines } from './anchors/content';
export { DEFAULT_FUZZY_THRESHOLD } from './anchors/locate';

/** A file as it is now. */
export interface SourceFile {
  path: string;
  lines: readonly string[];
  /** The editor's document symbols; absent when no symbol provider answered (step 1 is skipped). */
  symbols?: readonly SymbolNode[];
  /**
   * Fingerprints of line ranges of exactly this text already computed (`"start-end"` -> 8 hex
   * digits), which a source that knows the text's identity (a git blob) keeps between queries;
   * checking a link's stored lines reads and fills it.
   */
  fingerprints?: Map<string, string>;
}

/** Where resolution reads code from. Only `read` is required; without git the rest is absent. */
export interface LinkSource {
  /** The file as it is now (with the editor's symbols when a provider answered), or undefined. */
  read(path: string): Promise<SourceFile | undefined>;
  /** The file's text at a commit, or undefined (no git, unknown commit, no such path). */
  readAt?(commit: string, path: string): Promise<string | undefined>;
  /** The unified diff of that file from the commit to now, following a rename, or undefined. */
  diff?(commit: string, path: string): Promise<string | undefined>;
  /** Renames since the commit (old path -> new path; a folder key renames what is under it). */
  renamesSince?(commit: string | undefined): Promise<ReadonlyMap<string, string>>;
}

/**
 * How the code was found: 'symbol' through the symbol tree; 'unchanged' the linked text
 * still stands at its stored lines (give or take blank lines); 'moved' the unchanged text
 * now stands elsewhere; 'history' git's history from the link's commit says where its
 * lines went, some of them edited or joined by new ones; 'similar' the text most like the
 * linked lines as they were (`similarity` says how alike); 'unverified' the link has no
 * fingerprint nor commit, so its stored lines are trusted while the file has them; 'file'
 * a whole-file link. A path change is reported in `renamedFrom`.
 */
export type ResolvedHow = 'symbol' | 'unchanged' | 'moved' | 'history' | 'similar' | 'unverified';

export type Resolution =
  | {
      kind: 'resolved';
      how: ResolvedHow;
      path: string;
      lines: LineRange;
      /** 'similar' only: how alike the text now is, 0..1 (2 x common lines / both lengths). */
      similarity?: number;
      /** The link's symbol no longer resolves; this symbol path now covers the code. */
      symbol?: string;
      renamedFrom?: string;
    }
  | { kind: 'resolved'; how: 'file'; path: string; renamedFrom?: string }
  | { kind: 'stale'; path: string; reason: string };

/** Evidence a caller already holds for `resolveInFile`: the file at the link's commit, or git's diff of it. */
export interface ResolveOptions {
  /** The whole file as it was at `link.commit` (not only the linked lines). */
  originalFile?: readonly string[];
  /** `git diff <link.commit> -- <path>` of the file, used when `originalFile` is absent. */
  diff?: string;
  /** Minimum similarity for step 5, 0..1. */
  fuzzyThreshold?: number;
}

/**
 * Resolve `link` against the code `source` reads. Reads the link's file, and when the link
 * has a commit and lines, the file at that commit (else its diff); when the file is gone or
 * the code is not in it, tries the paths git says it was renamed to. Never throws for a
 * missing file or commit: the link is then stale with a reason. Cost once files are read:
 * one line alignment per file and commit (cached), then about linear in the file per link.
 */
export async function resolveLink(link: Link, source: LinkSource): Promise<Resolution> {
  const evidence = await evidenceFor(link, source);
  const here = await source.read(link.path);
  const first: Resolution = here ? resolveInFile(link, here, await withDiff(link, source, evidence)) : { kind: 'stale', path: link.path, reason: `${link.path} does not exist` };
  if (first.kind === 'resolved') return first;
  return elsewhere(link, source, first.reason, evidence);
}

/** resolveLink's last step, after `link` was not found at its own path (`reason`): the paths git says it was renamed to. */
async function elsewhere(link: Link, source: LinkSource, reason: string, evidence: ResolveOptions): Promise<Resolution> {
  const reasons = [reason];
  const renames = source.renamesSince ? await source.renamesSince(link.commit) : undefined;
  for (const path of renamedPaths(link.path, renames)) {
    const there = await source.read(path);
    if (!there) {
      reasons.push(`renamed to ${path}, which does not exist either`);
      continue;
    }
    const moved = resolveInFile(link, there, evidence);
    if (moved.kind === 'resolved') return moved;
    reasons.push(`renamed to ${path}, but there ${moved.reason}`);
  }
  return { kind: 'stale', path: link.path, reason: reasons.join('; ') };
}

/**
 * resolveLink for many links, in their order, with the same answers. Every file the links
 * name is read once, all at once; a link whose stored lines still hold its text is then
 * answered at once, with no more reading (most links, as a change check places thousands
 * into a few files). Only for the others is each file at a link's commit read, once, all
 * at once. Links that need git's diff or a rename take resolveLink itself, which reads
 * again: give a source that remembers (anchors/cachedSource.ts).
 */
export async function resolveLinks(links: readonly Link[], source: LinkSource): Promise<Resolution[]> {
  const reading = new Map<string, Promise<SourceFile | undefined>>();
  // Indexed, as the loops below: before V8 optimises this (a check runs it once per process) each step of an iterator is an object.
  for (let i = 0; i < links.length; i++) {
    const { path } = links[i] as Link;
    if (!reading.has(path)) reading.set(path, source.read(path));
  }
  const files = new Map<string, SourceFile | undefined>();
  await Promise.all([...reading].map(async ([path, file]) => files.set(path, await file)));
  const resolutions: Resolution[] = new Array<Resolution>(links.length);
  const rest: number[] = [];
  for (let i = 0; i < links.length; i++) {
    const link = links[i] as Link;
    const here = files.get(link.path);
    if (here && link.lines && storedLinesHold(link, here)) {
      // What resolveInFile answers for it.
      resolutions[i] = here.path === link.path ? { kind: 'resolved', path: here.path, how: 'unchanged', lines: link.lines } : { kind: 'resolved', path: here.path, how: 'unchanged', lines: link.lines, renamedFrom: link.path };
    } else rest.push(i);
  }
  if (rest.length === 0) return resolutions;
  const evidence = new Map<string, ResolveOptions>();
  const atCommit = (link: Link) => (link.commit && link.lines && source.readAt ? `${link.commit}\0${link.path}` : undefined);
  const reads: Promise<unknown>[] = [];
  for (const i of rest) {
    const link = links[i] as Link;
    const key = atCommit(link);
    if (key !== undefined && !evidence.has(key)) {
      evidence.set(key, {});
      reads.push(evidenceFor(link, source).then((found) => evidence.set(key, found)));
    }
  }
  await Promise.all(reads);
  const later: Promise<unknown>[] = [];
  // Links still stale in their own file: only the paths git says it was renamed to are left to try.
  const stale: number[] = [];
  for (const i of rest) {
    const link = links[i] as Link;
    const here = files.get(link.path);
    const known = evidence.get(atCommit(link) ?? '') ?? {};
    const needsDiff = !known.originalFile && link.commit && link.lines && source.diff;
    if (!here || needsDiff) {
      later.push(resolveLink(link, source).then((found) => (resolutions[i] = found)));
      continue;
    }
    // What resolveLink would find first, read and weighed again.
    resolutions[i] = resolveInFile(link, here, known);
    if (resolutions[i].kind === 'stale') stale.push(i);
  }
  if (stale.length > 0) {
    // Git's renames asked once per commit, not awaited once per link.
    const renames = new Map<string | undefined, ReadonlyMap<string, string> | undefined>();
    const asking = new Map<string | undefined, Promise<unknown>>();
    for (const i of stale) {
      const { commit } = links[i] as Link;
      if (source.renamesSince && !asking.has(commit)) asking.set(commit, source.renamesSince(commit).then((found) => renames.set(commit, found)));
    }
    await Promise.all(asking.values());
    for (const i of stale) {
      const link = links[i] as Link;
      const first = resolutions[i] as Extract<Resolution, { kind: 'stale' }>;
      if (renamedPaths(link.path, renames.get(link.commit)).length > 0) {
        later.push(elsewhere(link, source, first.reason, evidence.get(atCommit(link) ?? '') ?? {}).then((found) => (resolutions[i] = found)));
      } else if (first.path !== link.path) {
        // elsewhere's answer with no rename to try: the link's own path, the reason its file gave.
        resolutions[i] = { kind: 'stale', path: link.path, reason: first.reason };
      }
    }
  }
  await Promise.all(later);
  return resolutions;
}

/**
 * The work the links into one file share, in steps, for a caller that gives the event loop a
 * turn between steps (services/resolveLinks.ts resolveInSlices): the file's lines normalised,
 * and when a link may need git's history (its stored lines no longer hold its text, and no
 * symbol answers for it: locate.ts mayNeedHistory), the file at the link's commit aligned with
 * the file now and the file's content lines. It all lands in the caches resolveLink reads, so
 * the first link into a 60,000-line file then costs what any other does, rather than tens of
 * milliseconds in one go. `textAt` gives the file at a link's commit as `readAt` answered it;
 * links into other files are ignored. Each step is a millisecond or two of work
 * (anchors/content.ts STEP_LINES, lineDiff.ts STEP_WORK).
 */
export function* prepareInSteps(file: SourceFile, links: readonly Link[], textAt: (commit: string) => string | undefined): Generator<void, void> {
  yield* normalisedLinesInSteps(file.lines);
  const aligned = new Set<string | undefined>();
  let checked = 0;
  for (const link of links) {
    // A step per 500 links checked (each checks its stored lines' fingerprint).
    if (++checked % 500 === 0) yield;
    if (link.path !== file.path || !mayNeedHistory(link, file)) continue;
    // The file's content lines, for the text searches: one pass over the lines normalised above.
    fileContent(file.lines);
    const text = aligned.has(link.commit) ? undefined : link.commit && textAt(link.commit);
    aligned.add(link.commit);
    if (text) yield* alignmentInSteps(linesOfText(text), file.lines);
  }
}

async function evidenceFor(link: Link, source: LinkSource): Promise<ResolveOptions> {
  if (!link.commit || !link.lines || !source.readAt) return {};
  const text = await source.readAt(link.commit, link.path);
  return text === undefined ? {} : { originalFile: linesOfText(text) };
}

/** Without the file at the commit, git's diff to the file now rebuilds it (only for the same path). */
async function withDiff(link: Link, source: LinkSource, evidence: ResolveOptions): Promise<ResolveOptions> {
  if (evidence.originalFile || !link.commit || !link.lines || !source.diff) return evidence;
  const diff = await source.diff(link.commit, link.path);
  return diff === undefined ? evidence : { ...evidence, diff };
}

/**
 * Steps 1-5 in one file. `file.path` may differ from `link.path` (a rename, or code the
 * caller knows moved to another file); the result then says `renamedFrom`.
 */
export function resolveInFile(link: Link, file: SourceFile, options: ResolveOptions = {}): Resolution {
  const found = locate(link, file, evidenceOf(link, file, options));
  if (typeof found === 'string') return { kind: 'stale', path: file.path, reason: found };
  const renamed = file.path !== link.path ? { renamedFrom: link.path } : {};
  if (found.how === 'file') return { kind: 'resolved', how: 'file', path: file.path, ...renamed };
  const symbol = link.symbol && found.how !== 'symbol' && file.symbols ? symbolPathCovering(file.symbols, found.lines) : undefined;
  return { kind: 'resolved', path: file.path, ...(found as Exclude<Located, { how: 'file' }>), ...(symbol ? { symbol } : {}), ...renamed };
}

function evidenceOf(link: Link, file: SourceFile, options: ResolveOptions): Evidence {
  const threshold = options.fuzzyThreshold !== undefined ? { fuzzyThreshold: options.fuzzyThreshold } : {};
  if (options.originalFile) return { original: options.originalFile, ...threshold };
  if (options.diff && file.path === link.path) {
    const aligned = alignFromUnifiedDiff(options.diff, file.lines);
    if (aligned) return { original: aligned.before, map: aligned.map, ...threshold };
  }
  return threshold;
}

/**
 * What a link command stores for `lines` of `file`: path, lines, a fingerprint of the
 * lines' text, and the symbol path and commit when the caller has them (`commit` is HEAD
 * when linked, only in a trusted git workspace). Lines are clamped to the file.
 */
export function createLink(file: SourceFile, lines: LineRange, extra: { symbol?: string; commit?: string }): Omit<Link, 'role' | 'note'> {
  const end = Math.max(1, Math.min(lines.end, file.lines.length));
  const start = Math.max(1, Math.min(lines.start, end));
  return {
    path: file.path,
    ...(extra.symbol ? { symbol: extra.symbol } : {}),
    lines: { start, end },
    fingerprint: fingerprint(file.lines.slice(start - 1, end)),
    ...(extra.commit ? { commit: extra.commit } : {}),
  };
}

/** One short phrase for a hover or tooltip: how the link's code was found. */
export function describeResolution(resolution: Resolution, commit?: string): string {
  if (resolution.kind === 'stale') return `stale: ${resolution.reason}`;
  const renamed = resolution.renamedFrom ? ` (in ${resolution.path}, renamed from ${resolution.renamedFrom})` : '';
  const since = commit ? ` since ${commit.slice(0, 7)}` : '';
  switch (resolution.how) {
    case 'file': return `whole file${renamed}`;
    case 'symbol': return `found by its symbol${renamed}`;
    case 'unchanged': return `unchanged${renamed}`;
    case 'moved': return `moved, text unchanged${renamed}`;
    case 'history': return `followed through git history${since}${renamed}`;
    case 'similar': return `similar text (${Math.round((resolution.similarity ?? 0) * 100)}% alike)${renamed}`;
    case 'unverified': return `at its stored lines, unverified (no fingerprint)${renamed}`;
  }
}

// Many links share a commit and a file: split each fetched text once (small, bounded, least
// recently used out). A hit is stored again under the string just asked with: a file fetched
// anew (another document version's source) is an equal string but another object, which a
// Map compares character by character on every lookup; the object it holds is found at once.
const splitTexts = new Map<string, readonly string[]>();
function linesOfText(text: string): readonly string[] {
  let lines = splitTexts.get(text);
  if (lines) splitTexts.delete(text);
  else if (splitTexts.size >= 64) splitTexts.delete(splitTexts.keys().next().value as string);
  splitTexts.set(text, (lines ??= splitLines(text)));
  return lines;
}

/**
 * Where `path` may have gone, in the order to try: the exact entry, then the entry for
 * its deepest renamed folder; each result is followed again (a file renamed twice), with a
 * guard against cycles.
 */
export function renamedPaths(path: string, renames: ReadonlyMap<string, string> | undefined): string[] {
  const paths: string[] = [];
  if (!renames || renames.size === 0) return paths;
  const seen = new Set([path]);
  let current: string | undefined = path;
  while (current !== undefined) {
    current = renamedOnce(current, renames);
    if (current === undefined || seen.has(current)) break;
    seen.add(current);
    paths.push(current);
  }
  return paths;
}

function renamedOnce(path: string, renames: ReadonlyMap<string, string>): string | undefined {
  const exact = renames.get(path);
  if (exact !== undefined) return exact;
  const segments = path.split('/');
  for (let depth = segments.length - 1; depth > 0; depth--) {
    const folder = renames.get(segments.slice(0, depth).join('/'));
    if (folder !== undefined) return [folder, ...segments.slice(depth)].join('/');
  }
  return undefined;
}

/**
 * The link rewritten to point where it resolved: path, lines, and a fingerprint of
 * what those lines hold now (`currentLines` are the resolved file's lines). A renamed
 * symbol is replaced by the symbol that now covers the code. `commit` should be HEAD:
 * the old commit would no longer yield the linked text at the new lines, so without a
 * new one the commit is dropped rather than left pointing at the wrong text.
 * A stale resolution leaves the link as it is: there is nothing to point it at.
 */
export function repairedLink(link: Link, resolution: Resolution, currentLines: readonly string[], commit?: string): Link {
  if (resolution.kind === 'stale') return link;
  const repaired: Link = { ...link, path: resolution.path };
  if (commit) repaired.commit = commit;
  else delete repaired.commit;
  if (resolution.how === 'file') return repaired;
  const { lines } = resolution;
  return {
    ...repaired,
    ...(resolution.symbol ? { symbol: resolution.symbol } : {}),
    ...(link.lines ? { lines, fingerprint: fingerprint(currentLines.slice(lines.start - 1, lines.end)) } : {}),
  };
}
