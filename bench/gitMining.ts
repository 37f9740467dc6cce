// Mining git history for fixes, on a generated repository of 50,000 commits (git fast-import),
// 1 in 100 naming an incident and every other one mentioning an id in passing: a full run as
// a ratio to plain `git log` with the same filters and format in the same run (the floor:
// what git needs to find the candidate commits at all; mining adds parsing, the fixes' diffs
// and the cache), and one new commit after it as a fraction of the full run.
import { execFileSync } from 'node:child_process';
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
const RUNS = 3;
const REFERENCES = ['INC-\\d+'];

export interface GitMiningResult {
  commits: number;
  fixes: number;
  generateMs: number;
  gitLog: Timing;
  fullMining: Timing & { ratio: number };
  oneNewCommit: Timing & { fractionOfFull: number };
}

export async function benchGitMining(): Promise<GitMiningResult> {
  const root = await mkdtemp(join(tmpdir(), 'incident-lens-bench-git-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'incident-lens-bench-git-cache-'));
  try {
    const started = Date.now();
    generate(root, COMMITS);
    const generateMs = Date.now() - started;
    const head = git(root, 'rev-parse', 'HEAD');
    // Floor and mining take turns, so drift and caches hit both alike.
    const floors: Timing[] = [];
    const fulls: Timing[] = [];
    let fixes = 0;
    for (let run = 0; run < RUNS; run++) {
      floors.push(await measure(() => streamGit(root, miningLogArgs(head), () => undefined)));
      const cacheFile = join(cacheDir, `full-${run}.json`);
      fulls.push(await measure(async () => {
        fixes = (await mineFixes(root, { references: REFERENCES, cacheFile })).fixes.length;
      }));
    }
    const cacheFile = join(cacheDir, 'full-0.json');
    const increments: Timing[] = [];
    for (let run = 0; run < RUNS; run++) {
      commitOne(root, run);
      increments.push(await measure(async () => {
        const mined = await mineFixes(root, { references: REFERENCES, cacheFile });
        if (mined.mode !== 'incremental' || mined.commitsRead !== 1) throw new Error(`expected one new commit read incrementally, got ${mined.mode} ${mined.commitsRead}`);
      }));
    }
    const gitLog = medianTiming(floors);
    const full = medianTiming(fulls);
    const one = medianTiming(increments);
    return {
      commits: COMMITS,
      fixes,
      generateMs,
      gitLog,
      fullMining: { ...full, ratio: median(fulls.map((t, i) => t.ms / (floors[i] as Timing).ms)) },
      oneNewCommit: { ...one, fractionOfFull: one.ms / full.ms },
    };
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
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

/** One more commit on top, naming an incident, so the incremental run has a diff to read. */
function commitOne(root: string, n: number): void {
  const env = { ...process.env, GIT_AUTHOR_NAME: 'Bob Jones', GIT_AUTHOR_EMAIL: 'bob@corp.example', GIT_COMMITTER_NAME: 'Bob Jones', GIT_COMMITTER_EMAIL: 'bob@corp.example' };
  execFileSync('git', ['commit', '-q', '--allow-empty', '-m', `After the pull ${n}\n\nFixes INC-9${n}`], { cwd: root, env });
}
