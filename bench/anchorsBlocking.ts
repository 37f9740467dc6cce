// How long resolving links blocks the editor: the extension host resolves a document's links
// (lenses, hovers, gutter marks), an incident's links (the tree) and an incident file's links
// (Problems, Repair) through resolveInSlices (src/services/resolveLinks.ts). On generated
// worst cases, each case is run twice in this process: sliced as the editor runs it, and all
// at once (Promise.all over resolveLink, the floor it replaces); the longest synchronous
// stretch of each is read from an event-loop delay monitor (node:perf_hooks, 1 ms resolution:
// wall time, so a loaded machine adds the time the process waited for a core) and, for the
// sliced run, from the service's own slice timings.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createLink, resolveLink, type LinkSource, type SourceFile, type SymbolNode } from '../src/core/anchors';
import { cachedSource } from '../src/core/anchors/cachedSource';
import { fingerprint } from '../src/core/fingerprint';
import type { Link } from '../src/core/model';
import { resolveInSlices } from '../src/services/resolveLinks';
import { cpuStopwatch } from './threadCpu';

export interface BlockingCase {
  name: string;
  links: number;
  /** Longest synchronous stretch resolving in slices as the editor does. */
  sliced: Stretch;
  /** Longest slice as the service timed it (wall ms). */
  sliceMs: number;
  /** Longest synchronous stretch resolving all at once (Promise.all over resolveLink). */
  atOnce: Stretch;
}

/** A longest synchronous stretch: CPU ms this thread used between two turns of the event loop, and wall ms by the delay monitor. */
export interface Stretch {
  cpuMs: number;
  wallMs: number;
}

/**
 * The most CPU time this thread used between two consecutive turns of the event loop while
 * it ran (a timer re-armed every turn reads the thread's CPU clock, bench/threadCpu.ts): the
 * longest synchronous stretch as an idle machine would see it, whatever the machine's load
 * and whatever V8's background threads were doing meanwhile.
 */
function cpuProbe(): { stop(): number } {
  let since = cpuStopwatch();
  let longest = 0;
  let running = true;
  const turn = (): void => {
    longest = Math.max(longest, since());
    since = cpuStopwatch();
    if (running) timer = setTimeout(turn, 0);
  };
  let timer = setTimeout(turn, 0);
  return {
    stop: () => {
      running = false;
      clearTimeout(timer);
      turn();
      return longest;
    },
  };
}

/** A file of `count` functions, 8 lines each, named `${prefix}N`, with their symbols. */
function functions(prefix: string, count: number, variant: (i: number) => string[] = () => []): { lines: string[]; symbols: SymbolNode[] } {
  const lines: string[] = [];
  const symbols: SymbolNode[] = [];
  for (let i = 0; i < count; i++) {
    const start = lines.length + 1;
    lines.push(`export function ${prefix}${i}(input: Request${i % 13}): Result {`, `  const value = input.field${i} ?? defaults.get('${prefix}${i}');`, '  if (!value) {', `    throw new Error('missing ${prefix}${i}');`, '  }', ...variant(i), `  return compute${i % 29}(value, ${i});`, '}', '');
    symbols.push({ name: `${prefix}${i}`, startLine: start, endLine: lines.length - 1, children: [] });
  }
  return { lines, symbols };
}

interface Case {
  before: string[];
  now: SourceFile;
  links: Link[];
}

/**
 * The generated worst cases, each built only when measured (a case's files and links are
 * garbage by the next one, so no case's collections are paid while another is measured).
 */
function cases(): { name: string; make: () => Case }[] {
  const path = 'src/generated.ts';
  const base = (): { at: ReturnType<typeof functions>; file: SourceFile; inserted: string[] } => {
    const at = functions('handler', 1000);
    return { at, file: { path, lines: at.lines }, inserted: edit(at.lines, 1000) };
  };
  // Stale: 300 functions deleted since the commit (with it, git's history says they are gone; without, their text is nowhere).
  const stale = (withCommit: boolean): Case => {
    const { at, inserted } = base();
    const legacy = functions('legacy', 300);
    const old = [...legacy.lines, ...at.lines];
    const links = legacy.symbols.map((s) => ({ ...createLink({ path, lines: old }, { start: s.startLine + 1, end: s.endLine }, withCommit ? { commit: 'B' } : {}), role: 'trigger' as const }));
    return { before: old, now: { path, lines: inserted }, links };
  };
  return [
    {
      name: 'lenses: a 9,000-line file with 1,000 symbol links',
      make: () => {
        const { at, file, inserted } = base();
        const links = at.symbols.map((s) => ({ ...createLink(file, { start: s.startLine, end: s.endLine }, { symbol: s.name, commit: 'A' }), role: 'trigger' as const }));
        return { before: at.lines, now: { path, lines: inserted, symbols: symbolsOf(inserted) }, links };
      },
    },
    {
      name: 'tree: an incident with 1,000 selections into one file',
      make: () => {
        const { at, file, inserted } = base();
        const links = at.symbols.map((s) => ({ ...createLink(file, { start: s.startLine + 1, end: s.endLine - 1 }, { commit: 'A' }), role: 'trigger' as const }));
        return { before: at.lines, now: { path, lines: inserted }, links };
      },
    },
    { name: '300 stale links in one file, with their commit', make: () => stale(true) },
    { name: '300 stale links in one file, no commit', make: () => stale(false) },
    {
      // Stored lines that make no sense for the file (`lines: 1-1000000`, written by hand or by another tool).
      name: '100 links with `lines: N-1000000` into the 9,000-line file',
      make: () => {
        const { at, inserted } = base();
        const links = Array.from({ length: 100 }, (_, i) => ({ path, lines: { start: 1 + i, end: 1_000_000 }, fingerprint: fingerprint(at.lines.slice(i)), role: 'trigger' as const }));
        return { before: at.lines, now: { path, lines: inserted }, links };
      },
    },
    {
      // Whole functions, edited since, linked without symbols or commit: only a fingerprint search can look for them.
      name: '100 edited whole functions, no symbols, no commit',
      make: () => {
        const { at, file, inserted } = base();
        const links = at.symbols.filter((_, i) => i % 5 === 0).slice(0, 100).map((s) => ({ ...createLink(file, { start: s.startLine, end: s.endLine }, {}), role: 'trigger' as const }));
        return { before: at.lines, now: { path, lines: inserted }, links };
      },
    },
    {
      // Generated code: the first link into it needs both versions normalised and aligned.
      name: 'a 63,000-line generated file, 200 selections with their commit',
      make: () => {
        const big = functions('generated', 7000);
        const file = { path, lines: big.lines };
        const links = big.symbols.filter((_, i) => i % 35 === 0).map((s) => ({ ...createLink(file, { start: s.startLine + 1, end: s.endLine - 1 }, { commit: 'A' }), role: 'trigger' as const }));
        return { before: big.lines, now: { path, lines: edit(big.lines, 7000) }, links };
      },
    },
  ];
}

/** The file since the commit: every 5th function gained a line, every 7th had one edited, a block of 3 functions inserted every 400 lines. */
function edit(lines: readonly string[], count: number): string[] {
  const edited = functions(lines[0]?.match(/function (\D+)0/)?.[1] ?? 'handler', count, (i) => (i % 5 === 0 ? [`  log('${i}');`] : i % 7 === 0 ? [`  metrics.count(${i});`] : []));
  const inserted: string[] = [];
  edited.lines.forEach((line, i) => {
    if (i > 0 && i % 400 === 0) inserted.push(...functions(`added${i}_`, 3).lines);
    inserted.push(line);
  });
  return inserted;
}

function symbolsOf(lines: readonly string[]): SymbolNode[] {
  const symbols: SymbolNode[] = [];
  lines.forEach((line, i) => {
    const name = /^export function (\w+)\(/.exec(line)?.[1];
    if (name) symbols.push({ name, startLine: i + 1, endLine: i + 1, children: [] });
    else if (line === '}' && symbols.length > 0) (symbols[symbols.length - 1] as SymbolNode).endLine = i + 1;
  });
  return symbols;
}

/** Runs every case sliced and all at once; files are read before the clock (fresh arrays each run). */
export async function measureBlocking(): Promise<BlockingCase[]> {
  const results: BlockingCase[] = [];
  for (const { name, make } of cases()) {
    const c = make();
    const source = (): LinkSource => {
      const now = { ...c.now, lines: [...c.now.lines] };
      const before = c.before.join('\n');
      return cachedSource({ read: async (p) => (p === now.path ? now : undefined), readAt: async (commit) => (commit === 'A' || commit === 'B' ? before : undefined) });
    };
    const monitored = async (run: () => Promise<unknown>): Promise<Stretch> => {
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      // The monitor records from its second tick on: let it tick before the work starts.
      await new Promise((resolve) => setTimeout(resolve, 5));
      const probe = cpuProbe();
      await run();
      const cpuMs = probe.stop();
      await new Promise((resolve) => setTimeout(resolve, 5));
      histogram.disable();
      return { wallMs: histogram.max / 1e6, cpuMs };
    };
    // Once unmeasured: the extension host is long-running, its code compiled (V8's compiler threads count as CPU here).
    const warm = source();
    await resolveInSlices(c.links, warm);
    let sliceMs = 0;
    const sliced = source();
    await sliced.read(c.now.path);
    const inSlices = await monitored(() => resolveInSlices(c.links, sliced, undefined, (ms) => (sliceMs = Math.max(sliceMs, ms))));
    const whole = source();
    await whole.read(c.now.path);
    await whole.readAt?.('A', c.now.path);
    await whole.readAt?.('B', c.now.path);
    const atOnce = await monitored(() => Promise.all(c.links.map((link) => resolveLink(link, whole))));
    results.push({ name, links: c.links.length, sliced: inSlices, sliceMs, atOnce });
  }
  return results;
}

/** The cases as a Markdown table. */
export function blockingTable(results: readonly BlockingCase[]): string {
  const ms = (x: number): string => `${x.toFixed(1)} ms`;
  const header = '| case | longest stretch, sliced: CPU (event-loop delay) | all at once, as before: CPU (event-loop delay) |';
  return [header, '|---|---|---|', ...results.map((r) => `| ${r.name} | ${ms(r.sliced.cpuMs)} (${ms(r.sliced.wallMs)}) | ${ms(r.atOnce.cpuMs)} (${ms(r.atOnce.wallMs)}) |`)].join('\n');
}
