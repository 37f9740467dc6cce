// Where a block of bracketed code ends: a linked function or class is one balanced unit
// (its brackets open on the first line and close on the last), and the same code now ends
// where its brackets balance again. Git's alignment can pair a closing `});` with one far
// below (repetitive tests) or stop short of lines added at the end; this corrects the end.
import type { LineRange } from '../model';

/** Net bracket depth change of one line, string literals and `//` comments left out. */
function depthChange(line: string): number {
  const code = line.replace(/(["'`])(?:\\.|(?!\1).)*\1/g, '').replace(/\/\/.*$/, '');
  let depth = 0;
  for (const char of code) {
    if (char === '{' || char === '(' || char === '[') depth++;
    else if (char === '}' || char === ')' || char === ']') depth--;
  }
  return depth;
}

/** Whether `lines` are one balanced unit: depth above zero after every line but the last, zero after it. */
export function isBalancedUnit(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  let depth = 0;
  for (let i = 0; i < lines.length; i++) {
    depth += depthChange(lines[i]);
    if (depth < 0 || (depth === 0 && i < lines.length - 1)) return false;
  }
  return depth === 0;
}

/**
 * The line (1-based) where the unit opening at `start` closes in `lines`, scanning at most
 * `limit` lines; undefined if it never does or the depth goes negative first.
 */
export function unitEnd(lines: readonly string[], start: number, limit: number): number | undefined {
  let depth = 0;
  for (let line = start; line <= Math.min(lines.length, start + limit); line++) {
    depth += depthChange(lines[line - 1] ?? '');
    if (depth < 0) return undefined;
    if (depth === 0) return line > start ? line : undefined;
  }
  return undefined;
}

/** `range` with its end moved to where the unit opening at its start closes, when the linked text was one unit. */
export function balancedEnd(linked: readonly string[], lines: readonly string[], range: LineRange, notBefore: number): LineRange {
  if (!isBalancedUnit(linked)) return range;
  const end = unitEnd(lines, range.start, Math.max(4 * (range.end - range.start + 1), linked.length * 4) + 50);
  return end !== undefined && end >= notBefore ? { start: range.start, end } : range;
}
