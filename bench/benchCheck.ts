// `incident-lens check` at scale: a git repository holding the generated incidents and
// the source files they link (every link's fingerprint and commit real, so the anchors
// place them as they would in a real repository), a working-tree diff of about 1,000
// lines across linked files from the hottest to the coldest, and the check measured as `incident-lens check`
// runs it: git's side started, the workspace loaded (cold: no cache; warm: from the index
// cache), the check finished; then the people to ask about each touched place (one blame
// per changed file). What that adds to a load alone, round by round, is the share the
// target bounds, in wall time and in this thread's CPU time; the check after a finished
// load (the editor's case) and the people's share are reported beside it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { fingerprint } from '../src/core/fingerprint';
import { peopleForChange } from '../src/services/changePeople';
import { checkChange, startChangeCheck, type ChangeCheck } from '../src/services/changeRisk';
import { loadWorkspace, type LoadedWorkspace } from '../src/services/workspace';
import { generateWorkspace } from './generateWorkspace';
import { collectGarbage, median, nowMs } from './measure';
import { cpuStopwatch } from './threadCpu';

export interface CheckPhase {
  /** Medians (wall time) of the floor and of loading the workspace alone. */
  floorMs: number;
  loadMs: number;
  /** Median wall time of `incident-lens check`'s own sequence: git's side started, the workspace loaded, the check finished. */
  loadAndCheckMs: number;
  /** What that sequence adds to a load alone (wall, median of the rounds' differences). */
  checkMs: number;
  /** (load and check) / floor: what `incident-lens check` costs against reading the data at all. */
  ratio: number;
  /** What the check adds to loading the index, wall time: the median of each round's (load and check - load) / load (target <= 0.2). */
  checkShareOfLoad: number;
  /** The same in this thread's CPU time (bench/threadCpu.ts), which other work on the machine barely moves; git's own processes not included. */
  checkCpuShareOfLoad: number;
  /** The middle half of the rounds' shares (first and third quartiles), wall and thread CPU: how far one round can be trusted. */
  checkShareSpread: [number, number];
  checkCpuShareSpread: [number, number];
  /**
   * The part of the sequence after its load settled (what cannot overlap: placing and weighing
   * the links) over its own load, wall and thread CPU: steady where the paired difference is not
   * (a cold load's own spread is many times the check).
   */
  tailShareOfLoad: number;
  tailCpuShareOfLoad: number;
  /** The check run after a finished load, as the editor's Source Control view runs it on its loaded index: wall and thread CPU shares of the load. */
  checkAfterLoadShareOfLoad: number;
  checkAfterLoadCpuShareOfLoad: number;
  /** Median thread CPU of the load alone and of load and check, milliseconds. */
  loadCpuMs: number;
  loadAndCheckCpuMs: number;
  /** Median wall time of finding the people to ask about every touched place (mined fixes, one blame per changed file, CODEOWNERS). */
  peopleMs: number;
  /** people / load, and the same in CPU time: what `incident-lens check` adds on top of the check. */
  peopleShareOfLoad: number;
  peopleCpuShareOfLoad: number;
  repetitions: number;
}

export interface CheckResult {
  incidents: number;
  diffLines: number;
  changedFiles: number;
  linksInChangedFiles: number;
  touchedPlaces: number;
  cold: CheckPhase;
  warm: CheckPhase;
}

const CHANGED_FILES = 10;
const EDITS_PER_FILE = 32;

export interface CheckRepository {
  diffLines: number;
  changedFiles: number;
  linksInChangedFiles: number;
}

/**
 * Generates `count` incidents in `root` and makes it a git repository: the linked sources
 * committed, every link's fingerprint and commit made true, then ~1,000 lines of edits
 * in the working tree across 10 files from the hottest to the coldest.
 */
export async function prepareCheckRepository(count: number, root: string): Promise<CheckRepository> {
  await generateWorkspace(root, count);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: gitEnv() });
  git('init', '-q', '-b', 'main');

  // Source files long enough for every link, with distinct lines; committed first, so links can name that commit.
  const loaded = await loadWorkspace(root, { git: false });
  const linked = [...loaded.index.linkedFiles()].sort((a, b) => b.links.length - a.links.length);
  const sources = new Map<string, string[]>();
  for (const file of linked) {
    const length = Math.max(450, ...file.links.map(({ link }) => (link.lines?.end ?? 0) + 20));
    const lines = Array.from({ length }, (_, i) => `export const v${i + 1} = ${(i + 1) * 7}; // ${file.path}`);
    sources.set(file.path, lines);
    mkdirSync(dirname(join(root, file.path)), { recursive: true });
    writeFileSync(join(root, file.path), `${lines.join('\n')}\n`);
  }
  git('add', 'src');
  git('commit', '-q', '-m', 'sources');
  const commit = git('rev-parse', 'HEAD').trim();
  rewriteAnchors(join(root, '.incidents'), sources, commit);
  git('add', '.incidents');
  git('commit', '-q', '-m', 'incidents');

  // The change: 32 single-line edits in each of 10 files taken evenly down the ranking by
  // links (the hottest, the median, the coldest...), as a change touches files of every heat.
  const changed = Array.from({ length: CHANGED_FILES }, (_, i) => linked[Math.floor((i * linked.length) / CHANGED_FILES)] as (typeof linked)[number]);
  for (const file of changed) {
    const lines = [...(sources.get(file.path) as string[])];
    for (let e = 0; e < EDITS_PER_FILE; e++) {
      const at = Math.floor(((e + 0.5) * lines.length) / EDITS_PER_FILE);
      lines[at] = `${lines[at]} // edited`;
    }
    writeFileSync(join(root, file.path), `${lines.join('\n')}\n`);
  }
  return {
    diffLines: git('diff', '-U0', '--no-color', '--no-ext-diff', 'HEAD').split('\n').length - 1,
    changedFiles: changed.length,
    linksInChangedFiles: changed.reduce((sum, file) => sum + file.links.length, 0),
  };
}

/**
 * The check at `count` incidents in `root` (a repository prepared there, or, with
 * BENCH_CHECK_REPO, one prepared once in that folder and reused: runs of two builds compare
 * on the same repository). Each round times, in an order that alternates between rounds:
 * the floor, a load alone followed by the check on its index (the editor's case), and
 * `incident-lens check`'s sequence (git's side started, the load, the check finished).
 */
export async function benchCheck(count: number, root: string): Promise<CheckResult> {
  const kept = process.env.BENCH_CHECK_REPO;
  if (kept) root = kept;
  const repository = kept && existsSync(join(kept, '.git', 'incident-lens-bench.json'))
    ? (JSON.parse(readFileSync(join(kept, '.git', 'incident-lens-bench.json'), 'utf8')) as CheckRepository)
    : await prepareCheckRepository(count, root);
  if (kept) writeFileSync(join(kept, '.git', 'incident-lens-bench.json'), JSON.stringify(repository));
  const cachePath = join(root, 'storage', 'check-cache.jsonl');
  mkdirSync(dirname(cachePath), { recursive: true });
  rmSync(cachePath, { force: true });

  let touchedPlaces = 0;
  const miningCache = join(root, 'storage', 'mined-fixes.json');
  let cache = false;
  const load = () => loadWorkspace(root, cache ? { cachePath } : {});
  const round = async (floor: () => unknown, even: boolean): Promise<Round> => {
    const timeFloor = () => timed(floor);
    const alone = async () => {
      let workspace: LoadedWorkspace | undefined;
      const loaded = await timed(async () => {
        workspace = await load();
      });
      const after = await timed(() => checkChange(workspace as LoadedWorkspace, { kind: 'working' }));
      return { loaded, after };
    };
    const sequence = async () => {
      let result: { workspace: LoadedWorkspace; check: ChangeCheck } | undefined;
      let settled: ThreadTiming | undefined;
      const both = await timed(async () => {
        // As src/cli/commands/check.ts: git's side first, then the index, then the rest of the check.
        const cpu = cpuStopwatch();
        const start = nowMs();
        const started = startChangeCheck(root, { kind: 'working' });
        const workspace = await load();
        settled = { ms: nowMs() - start, threadMs: cpu() };
        result = { workspace, check: await started.finish(workspace) };
      });
      const loaded = settled as ThreadTiming;
      return { both, tail: { ms: both.ms - loaded.ms, threadMs: both.threadMs - loaded.threadMs }, loadPart: loaded, result: result as NonNullable<typeof result> };
    };
    // Half the rounds time the load alone first, half the check's sequence first.
    const f = await timeFloor();
    const first = even ? await alone() : await sequence();
    const second = even ? await sequence() : await alone();
    const { loaded, after } = (even ? first : second) as Awaited<ReturnType<typeof alone>>;
    const { both, tail, loadPart, result } = (even ? second : first) as Awaited<ReturnType<typeof sequence>>;
    touchedPlaces = result.check.touched.length;
    // As `incident-lens check` asks (cold: no mining cache yet; warm: the one a first run wrote).
    const people = await timed(() => peopleForChange(result.workspace, result.check.touched, { now: new Date(), git: result.workspace.git, facts: cache ? { cacheFile: miningCache } : {} }));
    return { floor: f, load: loaded, after, both, tail, loadPart, people };
  };

  // Cold rounds are long and the check a small part of them; warm rounds are short, and where the target is close.
  const repetitions = Number(process.env.BENCH_CHECK_ROUNDS ?? (count >= 10_000 ? 3 : 5));
  const warmRounds = Number(process.env.BENCH_CHECK_WARM_ROUNDS ?? 15);
  const cold: Round[] = [];
  for (let rep = 0; rep < repetitions; rep++) cold.push(await round(() => readAndParseYaml(join(root, '.incidents')), rep % 2 === 0));
  cache = true;
  await load(); // writes the cache, as a first run does
  await round(() => undefined, true); // and the mined fixes' cache; warms the code paths
  const warm: Round[] = [];
  const warmFloor = () => readFileSync(cachePath, 'utf8').split('\n').map((line) => (line ? (JSON.parse(line) as unknown) : undefined));
  for (let rep = 0; rep < warmRounds; rep++) warm.push(await round(warmFloor, rep % 2 === 0));
  return {
    incidents: count,
    ...repository,
    touchedPlaces,
    cold: phase(cold),
    warm: phase(warm),
  };
}

/** Wall time, and this thread's CPU time (bench/threadCpu.ts), of `work` after a full collection. */
interface ThreadTiming {
  ms: number;
  threadMs: number;
}

async function timed(work: () => unknown): Promise<ThreadTiming> {
  collectGarbage();
  const cpu = cpuStopwatch();
  const start = nowMs();
  await work();
  return { ms: nowMs() - start, threadMs: cpu() };
}

interface Round {
  floor: ThreadTiming;
  /** The load alone, and the check on its loaded index after it. */
  load: ThreadTiming;
  after: ThreadTiming;
  /** `incident-lens check`'s sequence: git started, the load, the check finished; and its part after the load settled, and up to it. */
  both: ThreadTiming;
  tail: ThreadTiming;
  loadPart: ThreadTiming;
  people: ThreadTiming;
}

function phase(rounds: Round[]): CheckPhase {
  const med = (pick: (r: Round) => number) => median(rounds.map(pick));
  const loadMs = med((r) => r.load.ms);
  const loadCpuMs = med((r) => r.load.threadMs);
  const loadAndCheckMs = med((r) => r.both.ms);
  return {
    floorMs: med((r) => r.floor.ms),
    loadMs,
    loadAndCheckMs,
    checkMs: med((r) => r.both.ms - r.load.ms),
    ratio: loadAndCheckMs / med((r) => r.floor.ms),
    checkShareOfLoad: med((r) => (r.both.ms - r.load.ms) / r.load.ms),
    checkCpuShareOfLoad: med((r) => (r.both.threadMs - r.load.threadMs) / r.load.threadMs),
    checkShareSpread: quartiles(rounds.map((r) => (r.both.ms - r.load.ms) / r.load.ms)),
    checkCpuShareSpread: quartiles(rounds.map((r) => (r.both.threadMs - r.load.threadMs) / r.load.threadMs)),
    tailShareOfLoad: med((r) => r.tail.ms / r.loadPart.ms),
    tailCpuShareOfLoad: med((r) => r.tail.threadMs / r.loadPart.threadMs),
    checkAfterLoadShareOfLoad: med((r) => r.after.ms / r.load.ms),
    checkAfterLoadCpuShareOfLoad: med((r) => r.after.threadMs / r.load.threadMs),
    loadCpuMs,
    loadAndCheckCpuMs: med((r) => r.both.threadMs),
    peopleMs: med((r) => r.people.ms),
    peopleShareOfLoad: med((r) => r.people.ms / r.load.ms),
    peopleCpuShareOfLoad: med((r) => r.people.threadMs / r.load.threadMs),
    repetitions: rounds.length,
  };
}

/** The first and third quartiles of `values` (nearest rank). */
function quartiles(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
  return [at(0.25), at(0.75)];
}

/** Every link's fingerprint made true for its lines in `sources`, and its commit the one that has them. */
function rewriteAnchors(dir: string, sources: ReadonlyMap<string, string[]>, commit: string): void {
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.yaml')) continue;
    const file = join(dir, name);
    let path = '';
    let lines: [number, number] | undefined;
    const text = readFileSync(file, 'utf8').split('\n').map((line) => {
      const start = /^ {2}- path: (.+)$/.exec(line);
      if (start) {
        path = start[1] as string;
        lines = undefined;
        return line;
      }
      const range = /^ {4}lines: (\d+)-(\d+)$/.exec(line);
      if (range) lines = [Number(range[1]), Number(range[2])];
      if (line.startsWith('    fingerprint: ') && lines) return `    fingerprint: ${fingerprint((sources.get(path) ?? []).slice(lines[0] - 1, lines[1]))}`;
      if (line.startsWith('    commit: ')) return `    commit: ${commit}`;
      return line;
    });
    writeFileSync(file, text.join('\n'));
  }
}

/** The cold floor, as bench/benchSize.ts measures it: list, read and yaml.parse every incident file. */
function readAndParseYaml(dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith('.yaml')) parse(readFileSync(join(dir, name), 'utf8'));
  }
}

function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@example.com' };
}
