// Change risk: which linked code a change touches, and how loud the incident history
// behind it is. Links are placed at the diff's base (where their code stood before the
// change, see src/services/changeRisk.ts); this file decides, from the diff alone, which
// of them the change touches, and weighs them with the product's one risk score.
//
// A range link [a, b] is touched when a line inside it is changed or removed, or a line is
// inserted strictly inside it (between a and b: right above a or right below b is not).
// A whole-file link is touched by any change to the file's lines; any link into a file is
// touched when the file is deleted, renamed, or changed as a binary file.
import type { IncidentConfig } from './config';
import type { ChangeBlock, FileDiff } from './diff';
import type { IndexedLink } from './incidentIndex';
import type { LineRange } from './model';
import { riskWeigher, type Risk } from './risk';

/** A link with where its code stood at the diff's base. */
export interface PlacedLink extends IndexedLink {
  /** Path at the base, and the linked lines there (undefined: the link is to the whole file). */
  at: { path: string; lines?: LineRange };
}

/** changed: lines in or of it changed. deleted/renamed: its file was. binary: its file changed and git shows no lines. */
export type TouchKind = 'changed' | 'deleted' | 'renamed' | 'binary';

export interface TouchedCode {
  /** The path after the change; the base path for a deleted file. */
  path: string;
  /** The path at the base (differs from `path` for a renamed file). */
  basePath: string;
  /** The linked lines at the base; undefined for a link to the whole file. */
  baseLines: LineRange | undefined;
  /**
   * Where to look after the change: the linked lines as they stand now, or, for a link to
   * the whole file, the span of its changed lines. Undefined when the change leaves no lines
   * to point at (a deleted or binary file, a rename without edits).
   */
  lines: LineRange | undefined;
  how: TouchKind;
  /** The links anchored here, as stored. */
  links: IndexedLink[];
  risk: Risk;
}

export interface ChangeRisk {
  /** The whole change: every touched incident once, with its strongest role. */
  risk: Risk;
  /** Highest risk first, then by path and line. */
  touched: TouchedCode[];
}

/** Commits touching a path recently (for the churn factor); undefined when unknown. */
export type ChurnOfPath = (path: string) => number | undefined;

/** The links that stood at one place at the base. */
interface Place {
  file: FileDiff;
  at: PlacedLink['at'];
  links: IndexedLink[];
}

interface PlacesInFile {
  whole: Place | undefined;
  /** Places by first line; the few first lines several ranges share map on by last line. */
  byStart: Map<number, Place | Map<number, Place>>;
}

/**
 * Which of `links` (placed at the base) the change `files` touches, and the risk of each
 * touched place and of the whole change, with the risk model of risk.ts (config weights,
 * thresholds, half-life; churn from `churnOf`, the whole change taking its busiest file's).
 * Linear in the links and the diff's files; each place the links stand at costs log(blocks) to
 * test and, when touched, the blocks above it to map.
 */
export function assessChange(files: readonly FileDiff[], links: readonly PlacedLink[], now: Date, config: IncidentConfig, churnOf?: ChurnOfPath): ChangeRisk {
  const byOldPath = new Map<string, FileDiff>();
  for (const file of files) if (file.oldPath !== undefined && file.kind !== 'copied') byOldPath.set(file.oldPath, file);
  // The links grouped by where they stood at the base first: whether and how the change
  // touches a place is decided once for all the links there.
  const places: Place[] = [];
  // Per base path, its whole-file place and its places by first line (a small integer key: no
  // string nor heap number per link).
  const byPath = new Map<string, PlacesInFile>();
  let path: string | undefined;
  let inFile: PlacesInFile | undefined;
  let diff: FileDiff | undefined;
  for (let k = 0; k < links.length; k++) {
    const placed = links[k] as PlacedLink;
    // Links come grouped by file: the last file's lookups serve the next link most of the time.
    if (placed.at.path !== path) {
      path = placed.at.path;
      diff = byOldPath.get(path);
      inFile = byPath.get(path);
      if (diff && !inFile) byPath.set(path, (inFile = { whole: undefined, byStart: new Map() }));
    }
    if (!diff || !inFile) continue;
    // The placed link itself serves as the stored one (a PlacedLink is an IndexedLink): no copy per link.
    const item: IndexedLink = placed;
    const lines = placed.at.lines;
    if (!lines) {
      if (inFile.whole) inFile.whole.links.push(item);
      else places.push((inFile.whole = { file: diff, at: placed.at, links: [item] }));
      continue;
    }
    // By first line, then (once two ranges share one) by last line, both as Map keys compare.
    const atStart = inFile.byStart.get(lines.start);
    const place = atStart instanceof Map ? atStart.get(lines.end) : atStart && sameValueZero((atStart.at.lines as LineRange).end, lines.end) ? atStart : undefined;
    if (place) {
      place.links.push(item);
      continue;
    }
    const added: Place = { file: diff, at: placed.at, links: [item] };
    places.push(added);
    if (atStart instanceof Map) atStart.set(lines.end, added);
    else if (atStart) inFile.byStart.set(lines.start, new Map([[(atStart.at.lines as LineRange).end, atStart], [lines.end, added]]));
    else inFile.byStart.set(lines.start, added);
  }
  const weigh = riskWeigher(now, config);
  const touched: TouchedCode[] = [];
  let busiest: number | undefined;
  // Places come file by file: a file's churn is asked once. Indexed loops: a check runs once per
  // process, mostly before V8 optimises it, where each step of an iterator is an object.
  let churnPath: string | undefined;
  let commits: number | undefined;
  for (let p = 0; p < places.length; p++) {
    const { file, at, links: here } = places[p] as Place;
    const how = touchOf(file, at.lines);
    if (!how) continue;
    const path = file.newPath ?? at.path;
    if (path !== churnPath) {
      churnPath = path;
      commits = churnOf?.(path);
      if (commits !== undefined) busiest = Math.max(busiest ?? 0, commits);
    }
    touched.push({ path, basePath: at.path, baseLines: at.lines, lines: linesAfter(file, at.lines), how, links: here, risk: weigh(here, commits) });
  }
  touched.sort(riskiestFirst);
  const all: IndexedLink[] = [];
  for (let t = 0; t < touched.length; t++) {
    const here = (touched[t] as TouchedCode).links;
    for (let i = 0; i < here.length; i++) all.push(here[i] as IndexedLink);
  }
  const risk = weigh(all, busiest);
  return { risk, touched };
}

/** How `file`'s change touches the base lines `lines` (undefined: the whole file), or undefined when it does not. */
export function touchOf(file: FileDiff, lines: LineRange | undefined): TouchKind | undefined {
  if (file.kind === 'deleted') return 'deleted';
  if (file.binary) return 'binary';
  const edited = lines ? touchesRange(file.blocks, lines) : file.blocks.length > 0;
  if (edited) return 'changed';
  return file.kind === 'renamed' ? 'renamed' : undefined;
}

/** Does a block remove or change a line of [start, end], or insert strictly between two of its lines? Blocks in order. */
export function touchesRange(blocks: readonly ChangeBlock[], { start, end }: LineRange): boolean {
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    // The last old line the block reaches: its last removed line, or for an insertion the line it follows.
    const block = blocks[mid] as ChangeBlock;
    if (block.oldStart + block.oldLines - 1 < start) low = mid + 1;
    else high = mid;
  }
  for (let i = low; i < blocks.length; i++) {
    const block = blocks[i] as ChangeBlock;
    if (block.oldStart > end) return false;
    if (block.oldLines > 0) return true;
    // An insertion between old lines oldStart-1 and oldStart: inside when both are linked lines.
    if (block.oldStart - 1 >= start && block.oldStart <= end) return true;
  }
  return false;
}

/** Where base `lines` stand after the change (see TouchedCode.lines). */
function linesAfter(file: FileDiff, lines: LineRange | undefined): LineRange | undefined {
  if (file.kind === 'deleted' || file.binary) return undefined;
  if (!lines) {
    const first = file.blocks[0];
    const last = file.blocks[file.blocks.length - 1];
    if (!first || !last) return undefined;
    return { start: Math.max(1, first.newStart), end: Math.max(first.newStart, last.newStart + last.newLines - 1) };
  }
  const start = newLineOf(file.blocks, lines.start, 'start');
  const end = newLineOf(file.blocks, lines.end, 'end');
  return { start, end: Math.max(start, end) };
}

/**
 * The new line number of old line `line`: shifted by every block before it; a removed line
 * maps to the start (or end) of what replaced it. Blocks in order: the first block not wholly
 * before the line is found by binary search and the shift read from a running sum kept per
 * block list, so a file's thousands of places cost log(blocks) each, not blocks.
 */
export function newLineOf(blocks: readonly ChangeBlock[], line: number, side: 'start' | 'end'): number {
  // Blocks wholly before the line (an insertion counts when it stands at or before it) come first.
  let low = 0;
  let high = blocks.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const block = blocks[mid] as ChangeBlock;
    if (block.oldLines > 0 ? block.oldStart + block.oldLines - 1 < line : block.oldStart <= line) low = mid + 1;
    else high = mid;
  }
  const next = blocks[low];
  if (next && next.oldLines > 0 && line >= next.oldStart) {
    return Math.max(1, side === 'start' ? next.newStart : next.newStart + next.newLines - 1);
  }
  return Math.max(1, line + (shiftsOf(blocks)[low] as number));
}

/** Per block list, the lines added minus removed by the blocks before each index (one more entry than blocks). */
const shifts = new WeakMap<readonly ChangeBlock[], Int32Array>();

function shiftsOf(blocks: readonly ChangeBlock[]): Int32Array {
  let known = shifts.get(blocks);
  if (!known) {
    known = new Int32Array(blocks.length + 1);
    for (let i = 0; i < blocks.length; i++) known[i + 1] = (known[i] as number) + (blocks[i] as ChangeBlock).newLines - (blocks[i] as ChangeBlock).oldLines;
    shifts.set(blocks, known);
  }
  return known;
}

/**
 * Highest score first, then by path and line. Answers -1, 0 or 1 rather than a difference of
 * scores: a comparator's fractional result is a number V8 allocates on the heap at every call
 * (tens of thousands in sorting a big change's places), and only its sign matters to sort.
 */
function riskiestFirst(a: TouchedCode, b: TouchedCode): number {
  // As `b.score - a.score || ...`: equal scores, and a NaN difference, fall through.
  if (b.risk.score > a.risk.score) return 1;
  if (b.risk.score < a.risk.score) return -1;
  return compareText(a.path, b.path) || sign((a.lines?.start ?? 0) - (b.lines?.start ?? 0));
}

function sameValueZero(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function sign(n: number): number {
  return n > 0 ? 1 : n < 0 ? -1 : 0;
}

/** Code-unit order: stable across locales, and far cheaper than localeCompare on thousands of rows. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
