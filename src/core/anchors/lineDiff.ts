// Git-style evidence without a git process: which lines of a file as it was at the link's
// commit still stand in the file as it is now, and where. The text now may be an editor's
// unsaved buffer, so the alignment is computed here rather than asked of `git diff`.
//
// The algorithm is patience diff (Bram Cohen's; git's `--patience`, close to its
// `--histogram`): lines that occur exactly once on both sides anchor the alignment (the
// longest increasing run of them), the gaps between anchors are aligned recursively, and a
// gap with no unique line left gets an exact LCS when it is small and no alignment when it
// is not. Lines compare after the fingerprint's normalisation, so re-indenting changes
// nothing, and neither does a change of quote style. Cost: about O(n log n) for ordinary
// edits, and bounded by MAX_LCS_CELLS per gap.
import { finish, normalisedLinesInSteps, STEP_LINES } from './content';

/** Past this many cells (gap lines before x after), a gap without anchors is left unaligned. */
const MAX_LCS_CELLS = 40_000;
/** Anchor searches may visit this many lines per line of the two files, then gaps stay unaligned. */
const WORK_PER_LINE = 16;
/** One LCS table, reused: a big alignment must not churn the garbage collector. */
let lcsTable = new Int32Array(0);

/**
 * For each line of `before` (0-based), the 0-based index of the same line in `after`, or -1
 * when it was deleted or changed. The mapping only ever increases (it is an alignment).
 */
export function alignLines(before: readonly string[], after: readonly string[]): Int32Array {
  return finish(alignLinesInSteps(before, after));
}

/** Work (lines interned, LCS cells, lines searched for anchors) per step of alignLinesInSteps: a millisecond or two. */
const STEP_WORK = 400_000;

/**
 * alignLines in steps of bounded work (normalising STEP_LINES lines, or about STEP_WORK
 * lines interned or LCS cells filled), for a caller that gives the event loop a turn
 * between steps (services/resolveLinks.ts): two versions of a 60,000-line file take tens
 * of milliseconds to align, which must not block the editor in one go.
 */
export function* alignLinesInSteps(before: readonly string[], after: readonly string[]): Generator<void, Int32Array> {
  // Blank lines are left out: matched to some other blank line they would break the runs of
  // unmatched lines that tell where a block's edited edges went.
  const ids = new Map<string, number>();
  function* lineNumbers(lines: readonly string[]): Generator<void, { ids: Int32Array; at: Int32Array }> {
    const normalised = yield* normalisedLinesInSteps(lines);
    const found = new Int32Array(normalised.length);
    const at = new Int32Array(normalised.length);
    let count = 0;
    for (let index = 0; index < normalised.length; index++) {
      const text = normalised[index];
      if ((index + 1) % STEP_LINES === 0) yield;
      if (text === '') continue;
      // Double quotes read as single ones: a formatter that switched a file's quote style left every line where it was.
      const key = text.includes('"') ? text.replace(/"/g, "'") : text;
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      found[count] = id;
      at[count++] = index;
    }
    return { ids: found.subarray(0, count), at: at.subarray(0, count) };
  }
  const left = yield* lineNumbers(before);
  const right = yield* lineNumbers(after);
  const aligned = yield* alignIds(left.ids, right.ids, ids.size);
  // Where an inserted (or deleted) block could equally stand a few lines up or down, put it
  // where blank lines and indentation say a block starts and ends, as git's diff does.
  const inverse = new Int32Array(right.ids.length).fill(-1);
  aligned.forEach((j, i) => {
    if (j >= 0) inverse[j] = i;
  });
  slideRuns(right.ids, inverse, right.at, after);
  aligned.fill(-1);
  inverse.forEach((i, j) => {
    if (i >= 0) aligned[i] = j;
  });
  slideRuns(left.ids, aligned, left.at, before);
  const map = new Int32Array(before.length).fill(-1);
  aligned.forEach((j, i) => {
    if (j >= 0) map[left.at[i]] = right.at[j];
  });
  return map;
}

/**
 * Slides each run of unpaired lines on one side of an alignment (lines inserted, or
 * deleted) between two paired lines that are consecutive on the other side: where the
 * line above the run equals the run's last line, the run can move up a line and mean the
 * same edit, and likewise down. Of every such position the one that scores best by
 * `blockScore` wins (the diff's own choice on a tie). `partner[k]` is the index paired with
 * line k on the other side, or -1; `ids` are the interned lines of this side, `at` their
 * file lines, `text` the file. Cost: linear in the lines plus the distance slid.
 */
function slideRuns(ids: Int32Array, partner: Int32Array, at: Int32Array, text: readonly string[]): void {
  const n = ids.length;
  for (let r = 0; r < n; ) {
    if (partner[r] >= 0) {
      r++;
      continue;
    }
    let end = r;
    while (end + 1 < n && partner[end + 1] < 0) end++;
    const length = end - r + 1;
    const above = r - 1;
    const below = end + 1;
    // Only a pure insertion or deletion slides: the lines on either side pair with consecutive lines.
    if (above >= 0 && below < n && partner[above] + 1 === partner[below]) {
      let low = r;
      while (low - 1 >= 0 && partner[low - 1] >= 0 && ids[low - 1] === ids[low - 1 + length] && (low - 2 < 0 || partner[low - 2] < 0 || partner[low - 2] + 1 === partner[low - 1])) low--;
      let high = r;
      while (high + length < n && partner[high + length] >= 0 && ids[high] === ids[high + length] && (high + length + 1 >= n || partner[high + length + 1] < 0 || partner[high + length] + 1 === partner[high + length + 1])) high++;
      if (low < high) {
        let best = r;
        let bestScore = blockScore(at, text, r, length);
        for (let s = low; s <= high; s++) {
          const score = blockScore(at, text, s, length);
          if (score > bestScore) {
            best = s;
            bestScore = score;
          }
        }
        if (best !== r) {
          // The paired lines in low..high+length-1 keep their partners in order, skipping the run's new place.
          const paired: number[] = [];
          for (let k = low; k < high + length; k++) if (partner[k] >= 0) paired.push(partner[k]);
          let next = 0;
          for (let k = low; k < high + length; k++) partner[k] = k >= best && k < best + length ? -1 : paired[next++];
        }
        r = Math.max(end, best + length - 1) + 1;
        continue;
      }
    }
    r = end + 1;
  }
}

/**
 * How much a run of `length` interned lines starting at `first` looks like one whole block
 * (git's indent heuristic, simplified): a blank line, or the file's edge, just before its
 * first line and just after its last, and a first line indented no deeper than the last.
 */
function blockScore(at: Int32Array, text: readonly string[], first: number, length: number): number {
  const firstLine = at[first];
  const lastLine = at[first + length - 1];
  const blankBefore = firstLine === 0 || (first > 0 && at[first - 1] < firstLine - 1) || (first === 0 && firstLine > 0);
  const blankAfter = lastLine === text.length - 1 || (first + length < at.length ? at[first + length] > lastLine + 1 : true);
  const indent = (line: number): number => text[line].length - text[line].trimStart().length;
  return (blankBefore ? 2 : 0) + (blankAfter ? 2 : 0) + (indent(firstLine) <= indent(lastLine) ? 1 : 0);
}

/** `alignLines` over interned non-blank lines (ids 0..distinct-1), yielding after about STEP_WORK work. */
function* alignIds(a: Int32Array, b: Int32Array, distinct: number): Generator<void, Int32Array> {
  const map = new Int32Array(a.length).fill(-1);
  const seen = { inA: new Int32Array(distinct).fill(UNSEEN), inB: new Int32Array(distinct).fill(UNSEEN) };
  const stack: [number, number, number, number][] = [[0, a.length, 0, b.length]];
  let work = WORK_PER_LINE * (a.length + b.length);
  let stepped = 0;
  while (stack.length > 0) {
    if (stepped >= STEP_WORK) {
      stepped = 0;
      yield;
    }
    let [aLo, aHi, bLo, bHi] = stack.pop() as [number, number, number, number];
    while (aLo < aHi && bLo < bHi && a[aLo] === b[bLo]) map[aLo++] = bLo++;
    while (aLo < aHi && bLo < bHi && a[aHi - 1] === b[bHi - 1]) map[--aHi] = --bHi;
    if (aLo === aHi || bLo === bHi) continue;
    stepped += aHi - aLo + bHi - bLo;
    if ((aHi - aLo) * (bHi - bLo) <= MAX_LCS_CELLS) {
      stepped += (aHi - aLo) * (bHi - bLo);
      lcsAlign(a, b, aLo, aHi, bLo, bHi, map);
      continue;
    }
    work -= aHi - aLo + bHi - bLo;
    if (work < 0) continue;
    const anchors = uniqueAnchors(a, b, aLo, aHi, bLo, bHi, seen);
    if (anchors.length === 0) continue;
    let prevA = aLo;
    let prevB = bLo;
    for (const [i, j] of anchors) {
      map[i] = j;
      stack.push([prevA, i, prevB, j]);
      prevA = i + 1;
      prevB = j + 1;
    }
    stack.push([prevA, aHi, prevB, bHi]);
  }
  return map;
}

const UNSEEN = -2;

/**
 * Pairs (i, j) of lines unique in both ranges, longest run increasing in both (patience sorting).
 * `seen` holds, per line id, where the line stands in each range (UNSEEN, or -1 when it stands
 * there more than once): scratch shared by every gap of one alignment, left all UNSEEN again.
 */
function uniqueAnchors(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number, seen: { inA: Int32Array; inB: Int32Array }): [number, number][] {
  const { inA, inB } = seen;
  for (let i = aLo; i < aHi; i++) inA[a[i]] = inA[a[i]] === UNSEEN ? i : -1;
  for (let j = bLo; j < bHi; j++) if (inA[b[j]] !== UNSEEN) inB[b[j]] = inB[b[j]] === UNSEEN ? j : -1;
  const pairs: [number, number][] = [];
  for (let i = aLo; i < aHi; i++) {
    const j = inB[a[i]];
    if (inA[a[i]] === i && j >= 0) pairs.push([i, j]);
  }
  for (let i = aLo; i < aHi; i++) inA[a[i]] = UNSEEN;
  for (let j = bLo; j < bHi; j++) inB[b[j]] = UNSEEN;
  // Longest increasing subsequence of j over pairs ordered by i.
  const tails: number[] = [];
  const previous = new Int32Array(pairs.length).fill(-1);
  for (let k = 0; k < pairs.length; k++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[tails[mid]][1] < pairs[k][1]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[k] = tails[lo - 1];
    tails[lo] = k;
  }
  const run: [number, number][] = [];
  for (let k = tails.length ? tails[tails.length - 1] : -1; k >= 0; k = previous[k]) run.push(pairs[k]);
  return run.reverse();
}

/** Exact LCS alignment of a small gap. */
function lcsAlign(a: Int32Array, b: Int32Array, aLo: number, aHi: number, bLo: number, bHi: number, map: Int32Array): void {
  const n = aHi - aLo;
  const m = bHi - bLo;
  const width = m + 1;
  if (lcsTable.length < (n + 1) * width) lcsTable = new Int32Array((n + 1) * width);
  const table = lcsTable;
  table.fill(0, n * width, (n + 1) * width);
  for (let i = 0; i < n; i++) table[i * width + m] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = a[aLo + i] === b[bLo + j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  for (let i = 0, j = 0; i < n && j < m;) {
    if (a[aLo + i] === b[bLo + j]) {
      map[aLo + i] = bLo + j;
      i++;
      j++;
    } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i++;
    else j++;
  }
}

/**
 * The same alignment read from a unified diff of the file (`git diff <commit> -- path`),
 * with the file as it was rebuilt from the diff and the file now: lines outside hunks and
 * context lines are unchanged, `-` lines are gone. Undefined when the diff does not fit `after`.
 */
export function alignFromUnifiedDiff(diff: string, after: readonly string[]): { before: string[]; map: Int32Array } | undefined {
  const before: string[] = [];
  const pairs: number[] = [];
  let next = 0; // next line of `after` not yet accounted for
  const lines = diff.split(/\r?\n/);
  let k = 0;
  while (k < lines.length && !lines[k].startsWith('@@')) k++;
  for (; k < lines.length; k++) {
    const header = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[k]);
    if (!header) continue;
    const newStart = Number(header[3]) - (header[4] === '0' ? 0 : 1);
    if (newStart < next || newStart > after.length) return undefined;
    for (; next < newStart; next++) {
      pairs.push(next);
      before.push(after[next]);
    }
    for (k++; k < lines.length && !lines[k].startsWith('@@'); k++) {
      const line = lines[k];
      if (line.startsWith(' ')) {
        if (after[next] === undefined) return undefined;
        pairs.push(next++);
        before.push(line.slice(1));
      } else if (line.startsWith('-')) {
        pairs.push(-1);
        before.push(line.slice(1));
      } else if (line.startsWith('+')) next++;
    }
    k--;
  }
  if (next > after.length) return undefined;
  for (; next < after.length; next++) {
    pairs.push(next);
    before.push(after[next]);
  }
  return { before, map: Int32Array.from(pairs) };
}
