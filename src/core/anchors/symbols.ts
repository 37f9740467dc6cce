// Step 1 of resolution: find a link's symbol path (`PaymentService.charge`) in the
// file's symbol tree. The editor layer converts VS Code's DocumentSymbol into SymbolNode,
// so the core neither imports vscode nor cares which language produced the tree.
import type { LineRange } from '../model';

export interface SymbolNode {
  /** As the language reports it: `charge`, `charge(request)`, `Box<T>`, `(*Server).Handle`. */
  name: string;
  /** 1-based, inclusive, the whole declaration. */
  startLine: number;
  endLine: number;
  children: SymbolNode[];
}

/**
 * Language servers decorate names differently, and a link may have been written by hand,
 * so both sides are compared without a trailing parameter list or type parameters, and
 * with Go's receiver `(*Server).Handle` read as `Server.Handle`. A segment that is nothing but
 * `<...>` (`<function>`, `<unknown>`, `<class>`: what TypeScript reports for anonymous code)
 * is kept as it is, so such symbols can be found again.
 */
export function symbolSegments(name: string): string[] {
  const bare = name
    .trim()
    .replace(/^\(\s*\*?\s*([\w$]+)\s*\)\s*\./, '$1.')
    .replace(/\s*\(.*\)\s*$/, '')
    .replace(/([\w$\]])\s*<.*>\s*$/, '$1');
  return bare.split('.').map((segment) => segment.trim()).filter((segment) => segment !== '');
}

/**
 * The range of the symbol at `path`. A node's own name may hold dots (C# namespaces,
 * Go receivers), so a node matches when its segments are a prefix of what is left of the
 * path. Overloads give several matches: the one nearest `near` (the stored start) wins.
 */
export function findSymbol(symbols: readonly SymbolNode[], path: string, near: number): LineRange | undefined {
  return nearestRange(findSymbolRanges(symbols, path), near);
}

/** Every range whose symbol path is `path` (overloads, or several `<function>` callbacks), in tree order. */
export function findSymbolRanges(symbols: readonly SymbolNode[], path: string): LineRange[] {
  const wanted = symbolSegments(path);
  if (wanted.length === 0) return [];
  return (treeIndex(symbols).byPath.get(pathKey(wanted)) ?? []).map((node) => ({ start: node.startLine, end: node.endLine }));
}

/** The range starting nearest `near`; the first on a tie. */
export function nearestRange(ranges: readonly LineRange[], near: number): LineRange | undefined {
  return ranges.reduce<LineRange | undefined>((best, range) => (best && Math.abs(best.start - near) <= Math.abs(range.start - near) ? best : range), undefined);
}

/**
 * Two segments name the same symbol if they are equal once quotes are (`describe('x')
 * callback` and `describe("x") callback`: code reformatted to another quote style), so a
 * path's key reads every quote as `'`.
 */
function pathKey(segments: readonly string[]): string {
  return segments.map((segment) => segment.replace(/["`]/g, "'")).join('\0');
}

/**
 * One walk of a symbol tree, remembered per tree (the editor and the benchmark pass one
 * array per file version, shared by every link into the file): each node's symbol path as
 * `byPath` keys, in tree order, and every node with its path for `symbolPathCovering`. A
 * node's own name may hold dots (C# namespaces, Go receivers): its path is its ancestors'
 * segments and its own. A node whose name yields no segment is not a step of any path, so
 * neither it nor what is under it can be found by path (it still covers lines). Without
 * this, each link paid a regular-expression pass over the whole tree: thousands of links
 * into a big class cost links x nodes.
 */
interface TreeIndex {
  byPath: Map<string, SymbolNode[]>;
  nodes: { node: SymbolNode; path: string }[];
}

const indexes = new WeakMap<readonly SymbolNode[], TreeIndex>();

function treeIndex(symbols: readonly SymbolNode[]): TreeIndex {
  let index = indexes.get(symbols);
  if (index) return index;
  index = { byPath: new Map(), nodes: [] };
  const { byPath, nodes: all } = index;
  const visit = (nodes: readonly SymbolNode[], parents: readonly string[], findable: boolean): void => {
    for (const node of nodes) {
      const own = symbolSegments(node.name);
      const path = [...parents, ...own];
      all.push({ node, path: path.join('.') });
      const found = findable && own.length > 0;
      if (found) {
        const key = pathKey(path);
        const same = byPath.get(key);
        if (same) same.push(node);
        else byPath.set(key, [node]);
      }
      visit(node.children, path, found);
    }
  };
  visit(symbols, [], true);
  indexes.set(symbols, index);
  return index;
}

/**
 * The symbol path that now best covers `range`, to suggest when a link's symbol was
 * renamed but its code was found by text. "Best" is the largest overlap relative to the
 * union of the two line spans; below 0.8 the code is not really that symbol any more.
 */
export function symbolPathCovering(symbols: readonly SymbolNode[], range: LineRange): string | undefined {
  let best: { path: string; overlap: number } | undefined;
  for (const { node, path } of treeIndex(symbols).nodes) {
    const overlap = lineOverlap({ start: node.startLine, end: node.endLine }, range);
    // `>=` so that a child spanning exactly what its parent spans (a class with one method) is preferred.
    if (overlap >= 0.8 && (!best || overlap >= best.overlap)) best = { path, overlap };
  }
  return best?.path;
}

function lineOverlap(a: LineRange, b: LineRange): number {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start) + 1;
  if (shared <= 0) return 0;
  return shared / (Math.max(a.end, b.end) - Math.min(a.start, b.start) + 1);
}
