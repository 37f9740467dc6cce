// `npm run bench:anchors -- --repo <git dir> [--repo <git dir> ...] [--pairs 3] [--files 60] [--seed 11]`:
// links made at commit A as the palette commands make them, resolved at a later B by our
// anchors (with and without symbols, with and without the link's commit), by git diff
// replay and by stored line numbers; truth from the TypeScript navigation tree and an
// exact line alignment. Without --repo it runs on a small synthetic history generated in a
// temporary folder. Prints a Markdown table on stdout (the JSON with --json). Then, or alone
// with --blocking, how long resolution blocks the editor on generated worst cases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { benchRepo, DEFAULT_OPTIONS, tabulate, type BenchOptions, type CaseResult, type RepoResult } from './anchorsBench';
import { blockingTable, measureBlocking } from './anchorsBlocking';
import { createSyntheticHistory } from './anchorsSynthetic';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const values = (flag: string): string[] => args.flatMap((arg, i) => (arg === flag && args[i + 1] ? [args[i + 1]] : []));
  const number = (flag: string, fallback: number): number => Number(values(flag)[0] ?? fallback);
  const options: BenchOptions = { ...DEFAULT_OPTIONS, pairs: number('--pairs', DEFAULT_OPTIONS.pairs), filesPerPair: number('--files', DEFAULT_OPTIONS.filesPerPair), seed: number('--seed', DEFAULT_OPTIONS.seed) };
  const repos = values('--repo');
  if (args.includes('--blocking')) {
    const blocking = await measureBlocking();
    console.log(args.includes('--json') ? JSON.stringify({ blocking }, null, 2) : blockingTable(blocking));
    return;
  }
  const results: RepoResult[] = [];
  if (repos.length === 0) {
    const root = mkdtempSync(join(tmpdir(), 'incident-lens-anchors-'));
    try {
      results.push(await benchRepo(createSyntheticHistory(root), 'synthetic', SYNTHETIC_OPTIONS));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  for (const repo of repos) {
    const name = basename(repo) === '.git' || basename(repo) === 'repo' ? basename(dirname(repo)) : basename(repo);
    console.error(`bench:anchors: ${name}...`);
    results.push(await benchRepo(repo, name, options));
  }
  const blocking = await measureBlocking();
  if (args.includes('--json')) console.log(JSON.stringify({ results: results.map(summary), total: summary({ repo: 'all', pairs: [], cases: results.flatMap((r) => r.cases), excluded: {} }), blocking }, null, 2));
  else console.log(`${report(results)}\n\nLongest synchronous stretch while resolving (generated worst cases):\n\n${blockingTable(blocking)}`);
}

/** The synthetic history spans a year in 60 commits. */
export const SYNTHETIC_OPTIONS: BenchOptions = { ...DEFAULT_OPTIONS, pairs: 1, minCommits: 20, maxCommits: 60, minDays: 300 };

function summary(result: RepoResult): object {
  return { repo: result.repo, pairs: result.pairs, links: result.cases.length, excluded: result.excluded, table: tabulate(result.cases), timing: timing(result.cases) };
}

function timing(cases: readonly CaseResult[]): { medianMicros: number; p99Micros: number; maxMicros: number } {
  const all = cases.flatMap((c) => [c.micros.withSymbols, c.micros.withoutSymbols]).sort((a, b) => a - b);
  const at = (q: number): number => Math.round(all[Math.min(all.length - 1, Math.floor(q * all.length))] ?? 0);
  return { medianMicros: at(0.5), p99Micros: at(0.99), maxMicros: Math.round(all[all.length - 1] ?? 0) };
}

function report(results: readonly RepoResult[]): string {
  const out: string[] = [];
  const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;
  const table = (cases: readonly CaseResult[]): void => {
    out.push('| method | right | silently wrong place | stale though the code is there |', '|---|---|---|---|');
    for (const row of tabulate(cases)) out.push(`| ${row.method} | ${percent(row.right)} | ${percent(row.wrong)} | ${percent(row.staleThere)} |`);
  };
  for (const result of results) {
    const symbols = result.cases.filter((c) => c.kind === 'symbol').length;
    out.push(`### ${result.repo}: ${result.cases.length} links (${symbols} symbol links, ${result.cases.length - symbols} selections)`, '');
    out.push(`Pairs: ${result.pairs.map((p) => `${p.a.slice(0, 7)}..${p.b.slice(0, 7)} (${p.commits} commits, ${p.days} days)`).join(', ') || 'none'}`);
    const excluded = Object.entries(result.excluded).map(([why, n]) => `${why}: ${n}`).join(', ');
    if (excluded) out.push(`Left out (truth ambiguous): ${excluded}`);
    out.push('');
    table(result.cases);
    out.push('');
  }
  const all = results.flatMap((r) => r.cases);
  if (results.length > 1) {
    out.push(`### All: ${all.length} links`, '');
    table(all);
    out.push('');
  }
  const t = timing(all);
  out.push(`Resolution per link, files in memory (ours, with commit; CPU time of the resolving thread): median ${t.medianMicros} µs, p99 ${t.p99Micros} µs, max ${t.maxMicros} µs.`);
  return out.join('\n');
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
