// Where a block of bracketed code ends: a linked function or class is one balanced unit
// (its brackets open on the first line and close on the last), and the same code now ends
// where its brackets balance again. Git's alignment can pair a closing `});` with one far
// below (repetitive tests) or stop short of lines added at the end; this corrects the end.
//
// Brackets are counted in code only: strings, template literals, regular expression
// literals and comments (a JSDoc block full of `[links](...)` and apostrophes) are skipped,
// with block comments and template literals carried from one line to the next. The rules
// are the C family's (JavaScript, TypeScript, Java, C#, Go, Rust, ...); in other languages
// a unit may not balance, and the caller then keeps the range git gave.
import type { LineRange } from '../model';

/** What the previous line left open: nothing, a block comment, or a template literal. */
type Carry = 'code' | 'comment' | 'template';

/** A `/` after one of these characters (or at the start of a line, or after one of REGEX_WORDS) opens a regular expression. */
const BEFORE_REGEX = '(,=:[!&|?{};+-*%~^';
const REGEX_WORDS = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|void|yield|await)$/;

/** Whether a `/` at `at` opens a regular expression rather than dividing (looks back over spaces only: linear). */
function opensRegex(line: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (line[k] === ' ' || line[k] === '\t')) k--;
  if (k < 0 || BEFORE_REGEX.includes(line[k])) return true;
  return /[a-z]/.test(line[k]) && REGEX_WORDS.test(line.slice(Math.max(0, k - 7), k + 1));
}

/** Net bracket depth change of one line, and what it leaves open for the next. */
function scan(line: string, carry: Carry): { depth: number; carry: Carry } {
  let depth = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    if (carry === 'comment') {
      const close = line.indexOf('*/', i);
      if (close < 0) return { depth, carry };
      i = close + 2;
      carry = 'code';
      continue;
    }
    if (carry === 'template') {
      i = skipQuoted(line, i, '`');
      if (i > n) return { depth, carry };
      carry = 'code';
      continue;
    }
    const char = line[i];
    if (char === '/' && line[i + 1] === '/') break;
    if (char === '/' && line[i + 1] === '*') {
      carry = 'comment';
      i += 2;
    } else if (char === '"' || char === "'") {
      i = Math.min(n, skipQuoted(line, i + 1, char));
    } else if (char === '`') {
      carry = 'template';
      i++;
    } else if (char === '/' && opensRegex(line, i)) {
      i = skipRegex(line, i + 1);
    } else {
      if (char === '{' || char === '(' || char === '[') depth++;
      else if (char === '}' || char === ')' || char === ']') depth--;
      i++;
    }
  }
  return { depth, carry };
}

/** Index just past the closing `quote` from `from`, honouring backslashes; past the end (n + 1) if the line never closes it. */
function skipQuoted(line: string, from: number, quote: string): number {
  for (let i = from; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === quote) return i + 1;
  }
  return line.length + 1;
}

/** Index just past a regular expression literal's closing `/` (character classes may hold `/`); the line's end if none. */
function skipRegex(line: string, from: number): number {
  let inClass = false;
  for (let i = from; i < line.length; i++) {
    const char = line[i];
    if (char === '\\') i++;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) return i + 1;
  }
  return line.length;
}

/** Whether `lines` are one balanced unit: depth above zero after every line but the last, zero after it. */
export function isBalancedUnit(lines: readonly string[]): boolean {
  if (lines.length < 2) return false;
  let depth = 0;
  let carry: Carry = 'code';
  for (let i = 0; i < lines.length; i++) {
    const line = scan(lines[i], carry);
    depth += line.depth;
    carry = line.carry;
    if (depth < 0 || (depth === 0 && i < lines.length - 1)) return false;
  }
  return depth === 0 && carry === 'code';
}

/**
 * The line (1-based) where the unit opening at `start` closes in `lines`, scanning at most
 * `limit` lines; undefined if it never does or the depth goes negative first.
 */
export function unitEnd(lines: readonly string[], start: number, limit: number): number | undefined {
  let depth = 0;
  let carry: Carry = 'code';
  for (let line = start; line <= Math.min(lines.length, start + limit); line++) {
    const scanned = scan(lines[line - 1] ?? '', carry);
    depth += scanned.depth;
    carry = scanned.carry;
    if (depth < 0) return undefined;
    if (depth === 0 && carry === 'code') return line > start ? line : undefined;
  }
  return undefined;
}

/** Whether `lines` end by closing the block around them: depth never below zero until the last line, below zero after it. */
export function closesEnclosing(lines: readonly string[]): boolean {
  let depth = 0;
  let carry: Carry = 'code';
  for (let i = 0; i < lines.length; i++) {
    const line = scan(lines[i], carry);
    depth += line.depth;
    carry = line.carry;
    if (depth < 0) return i === lines.length - 1 && carry === 'code';
  }
  return false;
}

/** The line (1-based) where the block around the line `start` closes, scanning at most `limit` lines. */
function enclosingEnd(lines: readonly string[], start: number, limit: number): number | undefined {
  let depth = 0;
  let carry: Carry = 'code';
  for (let line = start; line <= Math.min(lines.length, start + limit); line++) {
    const scanned = scan(lines[line - 1] ?? '', carry);
    depth += scanned.depth;
    carry = scanned.carry;
    if (depth < 0) return line;
  }
  return undefined;
}

/**
 * `range` (which starts where the linked code starts now) with its end moved to where the
 * linked code's brackets say it ends: linked lines that were one unit (a function, a class,
 * a call with its callback) end where the unit opening at the range's start closes; linked
 * lines that ended by closing the block around them (the rest of a body and its `}`) end
 * where that block closes now. Unchanged for other text, or when the new end would fall
 * before `notBefore` (the last linked line known to stand there).
 */
export function balancedEnd(linked: readonly string[], lines: readonly string[], range: LineRange, notBefore: number): LineRange {
  const limit = Math.max(4 * (range.end - range.start + 1), linked.length * 4) + 50;
  let end: number | undefined;
  if (isBalancedUnit(linked)) end = unitEnd(lines, range.start, limit);
  else if (closesEnclosing(linked)) end = enclosingEnd(lines, range.start, limit);
  return end !== undefined && end >= notBefore ? { start: range.start, end } : range;
}
