// `npm run bench`: index, warm-start, re-index and lens-query costs at 10, 1,000 and
// 10,000 incidents, each against a floor measured in the same run on the same files.
// Prints one JSON object on stdout and a short table on stderr; exits 0 even when a
// target is missed (targetsMet says which).
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncidentIndex } from '../src/core/incidentIndex';
import { summarizeLinks } from '../src/core/lensSummary';
import { benchCheck, type CheckResult } from './benchCheck';
import { benchSize, type SizeResult } from './benchSize';
import { benchGitMining } from './gitMining';
import { benchOpenFileFirst, type OpenFileResult } from './openFileFirst';
import { benchHostile } from './hostile';
import { benchHostileEdits } from './hostileEdits';
import { PROBE_LINKS, PROBE_PATH } from './generateWorkspace';
import { gcAvailable, median, nowMs, round } from './measure';

const SIZES = (process.env.BENCH_SIZES ?? '10,1000,10000').split(',').map(Number);
const TARGETS = { coldVsFloor: 1.3, warmVsFloor: 2, reindexFractionOfBuild: 1 / 500, lensQueryLargestVsSmallest: 1.2, checkShareOfLoad: 0.2 };
/** Mining fixes from git history: vs plain `git log -p` with the same filters, and one new commit vs the full run. */
const GIT_TARGETS = { miningVsGitLog: 1.2, oneNewCommitFractionOfFull: 1 / 100 };
const NOW = new Date(Date.UTC(2026, 2, 1));

async function main(): Promise<void> {
  if (!gcAvailable()) console.error('Run with node --expose-gc: heap figures include uncollected garbage.');
  const loadAtStart = loadavg()[0] ?? 0;
  const results: SizeResult[] = [];
  // BENCH_CHECK_ONLY=1: only the change check, at the largest size.
  for (const count of SIZES.filter((size) => size > 0 && process.env.BENCH_CHECK_ONLY !== '1')) {
    const root = await mkdtemp(join(tmpdir(), `incident-lens-bench-${count}-`));
    const interrupted = () => {
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    };
    process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
    try {
      console.error(`bench: ${count} incidents...`);
      results.push(await benchSize(count, root));
    } finally {
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
      await rm(root, { recursive: true, force: true });
    }
  }
  const check = process.env.BENCH_CHECK === '0' ? undefined : await withTempRoot(`check-${SIZES[SIZES.length - 1]}`, (root) => benchCheck(SIZES[SIZES.length - 1] as number, root));
  // The open file's final lens on a cold start and a reload (BENCH_LENS=0 skips it).
  const largestSize = Math.max(...SIZES);
  if (process.env.BENCH_CHECK_ONLY === '1') {
    if (check) process.stdout.write(`${JSON.stringify({ check: { ...check, cold: roundAll(check.cold), warm: roundAll(check.warm), editor: roundAll(check.editor) } }, null, 2)}\n`);
    if (check) printCheck(check);
    return;
  }
  if (process.env.BENCH_LENS !== '0' && largestSize > 0) printOpenFile(await withTempRoot(`open-file-${largestSize}`, (root) => benchOpenFileFirst(largestSize, root)));
  // BENCH_GIT=0 skips the git-history benchmark; BENCH_SIZES=0 runs only it.
  if (process.env.BENCH_GIT !== '0') {
    console.error(`bench: mining fixes from ${process.env.BENCH_GIT_COMMITS ?? 50_000} generated commits...`);
    const git = await benchGitMining();
    const report = {
      ...git,
      gitLog: roundAll(git.gitLog),
      gitLogWithoutDiffs: roundAll(git.gitLogWithoutDiffs),
      fullMining: roundAll(git.fullMining),
      oneNewCommit: roundAll(git.oneNewCommit, 5),
      oneNewPlainCommit: roundAll(git.oneNewPlainCommit, 5),
      targets: GIT_TARGETS,
      targetsMet: { miningVsGitLog: git.fullMining.ratio <= GIT_TARGETS.miningVsGitLog, oneNewCommitFractionOfFull: git.oneNewCommit.fractionOfFull <= GIT_TARGETS.oneNewCommitFractionOfFull },
    };
    process.stdout.write(`${JSON.stringify({ gitMining: report }, null, 2)}\n`);
    console.error(`git mining: ${git.commits} commits, ${git.fixes} fixes; floor: ${git.floorCommand}`);
    console.error(`git mining: git log ${git.gitLog.ms.toFixed(0)} ms, mining ${git.fullMining.ms.toFixed(0)} ms (${git.fullMining.ratio.toFixed(2)}x, target <= ${GIT_TARGETS.miningVsGitLog}; in CPU time ${git.fullMining.cpuRatio.toFixed(2)}x; ${git.fullMining.ratioToGitLogWithoutDiffs.toFixed(2)}x the log without diffs, ${git.gitLogWithoutDiffs.ms.toFixed(0)} ms; CPU git ${git.fullMining.gitCpuMs.toFixed(0)} ms vs floor ${git.gitLog.gitCpuMs.toFixed(0)} ms, ours ${git.fullMining.cpuMs.toFixed(0)} ms); one new commit ${git.oneNewCommit.ms.toFixed(1)} ms (1/${Math.round(1 / git.oneNewCommit.fractionOfFull)} of the full run, target <= 1/100; in CPU time 1/${Math.round(1 / git.oneNewCommit.cpuFractionOfFull)}), one naming no incident ${git.oneNewPlainCommit.ms.toFixed(1)} ms (1/${Math.round(1 / git.oneNewPlainCommit.fractionOfFull)})`);
  }
  // BENCH_HOSTILE=0 skips the hostile repository's load and the note into 10,000 links; =edits runs only the edits below.
  if (process.env.BENCH_HOSTILE !== '0' && process.env.BENCH_HOSTILE !== 'edits') {
    console.error('bench: hostile corpus and a note into 10,000 links...');
    const hostile = await benchHostile();
    const { memory } = hostile;
    process.stdout.write(`${JSON.stringify({ hostile: { ...roundAll({ ...hostile.corpus }), cpu: roundAll(hostile.corpus.cpu) }, memory: { hostile: roundAll(memory.hostile, 3), benign: roundAll(memory.benign, 3), ratio: round(memory.ratio), refused: roundAll(memory.refused, 3) }, note: { ...roundAll(hostile.note), before: roundAll(hostile.note.before) } }, null, 2)}\n`);
    const { corpus, note } = hostile;
    console.error(`hostile corpus (median of ${corpus.reps}): ${corpus.files} files loaded in ${corpus.loadMs.toFixed(0)} ms; longest event-loop block ${corpus.maxBlockMs.toFixed(0)} ms (target <= 50) = ${corpus.ratio.toFixed(2)}x that of as many benign files (${corpus.benignMaxBlockMs.toFixed(0)} ms); 20 ms slices of work: ${corpus.slicesMaxBlockMs.toFixed(0)} ms; its config.yaml alone: ${corpus.configMaxBlockMs.toFixed(0)} ms; ${corpus.stopped} files stopped at the ${corpus.budgetMs / 1000} s budget`);
    console.error(`hostile corpus, host thread CPU between two turns (its own work): longest ${corpus.cpu.maxBlockMs.toFixed(0)} ms, benign ${corpus.cpu.benignMaxBlockMs.toFixed(0)} ms, 20 ms slices ${corpus.cpu.slicesMaxBlockMs.toFixed(0)} ms, config.yaml alone ${corpus.cpu.configMaxBlockMs.toFixed(0)} ms`);
    console.error(`memory kept: hostile corpus ${memory.hostile.heapMB.toFixed(1)} MB of heap for ${memory.hostile.shownMB.toFixed(2)} MB shown (${memory.hostile.ratio.toFixed(1)}x) vs benign ${memory.benign.heapMB.toFixed(1)} MB for ${memory.benign.shownMB.toFixed(2)} MB (${memory.benign.ratio.toFixed(1)}x): ${memory.ratio.toFixed(2)}x the floor; ${memory.refused.files} refused files of ${memory.refused.diskMB} MB keep ${memory.refused.heapMB.toFixed(2)} MB of heap and ${memory.refused.buffersMB.toFixed(2)} MB of buffers (${(memory.refused.fractionOfDisk * 100).toFixed(2)}% of their size)`);
    console.error(`note into ${note.links} links (${note.fileKB} KB): ${note.noteMs.toFixed(0)} ms = ${note.ratio.toFixed(2)}x one parse (${note.oneParseMs.toFixed(0)} ms), longest block ${note.maxBlockMs.toFixed(0)} ms (target <= 50) = ${note.blockRatio.toFixed(2)}x that of a note into a small file (${note.smallFileMaxBlockMs.toFixed(0)} ms); before: ${note.before.noteMs.toFixed(0)} ms = ${note.before.ratio.toFixed(2)}x, block ${note.before.maxBlockMs.toFixed(0)} ms`);
  }
  if (process.env.BENCH_HOSTILE !== '0') {
    // The parse worker as `npm run build:tests` builds it, beside out/bench/.
    const edits = await withTempRoot('hostile-edits', (root) => benchHostileEdits(root, join(__dirname, '..', 'parseWorker.js')));
    const { reps, ...costs } = edits;
    process.stdout.write(`${JSON.stringify({ hostileEdits: { reps, ...Object.fromEntries(Object.entries(costs).map(([name, cost]) => [name, roundAll(cost)])) } }, null, 2)}\n`);
    const figure = (name: string, cost: { fileKB: number; cpuMs: number; beforeCpuMs?: number }) => `${name} (${cost.fileKB} KB) ${cost.cpuMs.toFixed(1)} ms${cost.beforeCpuMs === undefined ? '' : ` (before ${cost.beforeCpuMs.toFixed(1)})`}`;
    console.error(`hostile edits, host thread CPU between two turns (median of ${reps}; target <= 50 ms): ${Object.entries(costs).map(([name, cost]) => figure(name, cost)).join('; ')}`);
  }
  if (results.length === 0) return;
  const probeMicros = lensQueryMicros(results, PROBE_PATH);
  const largest = results[results.length - 1] as SizeResult;
  const smallest = results[0] as SizeResult;
  const hottest = hottestPath(largest.index, largest.folderId);
  const hottestMicros = lensQueryMicros([largest], hottest.path)[0] as number;
  const lensRatio = (probeMicros[probeMicros.length - 1] as number) / (probeMicros[0] as number);

  const report = {
    node: process.version,
    cpus: cpus().length,
    // Other processes on the machine inflate wall times; CPU-time ratios are steadier.
    loadAverage: { start: round(loadAtStart), end: round(loadavg()[0] ?? 0) },
    sizes: Object.fromEntries(results.map((r, i) => [r.incidents, {
      megabytes: round(r.megabytes),
      cold: roundAll(r.cold),
      warm: roundAll(r.warm),
      reindexOneFile: { ...roundAll(r.reindexOneFile, 6), oneIn: Math.round(1 / r.reindexOneFile.fractionOfColdBuild) },
      lensQuery: { path: PROBE_PATH, links: PROBE_LINKS, microseconds: round(probeMicros[i] as number, 3) },
      heap: roundAll(r.heap),
    }])),
    lensQuery: {
      ratio: round(lensRatio, 3),
      comparing: `${largest.incidents} vs ${smallest.incidents} incidents, same ${PROBE_LINKS}-link file`,
      hottestFileAtLargest: { path: hottest.path, links: hottest.links, microseconds: round(hottestMicros, 3) },
    },
    ...(check ? { check: { ...check, cold: roundAll(check.cold), warm: roundAll(check.warm), editor: roundAll(check.editor) } } : {}),
    targets: TARGETS,
    targetsEvaluatedAt: largest.incidents,
    targetsMet: {
      coldVsFloor: largest.cold.ratio <= TARGETS.coldVsFloor,
      warmVsFloor: largest.warm.ratio <= TARGETS.warmVsFloor,
      reindexFractionOfBuild: largest.reindexOneFile.fractionOfColdBuild <= TARGETS.reindexFractionOfBuild,
      lensQueryLargestVsSmallest: lensRatio <= TARGETS.lensQueryLargestVsSmallest,
      ...(check ? { checkShareOfLoad: check.cold.checkShareOfLoad <= TARGETS.checkShareOfLoad && check.warm.checkShareOfLoad <= TARGETS.checkShareOfLoad && check.editor.checkShareOfLoad <= TARGETS.checkShareOfLoad } : {}),
    },
    targetsMetInCpuTime: {
      ...(check ? { checkShareOfLoad: check.cold.checkCpuShareOfLoad <= TARGETS.checkShareOfLoad && check.warm.checkCpuShareOfLoad <= TARGETS.checkShareOfLoad && check.editor.checkCpuShareOfLoad <= TARGETS.checkShareOfLoad } : {}),
      coldVsFloor: largest.cold.cpuRatio <= TARGETS.coldVsFloor,
      warmVsFloor: largest.warm.cpuRatio <= TARGETS.warmVsFloor,
      reindexFractionOfBuild: largest.reindexOneFile.cpuFractionOfColdBuild <= TARGETS.reindexFractionOfBuild,
    },
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  printTable(results, probeMicros, lensRatio);
  if (check) printCheck(check);
}

/** Runs `work` in a fresh temporary folder, removed afterwards (and on Ctrl+C). */
async function withTempRoot<T>(name: string, work: (root: string) => Promise<T>): Promise<T> {
  const root = await mkdtemp(join(tmpdir(), `incident-lens-bench-${name}-`));
  const interrupted = () => {
    rmSync(root, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
  try {
    console.error(`bench: ${name}...`);
    return await work(root);
  } finally {
    process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    await rm(root, { recursive: true, force: true });
  }
}

/** The open file's part of the load; its ratio to a constant lens is `npm run bench:lenses`'s (a real VS Code). */
function printOpenFile(result: OpenFileResult): void {
  process.stdout.write(`${JSON.stringify({ openFileFirst: { ...result, cold: roundAll(result.cold), reload: roundAll(result.reload) } }, null, 2)}\n`);
  const line = (name: string, p: OpenFileResult['cold']) =>
    `open file ${name}: final lens ${p.finalLensMs.toFixed(0)} ms (cpu ${p.finalLensCpuMs.toFixed(0)} ms) after the load starts, ${(p.shareOfWholeLoad * 100).toFixed(0)}% of the whole index's ${p.withoutPriorityMs.toFixed(0)} ms (the ratio to a constant lens: npm run bench:lenses)`;
  console.error(line('cold', result.cold));
  console.error(line('reload', result.reload));
}

function printCheck(check: CheckResult): void {
  const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
  const line = (name: string, p: CheckResult['cold']) =>
    `check ${name} (median of ${p.repetitions} rounds, each a fresh process): load ${p.loadMs.toFixed(0)} ms + check ${p.checkMs.toFixed(0)} ms = ${(p.ratio).toFixed(2)}x the floor (${p.floorMs.toFixed(0)} ms); the check adds ${pct(p.checkShareOfLoad)} (middle half ${pct(p.checkShareSpread[0])} to ${pct(p.checkShareSpread[1])}), thread cpu ${pct(p.checkCpuShareOfLoad)} (${pct(p.checkCpuShareSpread[0])} to ${pct(p.checkCpuShareSpread[1])}; ${p.checkCpuMs.toFixed(0)} on ${p.loadCpuMs.toFixed(0)} ms; target <= ${TARGETS.checkShareOfLoad * 100}%); the people to ask ${p.peopleMs.toFixed(0)} ms add ${pct(p.peopleShareOfLoad)}, cpu ${pct(p.peopleCpuShareOfLoad)}`;
  console.error(`check: ${check.diffLines}-line diff over ${check.changedFiles} files holding ${check.linksInChangedFiles} links, ${check.incidents} incidents, ${check.touchedPlaces} places touched`);
  console.error(line('cold', check.cold));
  console.error(line('warm', check.warm));
  const e = check.editor;
  console.error(`check in the editor (median of ${e.repetitions} checks against one loaded index): ${e.checkMs.toFixed(0)} ms, ${pct(e.checkShareOfLoad)} of the warm load, thread cpu ${e.checkCpuMs.toFixed(0)} ms, ${pct(e.checkCpuShareOfLoad)} (target <= ${TARGETS.checkShareOfLoad * 100}%)`);
}

/** Per size, microseconds per lens query on `path`; sizes take turns so JIT warm-up and drift hit all alike. */
function lensQueryMicros(results: readonly SizeResult[], path: string): number[] {
  const samples: number[][] = results.map(() => []);
  let sink = 0;
  const query = (r: SizeResult) => summarizeLinks(r.index.linksForFile(r.folderId, path), NOW).length;
  // Enough queries for ~10 ms a sample: hrtime is exact, but one query can take a microsecond.
  const iterations = results.map((r) => {
    const start = nowMs();
    for (let n = 0; n < 100; n++) sink += query(r);
    return Math.max(10, Math.min(50_000, Math.round((10 * 100) / Math.max(nowMs() - start, 1e-3))));
  });
  for (let pass = 0; pass < 31; pass++) {
    results.forEach((r, i) => {
      const count = iterations[i] as number;
      const start = nowMs();
      for (let n = 0; n < count; n++) sink += query(r);
      // The first pass only warms the JIT up.
      if (pass > 0) samples[i]?.push(((nowMs() - start) * 1000) / count);
    });
  }
  if (sink < 0) console.error(sink); // keeps the queries from being optimised away
  return samples.map(median);
}

function hottestPath(index: IncidentIndex, folderId: string): { path: string; links: number } {
  const counts = new Map<string, number>();
  for (const incident of index.incidents()) for (const link of incident.links) counts.set(link.path, (counts.get(link.path) ?? 0) + 1);
  const [path, links] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return { path, links: index.linksForFile(folderId, path).length || links };
}

function roundAll<T extends object>(values: T, digits = 3): T {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? round(v, digits) : v])) as T;
}

function printTable(results: readonly SizeResult[], probeMicros: readonly number[], lensRatio: number): void {
  const rows = results.map((r, i) => [
    String(r.incidents),
    `${r.cold.ms.toFixed(0)} ms (${r.cold.ratio.toFixed(2)}x, cpu ${r.cold.cpuRatio.toFixed(2)}x)`,
    `${r.warm.ms.toFixed(1)} ms (${r.warm.ratio.toFixed(2)}x, cpu ${r.warm.cpuRatio.toFixed(2)}x)`,
    `${r.reindexOneFile.ms.toFixed(2)} ms (1/${Math.round(1 / r.reindexOneFile.fractionOfColdBuild)})`,
    `${(probeMicros[i] as number).toFixed(2)} us`,
    `${r.heap.usedMB.toFixed(1)} MB`,
  ]);
  const header = ['incidents', 'cold (vs floor)', 'warm (vs floor)', 're-index 1 file', 'lens query', 'heap used'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] as string).length)));
  for (const row of [header, ...rows]) console.error(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
  console.error(`lens query ratio, largest vs smallest: ${lensRatio.toFixed(2)}x (target <= ${TARGETS.lensQueryLargestVsSmallest})`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
