// One file's change as git's `diff -U0` prints it, worked out without git when only one answer
// is possible: after the common first and last lines are set aside, what is left is a single
// run of removed and added lines with no line in common (so no diff algorithm, Myers,
// patience or histogram, aligns anything inside it) that cannot slide up or down (so git's
// hunk-shifting heuristics have nothing to choose). Any other change answers undefined and
// the caller asks git. Lines are compared with their line break, as git's xdiff does.
import type { ChangeBlock } from './diff';

/** Splits text into lines, each keeping its "\n" (the last may lack one). */
function linesOf(text: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < text.length;) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl + 1;
    lines.push(text.slice(at, end));
    at = end;
  }
  return lines;
}

/**
 * The one block of changed lines turning `before` into `after` (latin1 strings: one character
 * per byte), numbered as diff.ts reads git's hunks (a side with no lines starts at the line
 * after the gap). Undefined when the texts are equal or the change is not one unambiguous run.
 */
export function singleHunk(before: string, after: string): ChangeBlock | undefined {
  const a = linesOf(before);
  const b = linesOf(after);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const removed = a.slice(prefix, a.length - suffix);
  const added = b.slice(prefix, b.length - suffix);
  if (removed.length === 0 && added.length === 0) return undefined;
  const kept = new Set(removed);
  if (added.some((line) => kept.has(line))) return undefined;
  if (canSlide(a, prefix, removed.length) || canSlide(b, prefix, added.length)) return undefined;
  return { oldStart: prefix + 1, oldLines: removed.length, newStart: prefix + 1, newLines: added.length };
}

/** Whether the run of `count` changed lines at `start` could move: its first line equals the one after it, or its last the one before. */
function canSlide(lines: readonly string[], start: number, count: number): boolean {
  if (count === 0) return false;
  return (start + count < lines.length && lines[start] === lines[start + count]) || (start > 0 && lines[start + count - 1] === lines[start - 1]);
}
