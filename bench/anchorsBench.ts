// The anchors benchmark on a real history: links made at commit A the way the palette
// commands make them (symbol links, and 5-15 line selections inside functions), resolved at
// a later commit B by each method, and judged against truth built independently (the
// TypeScript navigation tree at B for symbols; an exact LCS alignment inside the enclosing
// function for selections). Only files that changed between A and B are linked.
import { execFileSync } from 'node:child_process';
import { createLink, resolveLink, splitLines, type LinkSource, type Resolution } from '../src/core/anchors';
import { cachedSource } from '../src/core/anchors/cachedSource';
import { alignLines } from '../src/core/anchors/lineDiff';
import type { LineRange, Link } from '../src/core/model';
import { cpuStopwatch } from './threadCpu';
import { byPath, FUNCTIONS, flatten, lcsAlignment, LINKABLE, navigationSymbols, pathKey, toSymbolNodes, type NavSymbol } from './anchorsTruth';

export const METHODS = ['ours, with symbols', 'ours, without symbols', 'ours, with symbols, no commit', 'ours, no symbols, no commit', 'git diff replay', 'stored line numbers'] as const;
export type Method = (typeof METHODS)[number];
export type Verdict = 'right' | 'wrong' | 'stale';

export interface BenchOptions {
  /** Commit pairs per repository. */
  pairs: number;
  /** Changed files linked per pair, at most. */
  filesPerPair: number;
  seed: number;
  /** A-to-B distance: at least this many days and commits, at most these. */
  minDays: number;
  maxDays: number;
  minCommits: number;
  maxCommits: number;
}

export const DEFAULT_OPTIONS: BenchOptions = { pairs: 3, filesPerPair: 60, seed: 11, minDays: 180, maxDays: 730, minCommits: 50, maxCommits: 1000 };

type Truth = { kind: 'there'; path: string; lines: LineRange; lead: number; trail: number } | { kind: 'gone' };

export interface CaseResult {
  repo: string;
  kind: 'symbol' | 'selection';
  verdicts: Record<Method, Verdict>;
  /** Microseconds per resolveLink, files already in memory, for the two "ours" methods with commit. */
  micros: { withSymbols: number; withoutSymbols: number };
}

export interface RepoResult {
  repo: string;
  pairs: { a: string; b: string; days: number; commits: number }[];
  cases: CaseResult[];
  excluded: Record<string, number>;
}

const CODE = /\.(ts|tsx|js|jsx|mjs|cjs)$/;
const CLASSES = new Set(['class', 'local class']);
const SKIP = /(^|\/)(node_modules|dist|out|build|coverage|vendor)\/|\.d\.ts$|\.min\.js$/;
const MAX_FILE = 200_000;

/** Runs the benchmark on one git directory (bare or not). */
export async function benchRepo(gitDir: string, name: string, options: BenchOptions = DEFAULT_OPTIONS): Promise<RepoResult> {
  const git = gitRunner(gitDir);
  const random = mulberry32(options.seed);
  const result: RepoResult = { repo: name, pairs: [], cases: [], excluded: {} };
  const exclude = (why: string): void => {
    result.excluded[why] = (result.excluded[why] ?? 0) + 1;
  };
  for (const pair of choosePairs(git, options)) {
    result.pairs.push(pair);
    const { a, b } = pair;
    const renames = new Map<string, string>();
    const changed: { from: string; to?: string }[] = [];
    for (const line of git(['diff', '--name-status', '-M', a, b]).split('\n')) {
      const [status, from, to] = line.split('\t');
      if (!status || !from || !CODE.test(from) || SKIP.test(from)) continue;
      if (status.startsWith('R') && to) {
        renames.set(from, to);
        changed.push({ from, to });
      } else if (status === 'M') changed.push({ from, to: from });
      else if (status === 'D') changed.push({ from });
    }
    shuffle(changed, random);
    const textAt = cachedTexts(git);
    const context: Context = { git, textAt, a, b, renames, sources: new Map() };
    for (const file of changed.slice(0, options.filesPerPair)) {
      const before = textAt(a, file.from);
      if (before === undefined || before.length > MAX_FILE) continue;
      const after = file.to ? textAt(b, file.to) : undefined;
      const links = makeLinks(file.from, before, a, random);
      const truths = links.map((made) => truthFor(made, before, file.to, after, exclude));
      for (let i = 0; i < links.length; i++) {
        const truth = truths[i];
        if (!truth) continue;
        const outcome = await judge(links[i], truth, context);
        result.cases.push({ repo: name, kind: links[i].kind, ...outcome });
      }
    }
  }
  return result;
}

interface Made {
  kind: 'symbol' | 'selection';
  link: Link;
  /** The symbol linked, or the function a selection is inside. */
  symbol: NavSymbol;
}

/** Up to 4 symbol links and 3 selections per file, as "Link Symbol" and "Link Selection" store them at A. */
function makeLinks(path: string, text: string, commit: string, random: () => number): Made[] {
  let symbols: NavSymbol[];
  try {
    symbols = navigationSymbols(path, text);
  } catch {
    return [];
  }
  const paths = byPath(symbols);
  const unique = flatten(symbols).filter((s) => paths.get(pathKey(s.path))?.length === 1);
  const file = { path, lines: splitLines(text) };
  const made: Made[] = [];
  for (const symbol of pick(unique.filter((s) => LINKABLE.has(s.kind)), 4, random)) {
    made.push({ kind: 'symbol', symbol, link: { ...createLink(file, symbol.lines, { symbol: symbol.path, commit }), role: 'root-cause' } });
  }
  for (const fn of pick(unique.filter((s) => FUNCTIONS.has(s.kind) && s.lines.end - s.lines.start - 1 >= 5), 3, random)) {
    const bodyStart = fn.lines.start + 1;
    const bodyEnd = fn.lines.end - 1;
    const length = Math.min(5 + Math.floor(random() * 11), bodyEnd - bodyStart + 1);
    const start = bodyStart + Math.floor(random() * (bodyEnd - bodyStart + 2 - length));
    const lines = { start, end: start + length - 1 };
    made.push({ kind: 'selection', symbol: fn, link: { ...createLink(file, lines, { commit }), role: 'trigger' } });
  }
  return made;
}

/** Where the linked code truly is at B, or that it is gone; undefined when truth is ambiguous. */
function truthFor(made: Made, before: string, to: string | undefined, after: string | undefined, exclude: (why: string) => void): Truth | undefined {
  if (!to || after === undefined) return { kind: 'gone' };
  let symbolsAfter: NavSymbol[];
  try {
    symbolsAfter = navigationSymbols(to, after);
  } catch {
    exclude('file does not parse at B');
    return undefined;
  }
  const there = byPath(symbolsAfter).get(pathKey(made.symbol.path)) ?? [];
  if (there.length > 1) {
    exclude('symbol path not unique at B');
    return undefined;
  }
  const beforeLines = splitLines(before);
  const afterLines = splitLines(after);
  if (there.length === 0) {
    // Renamed or restructured code is neither clearly gone nor clearly there: left out.
    // (alignLines leaves blank lines unpaired, so only non-blank lines are counted.)
    const range = made.symbol.lines;
    const linked = beforeLines.slice(range.start - 1, range.end);
    const map = alignLines(linked, afterLines);
    const nonBlank = linked.filter((line) => line.trim() !== '').length;
    if (map.filter((j) => j >= 0).length >= 0.5 * nonBlank) {
      exclude('symbol renamed or restructured');
      return undefined;
    }
    return { kind: 'gone' };
  }
  // A function turned into a class (its body now the constructor), or a function whose name now
  // names a one-line alias (its body moved to a function of another name): the name and the
  // code went separate ways, so neither place is clearly right. Left out.
  const alias = there[0].lines.start === there[0].lines.end && made.symbol.lines.end > made.symbol.lines.start && !FUNCTIONS.has(there[0].kind);
  if (isClass(made.symbol, beforeLines) !== isClass(there[0], afterLines) || alias) {
    exclude('symbol became a class, or an alias');
    return undefined;
  }
  const now = there[0].lines;
  if (made.kind === 'symbol') return { kind: 'there', path: to, lines: now, lead: 1, trail: 1 };
  const fn = made.symbol.lines;
  if ((fn.end - fn.start) * (now.end - now.start) > 4_000_000) {
    exclude('function too large for the exact alignment');
    return undefined;
  }
  const map = lcsAlignment(beforeLines.slice(fn.start - 1, fn.end), afterLines.slice(now.start - 1, now.end));
  const sel = made.link.lines as LineRange;
  const kept: number[] = [];
  let nonBlank = 0;
  for (let line = sel.start; line <= sel.end; line++) {
    if (beforeLines[line - 1].trim() === '') continue;
    nonBlank++;
    if (map[line - fn.start] >= 0) kept.push(line);
  }
  if (kept.length < Math.max(1, nonBlank / 2)) {
    exclude('selection mostly rewritten');
    return undefined;
  }
  const first = kept[0];
  const last = kept[kept.length - 1];
  return {
    kind: 'there',
    path: to,
    lines: { start: now.start + map[first - fn.start], end: now.start + map[last - fn.start] },
    lead: first - sel.start + 1,
    trail: sel.end - last + 1,
  };
}

/**
 * Whether a symbol is a class. The navigation tree calls a JavaScript constructor function
 * with prototype assignments a class too; its declaration line says `function`, so it is not.
 */
function isClass(symbol: NavSymbol, lines: readonly string[]): boolean {
  return CLASSES.has(symbol.kind) && /\bclass\b/.test(lines[symbol.lines.start - 1] ?? '');
}

interface Context {
  git: (args: string[]) => string;
  textAt: (commit: string, path: string) => string | undefined;
  a: string;
  b: string;
  renames: ReadonlyMap<string, string>;
  sources: Map<Method, LinkSource>;
}

async function judge(made: Made, truth: Truth, context: Context): Promise<Omit<CaseResult, 'repo' | 'kind'>> {
  const verdicts = {} as Record<Method, Verdict>;
  const micros = { withSymbols: 0, withoutSymbols: 0 };
  for (const method of METHODS) {
    const { found, micros: elapsed } = await resolveBy(method, made.link, context);
    if (method === 'ours, with symbols') micros.withSymbols = elapsed;
    if (method === 'ours, without symbols') micros.withoutSymbols = elapsed;
    verdicts[method] = verdictOf(made.kind, found, truth);
    const debug = process.env.ANCHORS_DEBUG;
    if (debug && method.startsWith(debug) && (verdicts[method] !== 'right' || elapsed > 10_000)) {
      console.error(JSON.stringify({ method, verdict: verdicts[method], micros: Math.round(elapsed), a: context.a, b: context.b, kind: made.kind, link: made.link, truth, found }));
    }
  }
  return { verdicts, micros };
}

type Found = { path: string; lines: LineRange } | undefined;

function verdictOf(kind: Made['kind'], found: Found, truth: Truth): Verdict {
  if (truth.kind === 'gone') return found ? 'wrong' : 'right';
  if (!found) return 'stale';
  if (found.path !== truth.path) return 'wrong';
  const { start, end } = found.lines;
  const t = truth.lines;
  if (kind === 'symbol') return Math.abs(start - t.start) <= 1 && Math.abs(end - t.end) <= 1 ? 'right' : 'wrong';
  // A selection must hold every surviving line, and may reach past them only over its own edited or blank edge lines.
  return start <= t.start && start >= t.start - truth.lead && end >= t.end && end <= t.end + truth.trail ? 'right' : 'wrong';
}

// Each "ours" method has its own source for the pair (files split afresh, so none reuses
// another's cached alignments); within a method, links into one file share its reads, as
// the editor's links into one document do.
async function resolveBy(method: Method, link: Link, context: Context): Promise<{ found: Found; micros: number }> {
  const { b, textAt } = context;
  const path = link.path;
  if (method === 'stored line numbers') {
    const text = textAt(b, path);
    const lines = link.lines as LineRange;
    return { found: text !== undefined && lines.end <= splitLines(text).length ? { path, lines } : undefined, micros: 0 };
  }
  if (method === 'git diff replay') return { found: gitDiffReplay(link, context), micros: 0 };
  const source = sourceFor(method, context);
  // Files read before the clock starts: the target is resolution, not git or parsing.
  await source.read(path);
  await source.readAt?.(link.commit as string, path);
  const renamed = context.renames.get(path);
  if (renamed) await source.read(renamed);
  // This thread's CPU time, not wall time (on a shared machine other processes inflate the
  // clock) nor the process's (V8's background threads, compiling the TypeScript compiler the
  // truth is built with, or collecting garbage concurrently, would be charged to the link).
  const elapsed = cpuStopwatch();
  const resolution: Resolution = await resolveLink(link, source);
  const micros = elapsed() * 1000;
  if (resolution.kind === 'stale' || resolution.how === 'file') return { found: undefined, micros };
  return { found: { path: resolution.path, lines: resolution.lines }, micros };
}

function sourceFor(method: Method, context: Context): LinkSource {
  let source = context.sources.get(method);
  if (source) return source;
  const { a, b, renames, textAt } = context;
  const withSymbols = method === 'ours, with symbols' || method === 'ours, with symbols, no commit';
  const withCommit = method === 'ours, with symbols' || method === 'ours, without symbols';
  source = cachedSource({
    read: async (p) => {
      const text = textAt(b, p);
      if (text === undefined) return undefined;
      return { path: p, lines: splitLines(text), ...(withSymbols ? { symbols: symbolNodesAt(p, text) } : {}) };
    },
    ...(withCommit ? { readAt: async (commit: string, p: string) => (commit === a ? textAt(a, p) : undefined) } : {}),
    renamesSince: async () => renames,
  });
  context.sources.set(method, source);
  return source;
}

const symbolCache = new Map<string, ReturnType<typeof toSymbolNodes>>();
function symbolNodesAt(path: string, text: string): ReturnType<typeof toSymbolNodes> {
  const key = `${path}\0${text.length}\0${text.slice(0, 200)}`;
  let nodes = symbolCache.get(key);
  if (!nodes) {
    if (symbolCache.size > 200) symbolCache.clear();
    try {
      nodes = toSymbolNodes(navigationSymbols(path, text));
    } catch {
      nodes = [];
    }
    symbolCache.set(key, nodes);
  }
  return nodes;
}

/**
 * What CodeStream and Datadog's "Code Delta" do: replay `git diff -U0` hunks from A to B on
 * the stored start and end (following git's rename detection). A line inside a changed hunk
 * goes to that hunk's new start (or end); a range whose lines were all deleted is stale.
 */
function gitDiffReplay(link: Link, context: Context): Found {
  const { git, a, b, renames, textAt } = context;
  const to = renames.get(link.path) ?? link.path;
  if (textAt(b, to) === undefined) return undefined;
  const hunks = git(['diff', '-U0', '--no-color', `${a}:${link.path}`, `${b}:${to}`])
    .split('\n')
    .flatMap((line) => {
      const h = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      return h ? [{ oldStart: Number(h[1]), oldCount: h[2] === undefined ? 1 : Number(h[2]), newStart: Number(h[3]), newCount: h[4] === undefined ? 1 : Number(h[4]) }] : [];
    });
  const map = (line: number, edge: 'start' | 'end'): number | undefined => {
    let offset = 0;
    for (const h of hunks) {
      const oldFirst = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
      const oldLast = oldFirst + h.oldCount - 1;
      if (h.oldCount > 0 && line >= oldFirst && line <= oldLast) {
        if (h.newCount === 0) return undefined;
        return edge === 'start' ? h.newStart : h.newStart + h.newCount - 1;
      }
      if (oldLast < line) offset += h.newCount - h.oldCount;
    }
    return line + offset;
  };
  const lines = link.lines as LineRange;
  const start = map(lines.start, 'start') ?? map(lines.start, 'end');
  const end = map(lines.end, 'end') ?? map(lines.end, 'start');
  if (start === undefined || end === undefined || end < start) return undefined;
  return { path: to, lines: { start, end } };
}

/** Pairs (A, B) along the first-parent history: B spread over the history, A 6 months to 2 years and 50 to 1,000 commits before. */
function choosePairs(git: (args: string[]) => string, options: BenchOptions): RepoResult['pairs'] {
  const commits = git(['rev-list', '--first-parent', '--format=%ct', 'HEAD'])
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('commit '))
    .map(Number);
  const ids = git(['rev-list', '--first-parent', 'HEAD']).split('\n').filter(Boolean);
  const pairs: RepoResult['pairs'] = [];
  const day = 86_400;
  for (let bIndex = 0; bIndex < ids.length && pairs.length < options.pairs;) {
    let aIndex = bIndex + options.minCommits;
    while (aIndex < ids.length && commits[bIndex] - commits[aIndex] < options.minDays * day && aIndex - bIndex < options.maxCommits) aIndex++;
    if (aIndex >= ids.length) break;
    const days = (commits[bIndex] - commits[aIndex]) / day;
    if (days >= options.minDays && days <= options.maxDays) {
      pairs.push({ a: ids[aIndex], b: ids[bIndex], days: Math.round(days), commits: aIndex - bIndex });
      bIndex = aIndex;
    } else {
      bIndex += Math.max(1, Math.floor(options.minCommits / 2));
    }
  }
  return pairs;
}

function gitRunner(gitDir: string): (args: string[]) => string {
  return (args) => {
    try {
      return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return '';
    }
  };
}

function cachedTexts(git: (args: string[]) => string): (commit: string, path: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  return (commit, path) => {
    const key = `${commit}:${path}`;
    if (!cache.has(key)) {
      const exists = git(['cat-file', '-t', key]).trim() === 'blob';
      cache.set(key, exists ? git(['show', key]) : undefined);
    }
    return cache.get(key);
  };
}

function pick<T>(items: readonly T[], count: number, random: () => number): T[] {
  const copy = [...items];
  shuffle(copy, random);
  return copy.slice(0, count);
}

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/** A small seeded generator, so a run can be repeated link for link. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Right / silently wrong / stale-but-there per method, as shares of the cases. */
export function tabulate(cases: readonly CaseResult[]): { method: Method; right: number; wrong: number; staleThere: number; n: number }[] {
  return METHODS.map((method) => {
    const n = cases.length || 1;
    const count = (v: Verdict): number => cases.filter((c) => c.verdicts[method] === v).length;
    return { method, right: count('right') / n, wrong: count('wrong') / n, staleThere: count('stale') / n, n: cases.length };
  });
}
