// Links that survive edits: where does a stored link point in the code as it is now?
//
// Resolution is pure and in memory: callers pass the current lines (and symbols) of a
// file and get back a Resolution; nothing here rewrites the incident YAML. The order is
// the one in DESIGN.md "Anchors", stopping at the first step that holds:
//   1. the symbol path through the file's symbol tree;
//   2. the stored lines, if their fingerprint still matches;
//   3. the nearest place where text with that fingerprint now stands ('moved');
//   4. the most similar text to the original, above a threshold ('fuzzy');
//   5. steps 1-4 again in the file the path was renamed to.
// What resolves nowhere is stale, with a reason, never dropped.
import { fingerprint } from './fingerprint';
import type { LineRange, Link } from './model';
import { contentLines, fileContent } from './anchors/content';
import { findFingerprint, findLines } from './anchors/exactMatch';
import { findSimilar } from './anchors/fuzzyMatch';
import { findSymbol, type SymbolNode, symbolPathCovering } from './anchors/symbols';

export type { SymbolNode } from './anchors/symbols';
export { splitLines } from './anchors/content';

/** A file as it is now. */
export interface SourceFile {
  path: string;
  lines: readonly string[];
  /** The editor's document symbols; absent when no symbol provider answered (step 1 is skipped). */
  symbols?: readonly SymbolNode[];
}

export interface ResolveOptions {
  /**
   * The linked lines as they were when linked (link.lines at link.commit, from git).
   * Without them step 4 cannot run. They also stand in for a missing fingerprint.
   */
  originalLines?: readonly string[];
  /** Minimum similarity for step 4, 0..1. */
  fuzzyThreshold?: number;
}

export interface ResolveLinkOptions extends ResolveOptions {
  /** Old path -> new path, from editor rename events or git rename detection. A folder key renames everything under it. */
  renames?: ReadonlyMap<string, string>;
}

/**
 * 0.7: with 10 linked lines, 3 may be edited or lost and the link still follows them;
 * lower than that, an unrelated block of similar boilerplate starts to qualify.
 */
export const DEFAULT_FUZZY_THRESHOLD = 0.7;

/**
 * 'fingerprint': the linked text, unchanged, still starts at the stored start (its end may
 * have moved if blank lines were added). 'moved': the unchanged text now starts elsewhere.
 * 'unverified': the link has no fingerprint (nor original text), so its stored lines are
 * trusted as long as the file still has them. 'file': a whole-file link.
 * A path change is reported in `renamedFrom` rather than as its own `how`, because the
 * code still had to be found in the new file somehow, and that is worth knowing too.
 */
export type ResolvedHow = 'symbol' | 'fingerprint' | 'moved' | 'fuzzy' | 'unverified';

export type Resolution =
  | {
      kind: 'resolved';
      how: ResolvedHow;
      path: string;
      lines: LineRange;
      /** Step 4 only: how alike the text now is, 0..1. */
      similarity?: number;
      /** The link's symbol no longer resolves; this symbol path now covers the code. */
      symbol?: string;
      renamedFrom?: string;
    }
  | { kind: 'resolved'; how: 'file'; path: string; renamedFrom?: string }
  | { kind: 'stale'; path: string; reason: string };

/**
 * Resolve `link` against the current workspace. `readFile` returns a file's current
 * lines and symbols, or undefined when it does not exist; it is called for the link's
 * path and, if that fails, for the paths it was renamed to. An asynchronous caller can
 * instead call `resolveInFile` itself for `link.path` and then each of `renamedPaths`.
 */
export function resolveLink(
  link: Link,
  readFile: (path: string) => Omit<SourceFile, 'path'> | undefined,
  options: ResolveLinkOptions = {},
): Resolution {
  const read = (path: string): SourceFile | undefined => {
    const file = readFile(path);
    return file && { ...file, path };
  };
  const here = read(link.path);
  const first: Resolution = here ? resolveInFile(link, here, options) : { kind: 'stale', path: link.path, reason: `${link.path} does not exist` };
  if (first.kind === 'resolved') return first;
  const reasons = [first.reason];
  for (const path of renamedPaths(link.path, options.renames)) {
    const there = read(path);
    if (!there) {
      reasons.push(`renamed to ${path}, which does not exist either`);
      continue;
    }
    const moved = resolveInFile(link, there, options);
    if (moved.kind === 'resolved') return moved;
    reasons.push(`renamed to ${path}, but there ${moved.reason}`);
  }
  return { kind: 'stale', path: link.path, reason: reasons.join('; ') };
}

/**
 * Steps 1-4 in one file. `file.path` may differ from `link.path` (a rename, or code the
 * caller knows moved to another file); the result then says `renamedFrom`.
 */
export function resolveInFile(link: Link, file: SourceFile, options: ResolveOptions = {}): Resolution {
  const found = locate(link, file, options);
  if (typeof found === 'string') return { kind: 'stale', path: file.path, reason: found };
  const renamed = file.path !== link.path ? { renamedFrom: link.path } : {};
  if (found.how === 'file') return { kind: 'resolved', how: 'file', path: file.path, ...renamed };
  const symbol = link.symbol && found.how !== 'symbol' && file.symbols ? symbolPathCovering(file.symbols, found.lines) : undefined;
  return { kind: 'resolved', path: file.path, ...found, ...(symbol ? { symbol } : {}), ...renamed };
}

type Located = { how: 'file' } | { how: ResolvedHow; lines: LineRange; similarity?: number };

/** Where the link points in `file`, or why it points nowhere. */
function locate(link: Link, file: SourceFile, options: ResolveOptions): Located | string {
  const { lines: stored, symbol } = link;
  if (!stored && !symbol) return { how: 'file' };
  const near = stored?.start ?? 1;
  const why: string[] = [];
  if (symbol) {
    const range = file.symbols && findSymbol(file.symbols, symbol, near);
    if (range) return { how: 'symbol', lines: refineWithinSymbol(link, file, range) };
    why.push(file.symbols ? `symbol ${symbol} not found` : `no symbol information to look up ${symbol}`);
  }
  if (!stored) return why.join('; ');
  const original = options.originalLines && contentLines(options.originalLines).map((c) => c.text);
  // Text fetched from git at link.commit is what was linked, so it vouches for the stored lines as well as a fingerprint would.
  const originalFingerprint = original?.length ? fingerprint(original) : undefined;
  const expected = (link.fingerprint ?? originalFingerprint)?.toLowerCase();
  const storedFits = stored.start >= 1 && stored.end >= stored.start && stored.end <= file.lines.length;
  if (expected === undefined) {
    if (storedFits) return { how: 'unverified', lines: stored };
    why.push(`lines ${stored.start}-${stored.end} are past the end of the file (${file.lines.length} lines)`);
    return why.join('; ');
  }
  if (storedFits && fingerprint(file.lines.slice(stored.start - 1, stored.end)) === expected) return { how: 'fingerprint', lines: stored };
  const content = fileContent(file.lines);
  // The same search either way; comparing lines is O(n), hashing every window is not (see exactMatch.ts).
  const moved =
    original && originalFingerprint === expected
      ? findLines(content, original, near)
      : findFingerprint(content, expected, stored.end - stored.start + 1, near);
  if (moved) return { how: moved.start === stored.start ? 'fingerprint' : 'moved', lines: moved };
  if (original?.length) {
    const threshold = options.fuzzyThreshold ?? DEFAULT_FUZZY_THRESHOLD;
    const similar = findSimilar(content, original, near, threshold);
    if (similar) return { how: 'fuzzy', ...similar };
    why.push(`lines ${stored.start}-${stored.end} changed and nothing is ${Math.round(threshold * 100)}% like them`);
  } else {
    why.push(`lines ${stored.start}-${stored.end} changed and their text is nowhere else in the file`);
  }
  return why.join('; ');
}

/**
 * A link may hold a symbol and a few lines inside it (the three lines of the retry loop in
 * `charge`). Once the symbol is found, the linked text is looked for inside it so the link
 * keeps pointing at those lines; if that text changed, the whole symbol is the best answer.
 */
function refineWithinSymbol(link: Link, file: SourceFile, symbolRange: LineRange): LineRange {
  const stored = link.lines;
  if (!stored || !link.fingerprint) return symbolRange;
  const inside = contentLines(file.lines, symbolRange.start, symbolRange.end);
  return findFingerprint(inside, link.fingerprint, stored.end - stored.start + 1, stored.start) ?? symbolRange;
}

/**
 * Where `path` may have gone, in the order to try: the exact entry, then the entry for
 * its deepest renamed folder; each result is followed again (a file renamed twice), with a
 * guard against cycles.
 */
export function renamedPaths(path: string, renames: ReadonlyMap<string, string> | undefined): string[] {
  const paths: string[] = [];
  const seen = new Set([path]);
  let current: string | undefined = path;
  while (renames && current !== undefined) {
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
