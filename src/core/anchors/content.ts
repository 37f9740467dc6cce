// The text of a file as the anchor matchers see it: normalised the way the fingerprint
// normalises it, blank lines dropped, each line remembering where it stands in the file.
// Matching in this space means re-indenting code or adding blank lines moves nothing.
import { FNV_OFFSET, fnvStep, normalizeLine } from '../fingerprint';
import type { LineRange } from '../model';

export interface ContentLine {
  /** 1-based line in the file as it is now. */
  line: number;
  /** Trimmed, inner whitespace collapsed; never empty. */
  text: string;
}

/** Editor and git text alike: `\n`, `\r\n` or a lone `\r` all end a line. */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Non-blank lines of `lines` (1-based, inclusive bounds), normalised. */
export function contentLines(lines: readonly string[], from = 1, to = lines.length): ContentLine[] {
  const content: ContentLine[] = [];
  for (let line = Math.max(1, from); line <= Math.min(to, lines.length); line++) {
    const text = normalizeLine(lines[line - 1] ?? '');
    if (text !== '') content.push({ line, text });
  }
  return content;
}

// Many links point into the same file, and callers pass the same lines array for each, so
// a file's content is built once per version of its text (about 0.1 ms per 1,000 lines).
// Weak keys: the cache entry goes when the caller drops the lines. The lines are
// `readonly` throughout; mutating an array after passing it would defeat this.
const wholeFiles = new WeakMap<readonly string[], readonly ContentLine[]>();

/** `contentLines(lines)` for a whole file, remembered per lines array (built from `normalisedLines`). */
export function fileContent(lines: readonly string[]): readonly ContentLine[] {
  let content = wholeFiles.get(lines);
  if (!content) {
    content = [];
    normalisedLines(lines).forEach((text, i) => {
      if (text !== '') (content as ContentLine[]).push({ line: i + 1, text });
    });
    wholeFiles.set(lines, content);
  }
  return content;
}

// Each line of an array normalised once (blank: ''), for the fingerprints of many ranges of
// one file: thousands of links into one file each check their own lines. Same rules as above.
const normalised = new WeakMap<readonly string[], readonly string[]>();

/**
 * Each line of `lines` normalised as the fingerprint normalises it (blank: ''), once per
 * lines array: the stored lines' check, the file's content and git's alignment all read the
 * same normalised file, rather than each running the regular expressions over it again.
 */
export function normalisedLines(lines: readonly string[]): readonly string[] {
  return normalised.get(lines) ?? finish(normalisedLinesInSteps(lines));
}

/** Lines per step of normalisedLinesInSteps: well under a millisecond of normalising. */
export const STEP_LINES = 4_000;

/**
 * normalisedLines in steps of STEP_LINES lines, for a caller that gives the event loop a turn
 * between steps (services/resolveLinks.ts): a file of any size is then never normalised in
 * one go. Remembered as normalisedLines remembers it.
 */
export function* normalisedLinesInSteps(lines: readonly string[]): Generator<void, readonly string[]> {
  let known = normalised.get(lines);
  if (known) return known;
  const built = new Array<string>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    built[i] = normalizeLine(lines[i] as string);
    if ((i + 1) % STEP_LINES === 0) yield;
  }
  normalised.set(lines, (known = built));
  return known;
}

/** Runs a preparation's steps to the end, at once: its result. */
export function finish<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

// The normalised lines again as one run of UTF-16 code units, with where each line starts:
// a range's hash then reads adjacent numbers rather than thousands of separate strings (each
// perhaps a slice of a slice of the file's text). Two bytes a character, dropped with the lines.
const codeUnits = new WeakMap<readonly string[], { codes: Uint16Array; starts: Int32Array }>();

function codeUnitsOf(lines: readonly string[]): { codes: Uint16Array; starts: Int32Array } {
  let known = codeUnits.get(lines);
  if (!known) {
    const texts = normalisedLines(lines);
    let total = 0;
    for (const text of texts) total += text.length;
    const codes = new Uint16Array(total);
    const starts = new Int32Array(texts.length + 1);
    let at = 0;
    for (let i = 0; i < texts.length; i++) {
      starts[i] = at;
      const text = texts[i] as string;
      for (let c = 0; c < text.length; c++) codes[at++] = text.charCodeAt(c);
    }
    starts[texts.length] = at;
    codeUnits.set(lines, (known = { codes, starts }));
  }
  return known;
}

/**
 * `fingerprint(lines.slice(start - 1, end))` (1-based, inclusive; clamped to the file), from
 * the lines normalised once per lines array: a range then costs its characters, no regex.
 */
export function rangeFingerprint(lines: readonly string[], start: number, end: number): string {
  const { codes, starts } = codeUnitsOf(lines);
  let hash = FNV_OFFSET;
  let first = true;
  const last = Math.min(end, lines.length);
  for (let i = Math.max(1, start) - 1; i < last; i++) {
    const from = starts[i] as number;
    const to = starts[i + 1] as number;
    if (from === to) continue;
    if (!first) hash = fnvStep(hash, 10);
    first = false;
    for (let c = from; c < to; c++) hash = fnvStep(hash, codes[c] as number);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/** The file lines a run of content lines covers. */
export function spanOf(content: readonly ContentLine[], first: number, last: number): LineRange {
  return { start: content[first].line, end: content[last].line };
}

/**
 * Indices of `content` ordered by distance of their line from `near`, nearest first.
 * On a tie the later line wins: code mostly shifts down, because lines get inserted above it.
 */
export function* nearestFirst(content: readonly ContentLine[], near: number): Generator<number> {
  let right = content.findIndex((c) => c.line >= near);
  if (right === -1) right = content.length;
  let left = right - 1;
  while (left >= 0 || right < content.length) {
    const leftDistance = left >= 0 ? near - content[left].line : Infinity;
    const rightDistance = right < content.length ? content[right].line - near : Infinity;
    if (rightDistance <= leftDistance) yield right++;
    else yield left--;
  }
}
