// Following one text edit without resolving again: where a linked line range stands after
// it, the way an editor moves its decorations. The editor's CurrentLinks uses it so lenses
// stay put while the user types above or inside linked code.
import type { LineRange } from '../model';

/** One edit as the editor reports it: a 0-based range replaced by `text`. */
export interface TextChange {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

/**
 * Where 1-based `lines` stand after `change`, like positions the editor tracks: the range's start
 * is its first line's column 0, its end its last line's end. Undefined when the change crosses
 * either edge (it replaces text on both sides of it), or leaves the range without a line.
 */
export function followLines(lines: LineRange, change: TextChange): LineRange | undefined {
  const a = change.range.start;
  const b = change.range.end;
  const added = change.text.match(/\r\n|\r|\n/g)?.length ?? 0;
  const delta = added - (b.line - a.line);
  const start = lines.start - 1;
  const end = lines.end - 1;
  // A position at or after the change's end moves with it; on its last line, onto the inserted text's last line.
  const mapLine = (line: number) => (line === b.line ? a.line + added : line + delta);
  if (b.line < start || (b.line === start && b.character === 0)) return { start: mapLine(start) + 1, end: mapLine(end) + 1 };
  if (a.line > end) return lines;
  if (a.line >= start && b.line <= end) {
    const newEnd = mapLine(end);
    return newEnd < start ? undefined : delta === 0 && newEnd === end ? lines : { start: lines.start, end: newEnd + 1 };
  }
  return undefined;
}
