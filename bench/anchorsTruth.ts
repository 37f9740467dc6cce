// The benchmark's independent view of code: the TypeScript compiler's navigation tree (what
// VS Code's TypeScript symbol provider reports as document symbols) and an exact LCS line
// alignment inside one function. Nothing here is used by the extension.
import * as ts from 'typescript';
import type { SymbolNode } from '../src/core/anchors';
import type { LineRange } from '../src/core/model';

/** A node of the navigation tree as the benchmark reads it. */
export interface NavSymbol {
  name: string;
  kind: string;
  lines: LineRange;
  /** Symbol path as "Link Symbol at Cursor" builds it: ancestors' names and this one, parameter lists dropped. */
  path: string;
  children: NavSymbol[];
}

/** The kinds "Link Symbol at Cursor" links (function, method, constructor, class, interface, enum). */
export const LINKABLE = new Set(['function', 'local function', 'method', 'constructor', 'class', 'local class', 'interface', 'enum']);
export const FUNCTIONS = new Set(['function', 'local function', 'method', 'constructor']);

const files = new Map<string, string>();
const service = ts.createLanguageService({
  getScriptFileNames: () => [...files.keys()],
  getScriptVersion: () => String(version),
  getScriptSnapshot: (name) => (files.has(name) ? ts.ScriptSnapshot.fromString(files.get(name) as string) : undefined),
  getCurrentDirectory: () => '/',
  getCompilationSettings: () => ({ allowJs: true, noResolve: true, noLib: true, jsx: ts.JsxEmit.Preserve }),
  getDefaultLibFileName: () => '/lib.d.ts',
  fileExists: (name) => files.has(name),
  readFile: (name) => files.get(name),
}, undefined, ts.LanguageServiceMode.Syntactic);
let version = 0;

/** The navigation tree of `text` (named like `path`, which decides TS, TSX or JS), as VS Code filters it. */
export function navigationSymbols(path: string, text: string): NavSymbol[] {
  const name = `/${path.replace(/\.(mjs|cjs)$/, '.js')}`;
  files.clear();
  files.set(name, text);
  version++;
  const tree = service.getNavigationTree(name);
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, false);
  const lineOf = (position: number): number => source.getLineAndCharacterOfPosition(position).line + 1;
  const convert = (item: ts.NavigationTree, parents: readonly string[]): NavSymbol[] => {
    // VS Code's TypeScript symbol provider drops aliases, and <function>/<class> entries with no children.
    const anonymous = item.text === '<function>' || item.text === '<class>';
    if (item.kind === 'alias' || ((anonymous || !item.text) && !item.childItems?.length)) return [];
    const span = item.spans[0];
    const path = [...parents, item.text.replace(/\(.*\)$/, '')];
    return [{
      name: item.text,
      kind: item.kind,
      lines: { start: lineOf(span.start), end: lineOf(span.start + span.length) },
      path: path.join('.'),
      children: (item.childItems ?? []).flatMap((child) => convert(child, path)),
    }];
  };
  return (tree.childItems ?? []).flatMap((item) => convert(item, []));
}

/** The same tree as the anchors' SymbolNode (what the editor layer passes to resolveLink). */
export function toSymbolNodes(symbols: readonly NavSymbol[]): SymbolNode[] {
  return symbols.map((s) => ({ name: s.name, startLine: s.lines.start, endLine: s.lines.end, children: toSymbolNodes(s.children) }));
}

/** Every symbol, depth first. */
export function flatten(symbols: readonly NavSymbol[]): NavSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children)]);
}

/** Symbols by `pathKey` of their path; a path held by several symbols maps to all of them. */
export function byPath(symbols: readonly NavSymbol[]): Map<string, NavSymbol[]> {
  const map = new Map<string, NavSymbol[]>();
  for (const s of flatten(symbols)) map.set(pathKey(s.path), [...(map.get(pathKey(s.path)) ?? []), s]);
  return map;
}

/**
 * A symbol path with its quotes made alike: `describe("x") callback` is `describe('x')
 * callback` after a formatter changed the quote style, the same code under the same name.
 */
export function pathKey(path: string): string {
  return path.replace(/["`]/g, "'");
}

/** Exact LCS alignment of two short runs of lines (trimmed): for each line of `a`, its index in `b` or -1. */
export function lcsAlignment(a: readonly string[], b: readonly string[]): Int32Array {
  const n = a.length;
  const m = b.length;
  const x = a.map((line) => line.trim().replace(/\s+/g, ' '));
  const y = b.map((line) => line.trim().replace(/\s+/g, ' '));
  const width = m + 1;
  const table = new Int32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[i * width + j] = x[i] === y[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const map = new Int32Array(n).fill(-1);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (x[i] === y[j]) map[i++] = j++;
    else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i++;
    else j++;
  }
  return map;
}
