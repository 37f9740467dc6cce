// `incident-lens check` at scale: a git repository holding the generated incidents and
// the source files they link (every link's fingerprint and commit real, so the anchors
// place them as they would in a real repository), a working-tree diff of about 1,000
// lines across linked files from the hottest to the coldest, and the check measured as its
// two front-ends run it. The command: each round a fresh Node process (bench/checkRound.ts)
// that loads the workspace (cold: no cache; warm: from the index cache), checks, then finds
// the people to ask about each touched place (one blame per changed file), as one run of
// `incident-lens check` does. The editor: the Source Control view checks again and again
// against the index it loaded once. Each round's check is compared with that round's load,
// the editor's checks with the command's warm load (what the editor's activation loads), in
// wall time and in this thread's CPU time (medians, and the rounds' middle half); the check's
// share of loading is what the target bounds, and the people's share is reported beside it. Rounds in one process (the load's code hot, which no run of the command has: it
// loads once per process) made the load ~30% faster than the command's and so the share higher.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { fingerprint } from '../src/core/fingerprint';
import { peopleForChange } from '../src/services/changePeople';
import { checkChange, type ChangeCheck } from '../src/services/changeRisk';
import { loadWorkspace, type LoadedWorkspace } from '../src/services/workspace';
import { generateWorkspace } from './generateWorkspace';
import { collectGarbage, median, nowMs } from './measure';
import { cpuStopwatch } from './threadCpu';

export interface CheckPhase {
  /** Medians (wall time) of the floor, of loading the workspace, and of the check right after it. */
  floorMs: number;
  loadMs: number;
  checkMs: number;
  /** (load + check) / floor: what `incident-lens check` costs against reading the data at all. */
  ratio: number;
  /** What the check adds to loading the index: the median of each round's check / load, wall time (target <= 0.2). */
  checkShareOfLoad: number;
  /** The same in this thread's CPU time (bench/threadCpu.ts), which other work on the machine moves far less; git's own processes not included. */
  checkCpuShareOfLoad: number;
  /** The middle half of the rounds' shares (first and third quartiles), wall and thread CPU: how far one round can be trusted. */
  checkShareSpread: [number, number];
  checkCpuShareSpread: [number, number];
  /** Median thread CPU of the load and of the check, milliseconds. */
  loadCpuMs: number;
  checkCpuMs: number;
  /** Median wall time of finding the people to ask about every touched place (mined fixes, one blame per changed file, CODEOWNERS). */
  peopleMs: number;
  /** people / load, and the same in thread CPU time: what `incident-lens check` adds on top of the check. */
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
  editor: EditorPhase;
}

/** The Source Control view's checks: the index loaded once, the working tree checked again and again (in-memory memo). */
export interface EditorPhase {
  /** Median wall and thread CPU time of one check, milliseconds. */
  checkMs: number;
  checkCpuMs: number;
  /** The check / the warm command rounds' median load (what loading the index costs a fresh process, as the editor's activation), wall and thread CPU (target <= 0.2). */
  checkShareOfLoad: number;
  checkCpuShareOfLoad: number;
  repetitions: number;
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
 * on the same repository). Each round is two fresh processes (bench/checkRound.ts): the floor
 * (measureFloor), then the command (measureCommand); then one process checks again and again,
 * as the Source Control view does (measureEditorChecks).
 */
export async function benchCheck(count: number, root: string): Promise<CheckResult> {
  const kept = process.env.BENCH_CHECK_REPO;
  if (kept) root = kept;
  const repository = kept && existsSync(join(kept, '.git', 'incident-lens-bench.json'))
    ? (JSON.parse(readFileSync(join(kept, '.git', 'incident-lens-bench.json'), 'utf8')) as CheckRepository)
    : await prepareCheckRepository(count, root);
  if (kept) writeFileSync(join(kept, '.git', 'incident-lens-bench.json'), JSON.stringify(repository));
  const paths = roundPaths(root);
  mkdirSync(dirname(paths.cachePath), { recursive: true });
  rmSync(paths.cachePath, { force: true });

  // Cold rounds are long and the check a small part of them; warm rounds are short, and where the target is close.
  const repetitions = Number(process.env.BENCH_CHECK_ROUNDS ?? (count >= 10_000 ? 3 : 5));
  const warmRounds = Number(process.env.BENCH_CHECK_WARM_ROUNDS ?? 15);
  // A round: the floor in a fresh process, then the command in another (neither warms the other's code).
  const round = (warm: boolean): MeasuredRound => ({ floor: inFreshProcess<ThreadTiming>({ root, warm, part: 'floor' }), ...inFreshProcess<Omit<MeasuredRound, 'floor'>>({ root, warm, part: 'command' }) });
  const cold: MeasuredRound[] = [];
  for (let rep = 0; rep < repetitions; rep++) cold.push(round(false));
  // The index cache written by a load, then a first warm run writes the mined fixes' and the check's caches, as a first run does.
  await loadWorkspace(root, { cachePath: paths.cachePath });
  inFreshProcess({ root, warm: true, part: 'command' });
  const warm: MeasuredRound[] = [];
  for (let rep = 0; rep < warmRounds; rep++) warm.push(round(true));
  const warmPhase = checkPhase(warm);
  const editorChecks = inFreshProcess<ThreadTiming[]>({ root, warm: true, part: 'editor', times: warmRounds });
  return {
    incidents: count,
    ...repository,
    touchedPlaces: (warm[warm.length - 1] as MeasuredRound).touched,
    cold: checkPhase(cold),
    warm: warmPhase,
    editor: editorPhase(editorChecks, warmPhase),
  };
}

/**
 * What bench/checkRound.ts is asked, in `root` (from the caches when `warm`): the floor, the
 * command's load, check and people, or the editor's `times` checks against one loaded index.
 */
export interface RoundRequest {
  root: string;
  warm: boolean;
  part: 'floor' | 'command' | 'editor';
  times?: number;
}

/** A round and the number of places its check touched. */
export interface MeasuredRound extends Round {
  touched: number;
}

/** Runs bench/checkRound.ts (built beside this file) in a new Node process and returns what it printed. */
function inFreshProcess<T>(request: RoundRequest): T {
  const script = join(__dirname, 'checkRound.js');
  const out = execFileSync(process.execPath, ['--expose-gc', script, JSON.stringify(request)], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] });
  return JSON.parse(out) as T;
}

/** The caches a round reads and writes, inside `root`. */
function roundPaths(root: string) {
  return {
    cachePath: join(root, 'storage', 'check-cache.jsonl'),
    checkCache: join(root, 'storage', 'check'),
    miningCache: join(root, 'storage', 'mined-fixes.json'),
  };
}

/** The floor, in this process: cold, read and parse every incident file; warm, read and parse the index cache. */
export async function measureFloor({ root, warm }: Pick<RoundRequest, 'root' | 'warm'>): Promise<ThreadTiming> {
  const { cachePath } = roundPaths(root);
  return timed(warm ? () => readFileSync(cachePath, 'utf8').split('\n').map((line) => (line ? (JSON.parse(line) as unknown) : undefined)) : () => readAndParseYaml(join(root, '.incidents')));
}

/**
 * One run of `incident-lens check`, in this process: the load, the check right after it (no
 * collection between: the check pays for what the load left, as it does in the command), the
 * people to ask. Cold runs start without the check's caches.
 */
export async function measureCommand({ root, warm }: Pick<RoundRequest, 'root' | 'warm'>): Promise<Omit<MeasuredRound, 'floor'>> {
  const { cachePath, checkCache, miningCache } = roundPaths(root);
  if (!warm) rmSync(checkCache, { recursive: true, force: true });
  let workspace: LoadedWorkspace | undefined;
  const load = await timed(async () => {
    workspace = await loadWorkspace(root, warm ? { cachePath } : {});
  });
  const loaded = workspace as LoadedWorkspace;
  let result: ChangeCheck | undefined;
  const check = await timed(async () => {
    // As `incident-lens check` asks: what it read for the commit remembered in a cache folder (cold: none yet).
    result = await checkChange(loaded, { kind: 'working' }, { cacheDir: checkCache });
  }, false);
  const touched = (result as ChangeCheck).touched;
  // As `incident-lens check` asks (cold: no mining cache yet; warm: the one a first run wrote).
  const people = await timed(() => peopleForChange(loaded, touched, { now: new Date(), git: loaded.git, facts: warm ? { cacheFile: miningCache } : {} }), false);
  return { load, check, people, touched: touched.length };
}

/** The Source Control view's sequence: the index loaded once (from its cache), then `times` checks of the working tree, each timed. */
export async function measureEditorChecks(root: string, times: number): Promise<ThreadTiming[]> {
  const loaded = await loadWorkspace(root, { cachePath: roundPaths(root).cachePath });
  const checks: ThreadTiming[] = [];
  for (let i = 0; i < times; i++) checks.push(await timed(() => checkChange(loaded, { kind: 'working' }, { now: new Date() }), false));
  return checks;
}

/** Wall time, and this thread's CPU time (bench/threadCpu.ts), of `work`, after a full collection unless `collect` is false. */
export interface ThreadTiming {
  ms: number;
  threadMs: number;
}

async function timed(work: () => unknown, collect = true): Promise<ThreadTiming> {
  if (collect) collectGarbage();
  const cpu = cpuStopwatch();
  const start = nowMs();
  await work();
  return { ms: nowMs() - start, threadMs: cpu() };
}

/** One round: the floor, then `incident-lens check`'s load, check and people, each in wall and thread CPU time. */
export interface Round {
  floor: ThreadTiming;
  load: ThreadTiming;
  check: ThreadTiming;
  people: ThreadTiming;
}

/** The editor's checks against the warm command rounds' load: the medians, and their shares of it. */
export function editorPhase(checks: readonly ThreadTiming[], warm: Pick<CheckPhase, 'loadMs' | 'loadCpuMs'>): EditorPhase {
  const checkMs = median(checks.map((c) => c.ms));
  const checkCpuMs = median(checks.map((c) => c.threadMs));
  return { checkMs, checkCpuMs, checkShareOfLoad: checkMs / warm.loadMs, checkCpuShareOfLoad: checkCpuMs / warm.loadCpuMs, repetitions: checks.length };
}

/** The rounds' figures: medians of each round's own shares (a slow round's check is judged against its own slow load), and their middle half. */
export function checkPhase(rounds: readonly Round[]): CheckPhase {
  const med = (pick: (r: Round) => number) => median(rounds.map(pick));
  const loadMs = med((r) => r.load.ms);
  const checkMs = med((r) => r.check.ms);
  const wallShares = rounds.map((r) => r.check.ms / r.load.ms);
  const cpuShares = rounds.map((r) => r.check.threadMs / r.load.threadMs);
  return {
    floorMs: med((r) => r.floor.ms),
    loadMs,
    checkMs,
    ratio: med((r) => (r.load.ms + r.check.ms) / r.floor.ms),
    checkShareOfLoad: median(wallShares),
    checkCpuShareOfLoad: median(cpuShares),
    checkShareSpread: quartiles(wallShares),
    checkCpuShareSpread: quartiles(cpuShares),
    loadCpuMs: med((r) => r.load.threadMs),
    checkCpuMs: med((r) => r.check.threadMs),
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
