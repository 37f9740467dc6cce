// Turning YAML parse errors and schema errors into Problems at exact positions.
import { isMap, isNode, isPair, isScalar, type Document, type LineCounter, type Node } from 'yaml';
import type { Problem } from './model';

type Range = readonly [number, number];

export function problemAt(lineCounter: LineCounter, range: Range, message: string, severity: Problem['severity'] = 'error'): Problem {
  const start = lineCounter.linePos(range[0]);
  const end = lineCounter.linePos(Math.max(range[1], range[0]));
  return { message, severity, line: start.line, column: start.col, endLine: end.line, endColumn: end.col };
}

/** The node at a JSON-pointer-like path, or the deepest ancestor that exists. */
export function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node)) return node;
  }
  return isNode(doc.contents) ? doc.contents : undefined;
}

/** The key of `key` inside the map at `path`, to point an "unknown field" at its name. */
export function keyNodeAt(doc: Document, path: readonly (string | number)[], key: string): Node | undefined {
  const map = nodeAt(doc, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key);
  return pair && isNode(pair.key) ? pair.key : undefined;
}

export function rangeOf(node: Node | undefined): Range {
  const range = node?.range;
  return range ? [range[0], range[1]] : [0, 0];
}

/** `/links/0/role` as ['links', 0, 'role']. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** A yaml error message without its own "at line 2, column 8:" and code excerpt: the Problems panel shows where. */
export function yamlErrorMessage(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
