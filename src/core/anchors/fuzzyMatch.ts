// Step 4 of resolution: the linked code was edited, so its fingerprint is gone; find the
// run of lines most like the original text (which the caller fetched from git).
//
// Similarity of an original O (m lines) and a window W (w lines) is 2 * LCS(O, W) / (m + w)
// over normalised non-blank lines, the ratio difflib uses: order-aware, 1 for identical
// text, and it penalises both lost lines and stray extra lines, so maximising it also
// picks the window's boundaries.
import type { LineRange } from '../model';
import { type ContentLine, spanOf } from './content';

export interface SimilarRange {
  lines: LineRange;
  /** 0..1, see the file comment. */
  similarity: number;
}

/** How many well-separated candidate places get the exact (LCS) scoring. */
const CANDIDATES = 3;
/** An edited line at the edge of the match still belongs to it if this much alike. */
const EDGE_LINE_LIKENESS = 0.5;
/** Links up to this many non-blank lines may be found in a window twice their length. */
const LONG_LINK = 60;

/**
 * The most similar run of `content` to `original` (normalised, non-blank), or undefined
 * below `threshold`. Two passes keep it fast on big files:
 *  1. a rolling bag-of-lines count over every window of m lines, O(n), picks a few
 *     candidate places (ties go to the place nearest `near`, the stored start);
 *  2. around each, every start within `reach` lines and every end up to `reach` past the
 *     m-line window get the exact ratio: one LCS pass per start, O(reach * m * (m + reach)).
 * For n = 5,000 and m = 100 that is about 2 million cell updates, a few milliseconds.
 */
export function findSimilar(content: readonly ContentLine[], original: readonly string[], near: number, threshold: number): SimilarRange | undefined {
  if (original.length === 0 || content.length === 0) return undefined;
  const ids = internLines(original, content);
  let best: Window | undefined;
  for (const start of candidateStarts(ids, content, near)) {
    const window = bestWindowAround(start, ids, content, near);
    if (window && (!best || isBetter(window, best))) best = window;
  }
  if (!best || best.similarity < threshold) return undefined;
  const edged = withEditedEdges(best, ids, content, original);
  const { first, last } = withLostEnds(edged, ids, content);
  return { lines: spanOf(content, first, last), similarity: best.similarity };
}

/**
 * The ratio prefers dropping a linked header over taking in the lines inserted below it
 * (13 lines with 4 new ones inside: the last 12 score higher than all 17). When the linked
 * first line (or a distinctive last line) stands unchanged just outside the window, with
 * only lines the original never had in between, it is taken back with them.
 */
function withLostEnds(window: { first: number; last: number }, ids: LineIds, content: readonly ContentLine[]): { first: number; last: number } {
  const m = ids.original.length;
  const reach = m <= LONG_LINK ? Math.max(3, m) : Math.max(3, Math.ceil(m / 4));
  let { first, last } = window;
  const head = ids.original[0];
  if (ids.content[first] !== head) {
    for (let j = first - 1; j >= Math.max(0, first - reach); j--) {
      if (ids.content[j] === head) {
        first = j;
        break;
      }
      if (ids.content[j] >= 0) break;
    }
  }
  const tail = ids.original[m - 1];
  if (ids.content[last] !== tail && content[last] && isDistinctive(ids, m - 1)) {
    for (let j = last + 1; j <= Math.min(ids.content.length - 1, last + reach); j++) {
      if (ids.content[j] === tail && content[j].text.length > 3) {
        last = j;
        break;
      }
      if (ids.content[j] >= 0) break;
    }
  }
  return { first, last };
}

/** A line the original holds once: a closing `}` is not, and must not pull in the next block's. */
function isDistinctive(ids: LineIds, index: number): boolean {
  return ids.original.filter((id) => id === ids.original[index]).length === 1 && ids.original.length > 1;
}

interface LineIds {
  /** Original lines as small integers, equal text equal id. */
  original: Int32Array;
  /** Content lines as the same ids; -1 for text the original never had. */
  content: Int32Array;
  distinct: number;
}

interface Window {
  first: number;
  last: number;
  similarity: number;
  distance: number;
}

function internLines(original: readonly string[], content: readonly ContentLine[]): LineIds {
  const idOf = new Map<string, number>();
  const originalIds = Int32Array.from(original, (text) => {
    if (!idOf.has(text)) idOf.set(text, idOf.size);
    return idOf.get(text) as number;
  });
  const contentIds = Int32Array.from(content, (c) => idOf.get(c.text) ?? -1);
  return { original: originalIds, content: contentIds, distinct: idOf.size };
}

/** Starts of the best m-line windows by shared lines (as a multiset), well apart from each other. */
function candidateStarts(ids: LineIds, content: readonly ContentLine[], near: number): number[] {
  const size = Math.min(ids.original.length, ids.content.length);
  const wanted = new Int32Array(ids.distinct);
  for (const id of ids.original) wanted[id]++;
  const held = new Int32Array(ids.distinct);
  let shared = 0;
  const add = (id: number): void => {
    if (id >= 0 && held[id]++ < wanted[id]) shared++;
  };
  const remove = (id: number): void => {
    if (id >= 0 && --held[id] < wanted[id]) shared--;
  };
  const scored: { start: number; shared: number; distance: number }[] = [];
  for (let i = 0; i < ids.content.length; i++) {
    add(ids.content[i]);
    if (i >= size) remove(ids.content[i - size]);
    const start = i - size + 1;
    if (start >= 0 && shared > 0) scored.push({ start, shared, distance: Math.abs(content[start].line - near) });
  }
  scored.sort((a, b) => b.shared - a.shared || a.distance - b.distance);
  const chosen: number[] = [];
  for (const { start } of scored) {
    if (chosen.length === CANDIDATES) break;
    if (chosen.every((other) => Math.abs(other - start) >= Math.ceil(size / 2))) chosen.push(start);
  }
  return chosen;
}

function bestWindowAround(candidate: number, ids: LineIds, content: readonly ContentLine[], near: number): Window | undefined {
  const m = ids.original.length;
  const reach = Math.max(3, Math.ceil(m / 4));
  // A block may have grown by more than a quarter (10 of 12 lines kept, 4 gained): short
  // links may double; long ones grow by a quarter, which keeps this step's cost bounded.
  const growth = m <= LONG_LINK ? Math.max(3, m) : reach;
  const lastEnd = Math.min(ids.content.length - 1, candidate + m - 1 + growth);
  const row = new Int32Array(lastEnd - candidate + reach + 2);
  let best: Window | undefined;
  for (let first = Math.max(0, candidate - reach); first <= Math.min(lastEnd, candidate + reach); first++) {
    // A window never gains by starting or ending on a line the original does not have.
    if (ids.content[first] < 0) continue;
    const columns = lastEnd - first + 1;
    lcsLastRow(ids.original, ids.content, first, columns, row);
    for (let width = 1; width <= columns; width++) {
      const last = first + width - 1;
      if (ids.content[last] < 0) continue;
      const window = { first, last, similarity: (2 * row[width]) / (m + width), distance: Math.abs(content[first].line - near) };
      if (!best || isBetter(window, best)) best = window;
    }
  }
  return best;
}

/** Fills row[j] = LCS(original, content[first .. first + j - 1]) for j = 0..columns. */
function lcsLastRow(original: Int32Array, content: Int32Array, first: number, columns: number, row: Int32Array): void {
  row.fill(0, 0, columns + 1);
  for (const id of original) {
    let diagonal = 0;
    for (let j = 1; j <= columns; j++) {
      const above = row[j];
      row[j] = content[first + j - 1] === id ? diagonal + 1 : Math.max(row[j - 1], above);
      diagonal = above;
    }
  }
}

/** Higher similarity; on a tie nearer the stored start; then the shorter window. */
function isBetter(a: Window, b: Window): boolean {
  if (Math.abs(a.similarity - b.similarity) > 1e-9) return a.similarity > b.similarity;
  if (a.distance !== b.distance) return a.distance < b.distance;
  return a.last - a.first < b.last - b.first;
}

/**
 * The ratio never includes an edited line (it matches nothing), so a changed signature
 * would leave the match starting one line into the function. When original lines before
 * the first match (or after the last) are missing from the window, and the lines just
 * outside it look like edited versions of them, the window takes them back.
 */
function withEditedEdges(window: Window, ids: LineIds, content: readonly ContentLine[], original: readonly string[]): { first: number; last: number } {
  const { unmatchedBefore, unmatchedAfter } = unmatchedEdges(ids, window.first, window.last);
  let first = window.first;
  for (let k = 1; k <= unmatchedBefore && first > 0; k++) {
    if (lineLikeness(content[first - 1].text, original[unmatchedBefore - k]) < EDGE_LINE_LIKENESS) break;
    first--;
  }
  let last = window.last;
  const m = original.length;
  for (let k = 1; k <= unmatchedAfter && last < content.length - 1; k++) {
    if (lineLikeness(content[last + 1].text, original[m - unmatchedAfter + k - 1]) < EDGE_LINE_LIKENESS) break;
    last++;
  }
  return { first, last };
}

/**
 * How many original lines come before the one the window's first line matches, and after
 * the one its last line matches, in a longest common subsequence (earliest / latest such
 * line, so duplicates like `}` do not hide real losses).
 */
function unmatchedEdges(ids: LineIds, first: number, last: number): { unmatchedBefore: number; unmatchedAfter: number } {
  const original = ids.original;
  const window = ids.content.subarray(first, last + 1);
  const m = original.length;
  const w = window.length;
  const prefix = lcsTable(original, window);
  const suffix = lcsTable(original.slice().reverse(), window.slice().reverse());
  const total = prefix[m * (w + 1) + w];
  let unmatchedBefore = 0;
  for (let i = 0; i < m; i++) {
    // original[i] ~ window[0], and the rest of both still yields the whole LCS.
    if (original[i] === window[0] && 1 + suffix[(m - i - 1) * (w + 1) + (w - 1)] === total) {
      unmatchedBefore = i;
      break;
    }
  }
  let unmatchedAfter = 0;
  for (let i = m - 1; i >= 0; i--) {
    if (original[i] === window[w - 1] && prefix[i * (w + 1) + (w - 1)] + 1 === total) {
      unmatchedAfter = m - 1 - i;
      break;
    }
  }
  return { unmatchedBefore, unmatchedAfter };
}

/** Full LCS table, (a.length + 1) x (b.length + 1), row-major. Used once, on the winner. */
function lcsTable(a: Int32Array, b: Int32Array): Int32Array {
  const width = b.length + 1;
  const table = new Int32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i * width + j] =
        a[i - 1] === b[j - 1] ? table[(i - 1) * width + j - 1] + 1 : Math.max(table[(i - 1) * width + j], table[i * width + j - 1]);
    }
  }
  return table;
}

/** Dice coefficient of character bigrams: how alike two single lines are, 0..1. */
export function lineLikeness(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 2 || b.length < 2) return 0;
  const bigrams = new Map<string, number>();
  for (let i = 0; i < a.length - 1; i++) bigrams.set(a.slice(i, i + 2), (bigrams.get(a.slice(i, i + 2)) ?? 0) + 1);
  let shared = 0;
  for (let i = 0; i < b.length - 1; i++) {
    const count = bigrams.get(b.slice(i, i + 2)) ?? 0;
    if (count > 0) {
      shared++;
      bigrams.set(b.slice(i, i + 2), count - 1);
    }
  }
  return (2 * shared) / (a.length - 1 + b.length - 1);
}
