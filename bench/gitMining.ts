// Mining git history for fixes, on a generated repository of 50,000 commits (git fast-import),
// 1 in 100 naming an incident and every other one mentioning an id in passing. The floor is
// plain `git log` printing what mining must get from git, with the very filters, format and
// diff options mining runs (miningLogArgs: `git log -p -U0 -M --use-mailmap --format=<fields>
// -i -E --all-match --grep=<keyword stems> --grep=<ids> HEAD --`: the 500 fixes with their
// diffs); mining adds parsing and the cache. Also timed, for where the time goes: the same log
// without diffs, and the git processes' CPU time beside ours. Then one new commit as
// `git commit` makes it (naming an incident, so its diff is read) as a fraction of the full run,
// and one that names none (read from the object files, no git process).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineFixes, miningLogArgs } from '../src/adapters/gitMining';
import { streamGit } from '../src/adapters/gitMiningProcess';
import { measure, median, medianTiming, type Timing } from './measure';

const COMMITS = Number(process.env.BENCH_GIT_COMMITS ?? 50_000);
/** One commit in this many names an incident ("Fixes INC-n" or an `Incident:` trailer). */
const FIX_EVERY = 100;
const FILES = 500;
/**
 * Repetitions, taken in turns with the floors; the medians are the figures. On a shared machine a
 * burst of load can land on any one run, so the full runs are 5 and the short incremental ones 7.
 */
const RUNS = 5;
const INCREMENTAL_RUNS = 7;
const REFERENCES = ['INC-\\d+'];
/** What mining puts after its record markers (a random word per run there); as long here. */
const NONCE = '0f1e2d3c4b5a6978';

/** A timing with the CPU time of the git processes it waited for (Linux; 0 elsewhere). */
export interface GitTiming extends Timing {
  gitCpuMs: number;
}

export interface GitMiningResult {
  commits: number;
  fixes: number;
  generateMs: number;
  /** The floor command, as run. */
  floorCommand: string;
  /** The floor: git printing the candidates with their diffs. */
  gitLog: GitTiming;
  gitLogWithoutDiffs: GitTiming;
  /** `cpuRatio`: mining's CPU time, ours and git's, to the floor's (the median of the runs' ratios). */
  fullMining: GitTiming & { ratio: number; cpuRatio: number; ratioToGitLogWithoutDiffs: number };
  /** `cpuFractionOfFull`: its CPU time to the full run's, ours and git's. */
  oneNewCommit: GitTiming & { fractionOfFull: number; cpuFractionOfFull: number };
  oneNewPlainCommit: GitTiming & { fractionOfFull: number };
}

export async function benchGitMining(): Promise<GitMiningResult> {
  const root = await mkdtemp(join(tmpdir(), 'incident-lens-bench-git-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'incident-lens-bench-git-cache-'));
  try {
    const started = Date.now();
    generate(root, COMMITS);
    const generateMs = Date.now() - started;
    const head = git(root, 'rev-parse', 'HEAD');
    // Floors and mining take turns, so drift and caches hit all alike.
    const floors: GitTiming[] = [];
    const withoutDiffs: GitTiming[] = [];
    const fulls: GitTiming[] = [];
    let fixes = 0;
    for (let run = 0; run < RUNS; run++) {
      floors.push(await measureGit(() => streamGit(root, miningLogArgs(head, REFERENCES, NONCE), () => undefined)));
      withoutDiffs.push(await measureGit(() => streamGit(root, miningLogArgs(head, REFERENCES, NONCE, false), () => undefined)));
      const cacheFile = join(cacheDir, `full-${run}.json`);
      fulls.push(await measureGit(async () => {
        fixes = (await mineFixes(root, { references: REFERENCES, cacheFile })).fixes.length;
      }));
    }
    const cacheFile = join(cacheDir, 'full-0.json');
    const increments: GitTiming[] = [];
    const plain: GitTiming[] = [];
    for (let run = 0; run < INCREMENTAL_RUNS; run++) {
      commitOne(root, run, true);
      increments.push(await measureGit(() => mineOneNew(root, cacheFile, 1)));
      commitOne(root, run, false);
      plain.push(await measureGit(() => mineOneNew(root, cacheFile, 0)));
    }
    const full = medianGit(fulls);
    const one = medianGit(increments);
    const onePlain = medianGit(plain);
    return {
      commits: COMMITS,
      fixes,
      generateMs,
      floorCommand: `git ${miningLogArgs('HEAD', REFERENCES).map((a) => (/[\s%|()[\]\\]/.test(a) ? `'${a}'` : a)).join(' ')}`,
      gitLog: medianGit(floors),
      gitLogWithoutDiffs: medianGit(withoutDiffs),
      fullMining: {
        ...full,
        ratio: median(fulls.map((t, i) => t.ms / (floors[i] as Timing).ms)),
        cpuRatio: median(fulls.map((t, i) => (t.cpuMs + t.gitCpuMs) / ((floors[i] as GitTiming).cpuMs + (floors[i] as GitTiming).gitCpuMs))),
        ratioToGitLogWithoutDiffs: median(fulls.map((t, i) => t.ms / (withoutDiffs[i] as Timing).ms)),
      },
      oneNewCommit: { ...one, fractionOfFull: one.ms / full.ms, cpuFractionOfFull: (one.cpuMs + one.gitCpuMs) / (full.cpuMs + full.gitCpuMs) },
      oneNewPlainCommit: { ...onePlain, fractionOfFull: onePlain.ms / full.ms },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** An incremental run that must read exactly `named` commits naming an incident (the plain one is not read at all). */
async function mineOneNew(root: string, cacheFile: string, named: number): Promise<void> {
  const mined = await mineFixes(root, { references: REFERENCES, cacheFile });
  if (mined.mode !== 'incremental' || mined.commitsRead !== named) throw new Error(`expected ${named} new commit(s) read incrementally, got ${mined.mode} ${mined.commitsRead}`);
}

async function measureGit(run: () => Promise<unknown>): Promise<GitTiming> {
  const before = childCpuMs();
  const timing = await measure(run);
  return { ...timing, gitCpuMs: childCpuMs() - before };
}

function medianGit(timings: readonly GitTiming[]): GitTiming {
  return { ...medianTiming(timings), gitCpuMs: median(timings.map((t) => t.gitCpuMs)) };
}

/** CPU time of this process's finished children (`cutime` + `cstime` of /proc/self/stat, 100 ticks a second); 0 off Linux. */
function childCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of the file; 14 and 15 after the name's closing parenthesis and the state.
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return 0;
  }
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }).trim();
}

/** A history of `count` commits, each changing a few lines of one of FILES files, 1 in FIX_EVERY naming an incident. */
export function generate(root: string, count: number): void {
  git(root, 'init', '-q', '-b', 'main');
  const chunks: string[] = [];
  const authors = ['Alice Smith <alice@corp.example>', 'alice <alice.smith@old.example>', 'Bob Jones <bob@corp.example>', 'Carol <carol@corp.example>'];
  const mailmap = 'Alice Smith <alice@corp.example> <alice.smith@old.example>\n';
  const time = Date.UTC(2020, 0, 1) / 1000;
  for (let i = 1; i <= count; i++) {
    const file = `src/module${i % FILES}/file${i % FILES}.ts`;
    const lines = Array.from({ length: 12 }, (_, n) => (n === i % 12 ? `changed in ${i}` : `line ${n} of ${file}`)).join('\n') + '\n';
    const message = i % FIX_EVERY === 0
      ? (i % (FIX_EVERY * 2) === 0 ? `Guard ${file}\n\nFixes INC-${i / FIX_EVERY}\n` : `Cap retries in ${file}\n\nIncident: INC-${i / FIX_EVERY}\n`)
      : `Change ${file} (${i})\n\nRoutine work, nothing to do with INC-${i % 7} at all.\n`;
    const author = authors[i % authors.length] as string;
    chunks.push(
      `commit refs/heads/main\nmark :${i}\nauthor ${author} ${time + i * 60} +0000\ncommitter ${author} ${time + i * 60} +0000\n`,
      `data ${Buffer.byteLength(message)}\n${message}`,
      i > 1 ? `from :${i - 1}\n` : '',
      `M 100644 inline ${file}\ndata ${Buffer.byteLength(lines)}\n${lines}\n`,
      i === 1 ? `M 100644 inline .mailmap\ndata ${Buffer.byteLength(mailmap)}\n${mailmap}\n` : '',
    );
  }
  execFileSync('git', ['fast-import', '--quiet'], { cwd: root, input: chunks.join(''), maxBuffer: 64 * 1024 * 1024 });
  git(root, 'reset', '-q', '--hard', 'main');
}

/**
 * One more commit on top, as `git commit` makes it (its objects loose): it changes a file and,
 * when `fix` is set, names an incident, so the incremental run has a diff to read.
 */
function commitOne(root: string, n: number, fix: boolean): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Bob Jones', GIT_AUTHOR_EMAIL: 'bob@corp.example', GIT_COMMITTER_NAME: 'Bob Jones', GIT_COMMITTER_EMAIL: 'bob@corp.example' };
  const file = `src/module${n}/file${n}.ts`;
  writeFileSync(join(root, file), `${readFileSync(join(root, file), 'utf8')}after the pull ${n} ${fix}\n`);
  const message = fix ? `Retry after the pull ${n}\n\nFixes INC-9${n}` : `Rename a variable ${n}`;
  execFileSync('git', ['commit', '-q', '-a', '-m', message], { cwd: root, env });
}
