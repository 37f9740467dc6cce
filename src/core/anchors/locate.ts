// The decision behind resolveLink for one file: weigh the symbol tree, the stored lines,
// git's history and the linked text, and prefer "stale, with a reason" over a confident
// wrong place. See anchors.ts for the order of evidence.
import { fingerprint } from '../fingerprint';
import { balancedEnd } from './brackets';
import type { LineRange, Link } from '../model';
import { contentLines, fileContent, finish, rangeFingerprint, type ContentLine } from './content';
import { findFingerprint, findLines } from './exactMatch';
import { findSimilar } from './fuzzyMatch';
import { followHistory, invert } from './historyMatch';
import { alignLinesInSteps } from './lineDiff';
import { findSymbolRanges, nearestRange, type SymbolNode } from './symbols';

/**
 * 0.7: with 10 linked lines, 3 may be edited or lost and the link still follows them;
 * lower than that, an unrelated block of similar boilerplate starts to qualify.
 */
export const DEFAULT_FUZZY_THRESHOLD = 0.7;
/** Git's history is believed when at least this share of the linked non-blank lines survived. */
const HISTORY_KEPT = 0.5;
/** Links with at most this many non-blank lines only move to text found exactly once. */
const SHORT_LINK = 2;
/** A sub-range of a symbol is a link shorter than this share of the symbol now. */
const SUB_RANGE = 0.8;

export interface Evidence {
  /** The whole file at the link's commit. */
  original?: readonly string[];
  /** Alignment of `original` with the file now (from a unified diff); computed when absent. */
  map?: Int32Array;
  fuzzyThreshold?: number;
}

interface File {
  path: string;
  lines: readonly string[];
  symbols?: readonly SymbolNode[];
  fingerprints?: Map<string, string>;
}

export type Located = { how: 'file' } | { how: 'symbol' | 'unchanged' | 'moved' | 'history' | 'similar' | 'unverified'; lines: LineRange; similarity?: number };
type Found = Exclude<Located, { how: 'file' }>;

/** Where `link` points in `file`, or why it points nowhere. */
export function locate(link: Link, file: File, evidence: Evidence): Located | string {
  const { lines: stored, symbol } = link;
  if (!stored && !symbol) return { how: 'file' };
  // Git's history costs an alignment and the linked lines' fingerprint: asked for only when the
  // stored lines no longer hold the linked text (most links are unchanged), or to pick a symbol.
  let asked = false;
  let known: History | undefined;
  const history = (): History | undefined => {
    if (!asked && stored) known = historyOf(link, stored, file, evidence);
    asked = true;
    return known;
  };
  const why: string[] = [];
  if (symbol && file.symbols) {
    const ranges = findSymbolRanges(file.symbols, symbol);
    if (ranges.length > 0) return bySymbol(link, file, ranges, history);
    why.push(`symbol ${symbol} not found`);
  } else if (symbol) {
    why.push(`no symbol information to look up ${symbol}`);
  }
  if (!stored) return why.join('; ');
  const found = byText(stored, file, link.fingerprint, history);
  if (typeof found === 'string') return [...why, found].join('; ');
  return found;
}

/**
 * Whether locating `link` in `file` may ask for git's history (an alignment of the whole file
 * at the link's commit with the file now): not for a link whose symbol names one range it
 * covers, nor for one whose stored lines still hold its text. Over-approximates; what
 * prepares the alignment ahead (anchors.ts prepareInSteps) asks this.
 */
export function mayNeedHistory(link: Link, file: File): boolean {
  const { lines: stored, symbol, fingerprint: expected } = link;
  if (!stored) return false;
  const ranges = symbol && file.symbols ? findSymbolRanges(file.symbols, symbol) : [];
  const range = ranges[0];
  if (range) return ranges.length > 1 || stored.end - stored.start + 1 < SUB_RANGE * (range.end - range.start + 1);
  return !expected || stored.start < 1 || stored.end > file.lines.length || rangeFingerprint(file.lines, stored.start, stored.end) !== expected.toLowerCase();
}

/** The symbol's range; of several, the one git's history or the text points at; a link to a few lines inside it keeps those lines. */
function bySymbol(link: Link, file: File, ranges: LineRange[], history: () => History | undefined): Found {
  const stored = link.lines;
  let text: Found | string | undefined;
  const textOnce = (): Found | string | undefined => (text ??= stored ? byText(stored, file, link.fingerprint, history) : undefined);
  let range = ranges[0];
  if (ranges.length > 1) {
    const t = textOnce();
    const hint = typeof t === 'object' ? t.lines : undefined;
    const near = hint?.start ?? history()?.mappedStart ?? stored?.start ?? 1;
    range = (hint && bestOverlap(ranges, hint)) ?? (nearestRange(ranges, near) as LineRange);
  }
  if (!stored) return { how: 'symbol', lines: range };
  const length = range.end - range.start + 1;
  if (stored.end - stored.start + 1 >= SUB_RANGE * length) return { how: 'symbol', lines: range };
  // A few lines inside the symbol: find them inside it, else the whole symbol is the best answer.
  const inside = history() ? textOnce() : insideByFingerprint(link, file, range);
  const lines = typeof inside === 'object' ? inside.lines : undefined;
  return { how: 'symbol', lines: lines && lines.start >= range.start && lines.end <= range.end ? lines : range };
}

function insideByFingerprint(link: Link, file: File, range: LineRange): Found | undefined {
  const stored = link.lines as LineRange;
  if (!link.fingerprint) return undefined;
  const lines = findFingerprint(contentLines(file.lines, range.start, range.end), link.fingerprint, stored.end - stored.start + 1, stored.start);
  return lines && { how: 'unchanged', lines };
}

function bestOverlap(ranges: readonly LineRange[], hint: LineRange): LineRange | undefined {
  let best: { range: LineRange; shared: number } | undefined;
  for (const range of ranges) {
    const shared = Math.min(range.end, hint.end) - Math.max(range.start, hint.start) + 1;
    if (shared > 0 && (!best || shared > best.shared)) best = { range, shared };
  }
  return best?.range;
}

interface History {
  original: readonly string[];
  /** Normalised non-blank linked lines as they were. */
  linked: string[];
  map: Int32Array;
  /** Where the stored start's nearest surviving line stands now (1-based). */
  mappedStart?: number;
  threshold: number;
}

/**
 * The linked lines as they were and where git's history says each line went, when the link
 * has a commit whose file vouches for it: the stored lines there must have the stored
 * fingerprint, or the commit describes other text and is ignored.
 */
function historyOf(link: Link, stored: LineRange, file: File, evidence: Evidence): History | undefined {
  const original = evidence.original;
  if (!original || stored.start < 1 || stored.end < stored.start || stored.end > original.length) return undefined;
  if (link.fingerprint && rangeFingerprint(original, stored.start, stored.end) !== link.fingerprint.toLowerCase()) return undefined;
  const linkedLines = original.slice(stored.start - 1, stored.end);
  const map = evidence.map ?? alignmentOf(original, file.lines);
  let mappedStart: number | undefined;
  for (let o = stored.start - 1; o < original.length && mappedStart === undefined; o++) if (map[o] >= 0) mappedStart = map[o] + 1;
  const threshold = evidence.fuzzyThreshold ?? DEFAULT_FUZZY_THRESHOLD;
  return { original, linked: contentLines(linkedLines).map((c) => c.text), map, threshold, ...(mappedStart ? { mappedStart } : {}) };
}

/**
 * Step 2 alone, as locate takes it for `link` in `file`: the stored lines are inside the file
 * and still have the stored fingerprint, and no symbol is looked up first (the link names none,
 * or the file has no symbols). Then locate answers 'unchanged' at the stored lines, whatever
 * git's history says, so a caller may skip reading the file at the link's commit.
 */
export function storedLinesHold(link: Link, file: File): boolean {
  const stored = link.lines;
  if (!stored || link.fingerprint === undefined || (link.symbol && file.symbols)) return false;
  if (stored.start < 1 || stored.end < stored.start || stored.end > file.lines.length) return false;
  return storedFingerprint(file, stored) === link.fingerprint.toLowerCase();
}

/** rangeFingerprint of `lines` in `file`, from the file's memo of this text when it has one (filled in passing). */
function storedFingerprint(file: File, { start, end }: LineRange): string {
  if (!file.fingerprints) return rangeFingerprint(file.lines, start, end);
  const key = `${start}-${end}`;
  let known = file.fingerprints.get(key);
  if (known === undefined) file.fingerprints.set(key, (known = rangeFingerprint(file.lines, start, end)));
  return known;
}

/** Steps 2-5: the stored lines, git's history, the text moved, the most similar text. */
function byText(stored: LineRange, file: File, fingerprintOf: string | undefined, historyOnce: () => History | undefined): Found | string {
  const range = `lines ${stored.start}-${stored.end}`;
  const length = stored.end - stored.start + 1;
  const linked = fingerprintOf === undefined ? historyOnce()?.linked : undefined;
  const expected = fingerprintOf?.toLowerCase() ?? (linked ? fingerprint(linked) : undefined);
  const fits = stored.start >= 1 && stored.end >= stored.start && stored.end <= file.lines.length;
  if (expected === undefined) return fits ? { how: 'unverified', lines: stored } : `${range} are past the end of the file (${file.lines.length} lines)`;
  if (fits && rangeFingerprint(file.lines, stored.start, stored.end) === expected) return { how: 'unchanged', lines: stored };
  const history = historyOnce();
  if (!history) {
    // Longer than the whole file: no window can hold it (`lines: 1-1000000`). Clamped if that is what it covers.
    if (stored.start < 1 || stored.end < stored.start || length > file.lines.length) {
      const clamped = { start: Math.max(1, stored.start), end: file.lines.length };
      if (clamped.start <= clamped.end && rangeFingerprint(file.lines, clamped.start, clamped.end) === expected) return { how: 'unchanged', lines: clamped };
      return `${range} do not fit the file (${file.lines.length} lines)`;
    }
    const content = fileContent(file.lines);
    const moved = findFingerprint(content, expected, length, stored.start, length <= SHORT_LINK);
    if (moved) return { how: moved.start === stored.start ? 'unchanged' : 'moved', lines: moved };
    return `${range} changed and their text is nowhere else in the file`;
  }
  return byHistory(stored, file, history, expected);
}

function byHistory(stored: LineRange, file: File, history: History, expected: string): Found | string {
  const range = `lines ${stored.start}-${stored.end}`;
  const followed = followHistory(history.map, history.original, file.lines, stored);
  const linkedCount = history.linked.length;
  const believed = followed && (followed.kept >= HISTORY_KEPT || (followed.edgesKept && followed.keptLines >= 2));
  if (followed && believed && !(linkedCount <= SHORT_LINK && followed.keptLines < linkedCount)) {
    // A linked function or class ends where its brackets balance, not where a look-alike `});` was aligned
    // (when git's history knows where it opens: a unit counted from a line inside it would end too soon).
    const lines = followed.headFound ? balancedEnd(history.original.slice(stored.start - 1, stored.end), file.lines, followed.lines, followed.lastKept) : followed.lines;
    // Every line kept, none added, the text as it was (not only alike: the alignment reads either quote style as one).
    const whole = followed.kept === 1 && lines.end - lines.start === stored.end - stored.start && fingerprint(file.lines.slice(lines.start - 1, lines.end)) === expected;
    return { how: whole ? (lines.start === stored.start ? 'unchanged' : 'moved') : 'history', lines };
  }
  // A short link edited in place (git replaced its lines with others right there) is not
  // moved to an identical line elsewhere: that is a guess, and stale is honest.
  if (linkedCount <= SHORT_LINK && replacedInPlace(history, stored, file.lines)) return `${range} were edited in place since the linked commit`;
  // Git lost track (the code moved, or most of it was rewritten): look for the text, but only
  // among lines that are new since the commit, never a block that was already there as something else.
  const content = fileContent(file.lines);
  const inverse = inverseOf(history, file.lines.length);
  // A closing bracket matches any other closing bracket in an alignment, so one that closes a fresh line counts as fresh.
  const fresh: ContentLine[] = [];
  let previousFresh = false;
  for (const c of content) {
    const original = inverse[c.line - 1];
    previousFresh = original < 0 || insideStored(original, stored) || (previousFresh && c.text.length <= 3);
    if (previousFresh) fresh.push(c);
  }
  const near = history.mappedStart ?? stored.start;
  const moved = findLines(fresh, history.linked, near, linkedCount <= SHORT_LINK);
  if (moved && contiguous(moved, fresh, content)) return { how: moved.start === stored.start ? 'unchanged' : 'moved', lines: moved };
  const threshold = history.threshold;
  const similar = linkedCount > SHORT_LINK ? findSimilar(fresh, history.linked, near, threshold) : undefined;
  if (similar) return { how: 'similar', lines: similar.lines, similarity: similar.similarity };
  if (followed && followed.kept >= HISTORY_KEPT) return { how: 'history', lines: followed.lines };
  return `${range} changed since the linked commit and nothing is ${Math.round(threshold * 100)}% like them`;
}

/** Whether non-blank lines new since the commit stand where the linked lines were. */
function replacedInPlace(history: History, stored: LineRange, now: readonly string[]): boolean {
  let before = -1;
  for (let o = stored.start - 2; o >= 0 && before < 0; o--) if (history.map[o] >= 0) before = history.map[o];
  let after = now.length;
  for (let o = stored.end; o < history.map.length && after === now.length; o++) if (history.map[o] >= 0) after = history.map[o];
  for (let c = before + 1; c < after; c++) if (now[c].trim() !== '') return true;
  return false;
}

function insideStored(originalIndex: number, stored: LineRange): boolean {
  return originalIndex >= stored.start - 1 && originalIndex <= stored.end - 1;
}

/** A match among the fresh lines must not straddle old lines that were skipped. */
function contiguous(lines: LineRange, fresh: readonly ContentLine[], content: readonly ContentLine[]): boolean {
  const within = (c: ContentLine): boolean => c.line >= lines.start && c.line <= lines.end;
  return fresh.filter(within).length === content.filter(within).length;
}

// The alignment of one file at one commit with one version of the file now, shared by every
// link into that file (keys are the caller's line arrays, held weakly).
const alignments = new WeakMap<readonly string[], WeakMap<readonly string[], Int32Array>>();
const inverses = new WeakMap<Int32Array, Int32Array>();

function alignmentOf(original: readonly string[], now: readonly string[]): Int32Array {
  return alignments.get(now)?.get(original) ?? finish(alignmentInSteps(original, now));
}

/**
 * The alignment every link from `original` into `now` shares, computed in steps
 * (lineDiff.ts alignLinesInSteps) and remembered for resolution, so that a caller that
 * yields between steps does this file-wide work before the first link needs it.
 */
export function* alignmentInSteps(original: readonly string[], now: readonly string[]): Generator<void, Int32Array> {
  let byOriginal = alignments.get(now);
  if (!byOriginal) alignments.set(now, (byOriginal = new WeakMap()));
  let map = byOriginal.get(original);
  if (!map) byOriginal.set(original, (map = yield* alignLinesInSteps(original, now)));
  return map;
}

function inverseOf(history: History, length: number): Int32Array {
  let inverse = inverses.get(history.map);
  if (!inverse) inverses.set(history.map, (inverse = invert(history.map, length)));
  return inverse;
}
