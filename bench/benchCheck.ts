// `incident-lens check` at scale: a git repository holding the generated incidents and
// the source files they link (every link's fingerprint and commit real, so the anchors
// place them as they would in a real repository), a working-tree diff of about 1,000
// lines across linked files from the hottest to the coldest, and the check measured as `incident-lens check`
// runs it: load the workspace (cold: no cache; warm: from the index cache), check, then find
// the people to ask about each touched place (one blame per changed file). Each is compared
// with the index's own floors in the same run; the check's share of loading is what the
// target bounds, and the people's share is reported beside it.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { fingerprint } from '../src/core/fingerprint';
import { peopleForChange } from '../src/services/changePeople';
import { checkChange, type ChangeCheck } from '../src/services/changeRisk';
import { loadWorkspace } from '../src/services/workspace';
import { generateWorkspace } from './generateWorkspace';
import { collectGarbage, measure, medianTiming, type Timing } from './measure';

export interface CheckPhase {
  /** Medians (wall time) of the floor, of loading the workspace, and of the check after it. */
  floorMs: number;
  loadMs: number;
  checkMs: number;
  /** (load + check) / floor: what `incident-lens check` costs against reading the data at all. */
  ratio: number;
  /** check / load: what the check adds to loading the index (target <= 0.2). */
  checkShareOfLoad: number;
  /** The same in this process's CPU time, steadier on a shared machine (git's own processes not included). */
  checkCpuShareOfLoad: number;
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

export async function benchCheck(count: number, root: string): Promise<CheckResult> {
  const repository = await prepareCheckRepository(count, root);
  const cachePath = join(root, 'storage', 'check-cache.jsonl');
  mkdirSync(dirname(cachePath), { recursive: true });

  let touchedPlaces = 0;
  const miningCache = join(root, 'storage', 'mined-fixes.json');
  const run = async (cache: boolean): Promise<Run> => {
    collectGarbage();
    let workspace: Awaited<ReturnType<typeof loadWorkspace>> | undefined;
    const load = await measure(async () => {
      workspace = await loadWorkspace(root, cache ? { cachePath } : {});
    });
    const loaded = workspace as NonNullable<typeof workspace>;
    let result: ChangeCheck | undefined;
    const check = await measure(async () => {
      result = await checkChange(loaded, { kind: 'working' });
      touchedPlaces = result.touched.length;
    });
    // As `incident-lens check` asks (cold: no mining cache yet; warm: the one a first run wrote).
    const people = await measure(() => peopleForChange(loaded, (result as ChangeCheck).touched, { now: new Date(), git: loaded.git, facts: cache ? { cacheFile: miningCache } : {} }));
    return { load, check, people };
  };

  const repetitions = count >= 10_000 ? 3 : 5;
  const coldFloor: Timing[] = [];
  const cold: Run[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    collectGarbage();
    coldFloor.push(await measure(() => readAndParseYaml(join(root, '.incidents'))));
    cold.push(await run(false));
  }
  await loadWorkspace(root, { cachePath }); // writes the cache, as a first run does
  await run(true); // and the mined fixes' cache
  const warmFloor: Timing[] = [];
  const warm: Run[] = [];
  for (let rep = 0; rep < repetitions + 2; rep++) {
    collectGarbage();
    warmFloor.push(await measure(() => readFileSync(cachePath, 'utf8').split('\n').map((line) => (line ? (JSON.parse(line) as unknown) : undefined))));
    warm.push(await run(true));
  }
  return {
    incidents: count,
    ...repository,
    touchedPlaces,
    cold: phase(coldFloor, cold),
    warm: phase(warmFloor, warm),
  };
}

interface Run {
  load: Timing;
  check: Timing;
  people: Timing;
}

function phase(floor: Timing[], runs: Run[]): CheckPhase {
  const floorMs = medianTiming(floor).ms;
  const load = medianTiming(runs.map((r) => r.load));
  const check = medianTiming(runs.map((r) => r.check));
  const people = medianTiming(runs.map((r) => r.people));
  const [loadMs, checkMs] = [load.ms, check.ms];
  return {
    floorMs, loadMs, checkMs, ratio: (loadMs + checkMs) / floorMs, checkShareOfLoad: checkMs / loadMs, checkCpuShareOfLoad: check.cpuMs / load.cpuMs,
    peopleMs: people.ms, peopleShareOfLoad: people.ms / loadMs, peopleCpuShareOfLoad: people.cpuMs / load.cpuMs, repetitions: runs.length,
  };
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
