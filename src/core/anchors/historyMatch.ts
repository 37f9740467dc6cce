// Where git's history says linked lines went: the alignment of the file at the link's commit
// with the file now (lineDiff.ts) tells where every unchanged line stands. The link's range
// now runs from its first surviving line to its last (lines inserted in between belong to
// it), widened over edited lines at either edge that still look like the lines they replaced
// (within the stretch git says replaced them).
import type { LineRange } from '../model';
import { normalizeForFingerprint } from '../fingerprint';
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
  for (let o = s; o <= e; o++) {
    const blank = normalizeForFingerprint([before[o]]) === '';
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
  // reaches up to the furthest of them that looks like one of the edited linked lines.
  const floor = previousMapped(map, first) + 1;
  const lead = unmappedRun(map, first, s, -1);
  for (let c = floor; c < start && lead.length > 0; c++) {
    if (lead.some((o) => alike(before[o], after[c]))) {
      start = c;
      break;
    }
  }
  const ceiling = nextMapped(map, last, after.length) - 1;
  const trail = unmappedRun(map, last, e, 1);
  for (let c = ceiling; c > end && trail.length > 0; c--) {
    if (trail.some((o) => alike(before[o], after[c]))) {
      end = c;
      break;
    }
  }
  return { lines: { start: start + 1, end: end + 1 }, kept: content ? kept / content : 0, keptLines: kept, edgesKept: first === firstContent && last === lastContent };
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

function alike(a: string, b: string): boolean {
  const x = normalizeForFingerprint([a]);
  const y = normalizeForFingerprint([b]);
  return x !== '' && y !== '' && lineLikeness(x, y) >= EDGE_LIKENESS;
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
