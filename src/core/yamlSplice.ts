// Lossless edits to YAML text: the parsed Document (with its source ranges) says where a value,
// a pair or a list item stands, and the edit replaces exactly those characters. Nothing is
// re-rendered, so every other byte (comments and their alignment, quoting, blank lines, flow
// spacing, BOM, CRLF) stays as the author wrote it.
import { Document, isCollection, isMap, type Node, type Pair, type Scalar, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';

/** Replace text[start, end) with `text`. Splices of one edit never overlap. */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

export function applySplices(text: string, splices: readonly Splice[]): string {
  let result = text;
  for (const { start, end, text: insert } of [...splices].sort((a, b) => b.start - a.start)) {
    result = result.slice(0, start) + insert + result.slice(end);
  }
  return result;
}

/** The file's own line ending. */
export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Where the line holding `pos` starts. */
export function lineStartOf(text: string, pos: number): number {
  return text.lastIndexOf('\n', pos - 1) + 1;
}

/** The start of the line after the one `pos` ends on (`pos` itself when a line break is just before it). */
export function nextLineStart(text: string, pos: number): number {
  if (pos > 0 && text[pos - 1] === '\n') return pos;
  const nl = text.indexOf('\n', pos);
  return nl < 0 ? text.length : nl + 1;
}

/** The 0-based column of `pos` within its line. */
export function columnOf(text: string, pos: number): number {
  return pos - lineStartOf(text, pos);
}

/** Where a node's own text ends (for a block collection: its last item's), trailing comment and line break included. */
export function endOf(node: Node | null | undefined, fallback: number): number {
  if (!node) return fallback;
  if (isCollection(node) && !node.flow && node.items.length > 0) {
    const last = node.items.at(-1);
    if (isMap(node)) {
      const pair = last as Pair<Node, Node | null>;
      return endOf(pair.value, pair.key?.range?.[2] ?? fallback);
    }
    return endOf(last as Node, fallback);
  }
  return node.range?.[2] ?? fallback;
}

/** Text inserted at `pos` as whole lines: a line break first when `pos` is the end of a last line without one. */
export function asLines(text: string, pos: number, lines: string, eol: string): Splice {
  const needsBreak = pos === text.length && text.length > 0 && !text.endsWith('\n');
  return { start: pos, end: pos, text: (needsBreak ? eol : '') + lines };
}

/** Splices that replace a scalar's value, keeping its quoting style where that can hold the new value. */
export function replaceScalar(text: string, node: Scalar, source: string): Splice {
  const [start, valueEnd] = node.range ?? [0, 0];
  const old = text.slice(start, valueEnd);
  // A block scalar's range holds its final line break: keep one.
  const keepBreak = /\r?\n$/.exec(old)?.[0] ?? '';
  return { start, end: valueEnd, text: source + keepBreak };
}

/**
 * Adds `key: <value>` to a mapping, after the pair `after` (or first when undefined).
 * `value` is the text after `key:` (` 12` for a scalar, `\n  - …` for a block list).
 */
export function insertPair(text: string, map: YAMLMap, after: Pair | undefined, key: string, value: string): Splice {
  const eol = eolOf(text);
  const first = map.items[0]?.key as Node | undefined;
  if (map.flow) {
    const entry = `${key}:${value}`;
    if (!after) {
      const at = first?.range?.[0] ?? (map.range?.[0] ?? 0) + 1;
      return { start: at, end: at, text: first ? `${entry}, ` : ` ${entry} ` };
    }
    const at = (after.value as Node | null)?.range?.[1] ?? (after.key as Node).range?.[1] ?? 0;
    return { start: at, end: at, text: `, ${entry}` };
  }
  const start = (first?.range?.[0] ?? map.range?.[0]) ?? 0;
  const indent = ' '.repeat(columnOf(text, start));
  if (!after) {
    // Before the first key: on its line, in its place (top-level maps only; a list item's first key is never moved).
    return { start, end: start, text: `${key}:${value}${eol}${lineStartOf(text, start) === start ? '' : indent}` };
  }
  const at = nextLineStart(text, endOf(after.value as Node | null, (after.key as Node).range?.[2] ?? 0));
  return asLines(text, at, `${indent}${key}:${value}${eol}`, eol);
}

/** Removes the pair from its mapping, with its own line(s) in a block mapping. */
export function removePair(text: string, map: YAMLMap, pair: Pair): Splice {
  const index = map.items.indexOf(pair);
  const key = pair.key as Node;
  const keyStart = key.range?.[0] ?? 0;
  const next = map.items[index + 1]?.key as Node | undefined;
  if (map.flow) {
    if (next) return { start: keyStart, end: next.range?.[0] ?? keyStart, text: '' };
    const previous = map.items[index - 1];
    const end = (pair.value as Node | null)?.range?.[1] ?? key.range?.[1] ?? keyStart;
    const start = previous ? ((previous.value as Node | null)?.range?.[1] ?? (previous.key as Node).range?.[1] ?? keyStart) : keyStart;
    return { start, end, text: '' };
  }
  const valueEnd = endOf(pair.value as Node | null, key.range?.[2] ?? keyStart);
  const lineStart = lineStartOf(text, keyStart);
  if (/^[ \t]*$/.test(text.slice(lineStart, keyStart))) return { start: lineStart, end: nextLineStart(text, valueEnd), text: '' };
  // The key shares its line with a list item's `- `: the next key moves up onto it.
  return { start: keyStart, end: next?.range?.[0] ?? nextLineStart(text, valueEnd), text: '' };
}

/**
 * Appends rendered entries to a list. Block lists get `block` (whole lines, unindented, ending
 * in a line break) indented like the list's items; flow lists get `flow` before the closing bracket.
 */
export function appendItem(text: string, seq: YAMLSeq, block: string, flow: string, indentUnit: number, ownerKey: Node): Splice[] {
  const eol = eolOf(text);
  const [start, valueEnd] = seq.range ?? [0, 0];
  const last = seq.items.at(-1) as Node | undefined;
  if (seq.flow && last) {
    const at = last.range?.[1] ?? valueEnd;
    return [{ start: at, end: at, text: `, ${flow}` }];
  }
  if (seq.flow) {
    // `notes: []` grows into a block list: the brackets go, a trailing comment stays on its line.
    const spaceBefore = /[ \t]*$/.exec(text.slice(0, start))?.[0].length ?? 0;
    const column = columnOf(text, ownerKey.range?.[0] ?? 0) + indentUnit;
    return [{ start: start - spaceBefore, end: valueEnd, text: '' }, asLines(text, nextLineStart(text, valueEnd), indentLines(block, column, eol), eol)];
  }
  const column = columnOf(text, start);
  const lastLine = lineStartOf(text, last?.range?.[0] ?? start);
  const previous = seq.items.at(-2) as Node | undefined;
  // A list whose items are spaced by blank lines gets its new item spaced too.
  const spaced = previous !== undefined && /\n[ \t]*\r?\n[ \t]*$/.test(text.slice(endOf(previous, 0) - 1, lastLine));
  const at = nextLineStart(text, endOf(last, valueEnd));
  return [asLines(text, at, (spaced ? eol : '') + indentLines(block, column, eol), eol)];
}

/** Removes one item from a list; the last item of a block list leaves `key: []`, so the field stays a list. */
export function removeItem(text: string, seq: YAMLSeq, index: number, ownerKey: Node): Splice[] {
  const item = seq.items[index] as Node;
  const [itemStart, itemEnd] = item.range ?? [0, 0];
  const next = seq.items[index + 1] as Node | undefined;
  const previous = seq.items[index - 1] as Node | undefined;
  if (seq.flow) {
    if (next) return [{ start: itemStart, end: next.range?.[0] ?? itemEnd, text: '' }];
    if (previous) return [{ start: previous.range?.[1] ?? itemStart, end: itemEnd, text: '' }];
    return [{ start: itemStart, end: itemEnd, text: '' }];
  }
  const start = lineStartOf(text, itemStart);
  const end = next ? lineStartOf(text, next.range?.[0] ?? itemEnd) : nextLineStart(text, endOf(item, itemEnd));
  const splices: Splice[] = [{ start, end, text: '' }];
  if (seq.items.length === 1) {
    const colon = text.indexOf(':', ownerKey.range?.[1] ?? 0);
    splices.push({ start: colon + 1, end: colon + 1, text: ' []' });
  }
  return splices;
}

/** Each non-empty line of `lines` indented by `column` spaces, with the file's line ending. */
function indentLines(lines: string, column: number, eol: string): string {
  const pad = ' '.repeat(column);
  return lines.replace(/\r?\n/g, '\n').split('\n').map((line) => (line === '' ? line : pad + line)).join('\n').replace(/\n/g, eol);
}

/** A Document rendering of a new value for insertion, in the file's own style (see styleOf), never folded. */
export function render(value: Node, style: ToStringOptions, flow: boolean): string {
  const doc = new Document(value);
  if (isCollection(doc.contents)) doc.contents.flow = flow;
  const text = doc.toString({ ...style, lineWidth: 0 });
  return flow ? text.trimEnd() : text;
}
