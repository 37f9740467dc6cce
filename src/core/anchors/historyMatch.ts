// Where git's history says linked lines went: the alignment of the file at the link's commit
// with the file now (lineDiff.ts) tells where every unchanged line stands. The link's range
// now runs from its first surviving line to its last (lines inserted in between belong to
// it), widened over edited lines at either edge that still look like the lines they replaced
// (within the stretch git says replaced them).
import type { LineRange } from '../model';
import { normalisedLines } from './content';
import { lineLikeness } from './fuzzyMatch';

/** An edited line at an edge still belongs to the link if at least this alike (Dice of bigrams). */
export const EDGE_LIKENESS = 0.5;

export interface HistoryRange {
  lines: LineRange;
  /** Share of the linked non-blank lines still standing unchanged, 0..1. */
  kept: number;
  /** Linked non-blank lines that survived. */
  keptLines: number;
  /** Whether the first and the last non-blank linked lines both survived: the block's edges are known. */
  edgesKept: boolean;
  /** Where the last surviving linked line that is more than a bracket stands now (1-based). */
  lastKept: number;
  /** Whether the range starts at the first non-blank linked line, unchanged or edited: where a linked block opens is known. */
  headFound: boolean;
}

/**
 * The range `stored` (1-based, in `before`) now covers in `after`, given `map` from
 * alignLines; undefined when no non-blank linked line survived.
 */
export function followHistory(map: Int32Array, before: readonly string[], after: readonly string[], stored: LineRange): HistoryRange | undefined {
  const s = stored.start - 1;
  const e = Math.min(stored.end, before.length) - 1;
  let first = -1;
  let last = -1;
  let content = 0;
  let kept = 0;
  let firstContent = -1;
  let lastContent = -1;
  const was = normalisedLines(before);
  for (let o = s; o <= e; o++) {
    const blank = was[o] === '';
    if (!blank) {
      content++;
      if (firstContent < 0) firstContent = o;
      lastContent = o;
    }
    if (map[o] < 0 || blank) continue;
    kept++;
    if (first < 0) first = o;
    last = o;
  }
  if (first < 0) return undefined;
  let start = map[first];
  let end = map[last];
  // Leading edge: original lines s..first-1 were edited. The current lines between the last
  // surviving line above and `start` replaced them (and may hold new lines too): the link
  // reaches up to the line most like its outermost edited line (a test whose header lost a
  // word starts at that header, not at the header of a look-alike test inserted above it).
  const floor = previousMapped(map, first) + 1;
  const lead = unmappedRun(map, first, s, -1).reverse();
  const head = editedEdge(lead, before, after, floor, start - 1, start);
  if (head) start = head.line;
  const ceiling = nextMapped(map, last, after.length) - 1;
  const trail = unmappedRun(map, last, e, 1).reverse();
  end = editedEdge(trail, before, after, end + 1, ceiling, end)?.line ?? end;
  let lastDistinct = last;
  while (lastDistinct > first && (map[lastDistinct] < 0 || was[lastDistinct].length <= 3)) lastDistinct--;
  return { lines: { start: start + 1, end: end + 1 }, kept: content ? kept / content : 0, keptLines: kept, edgesKept: first === firstContent && last === lastContent, lastKept: map[lastDistinct] + 1, headFound: first === firstContent || head?.original === firstContent };
}

/** Original lines next to `from` (exclusive) toward `bound` (inclusive) that did not survive. */
function unmappedRun(map: Int32Array, from: number, bound: number, step: 1 | -1): number[] {
  const run: number[] = [];
  for (let o = from + step; step < 0 ? o >= bound : o <= bound; o += step) {
    if (map[o] >= 0) break;
    run.push(o);
  }
  return run;
}

/**
 * Where the edge of a link now stands among the current lines `from..to` (0-based): the
 * line most like the outermost of the edited linked lines `originals` (outermost first)
 * that any line is at least EDGE_LIKENESS like; on a tie the one nearest `near`. Says
 * which original line it stands for.
 */
function editedEdge(originals: readonly number[], before: readonly string[], after: readonly string[], from: number, to: number, near: number): { line: number; original: number } | undefined {
  if (from > to) return undefined;
  const was = normalisedLines(before);
  const now = normalisedLines(after);
  for (const o of originals) {
    const x = was[o];
    if (x === '') continue;
    let best: number | undefined;
    let bestLikeness = EDGE_LIKENESS;
    for (let c = from; c <= to; c++) {
      const y = now[c];
      if (y === '') continue;
      const likeness = lineLikeness(x, y);
      if (likeness > bestLikeness || (likeness === bestLikeness && (best === undefined || Math.abs(c - near) < Math.abs(best - near)))) {
        best = c;
        bestLikeness = likeness;
      }
    }
    if (best !== undefined) return { line: best, original: o };
  }
  return undefined;
}

function previousMapped(map: Int32Array, o: number): number {
  for (let k = o - 1; k >= 0; k--) if (map[k] >= 0) return map[k];
  return -1;
}

function nextMapped(map: Int32Array, o: number, afterLength: number): number {
  for (let k = o + 1; k < map.length; k++) if (map[k] >= 0) return map[k];
  return afterLength;
}

/** For each line of `after`, the line of `before` it is (0-based), or -1 for lines new since. */
export function invert(map: Int32Array, afterLength: number): Int32Array {
  const inverse = new Int32Array(afterLength).fill(-1);
  for (let o = 0; o < map.length; o++) if (map[o] >= 0 && map[o] < afterLength) inverse[map[o]] = o;
  return inverse;
}
