// The demo repository copied to a temporary folder (outside any git work tree), as the
// fixture workspace the services, the trace command and the MCP server are tested against;
// or as a git repository with a fix commit, for the people to ask.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The repository root, wherever the bundled test runs from. */
export function repo(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'demo'))) dir = dirname(dir);
  return dir;
}

export function copyDemo(): { root: string; dispose(): void } {
  const root = mkdtempSync(join(tmpdir(), 'incident-lens-agents-'));
  cpSync(join(repo(), 'demo'), root, { recursive: true });
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** The fix commit's author in copyDemoWithHistory. */
export const FIXER = { name: 'Priya Shah', email: 'priya@example.com' };

export interface DemoRepository {
  root: string;
  /** Environment for processes run in it: git identity, and a mining cache in the temporary folder. */
  env: NodeJS.ProcessEnv;
  /** The fix commit's hash. */
  fix: string;
  /** The fix commit's date, YYYY-MM-DD. */
  fixDay: string;
  dispose(): void;
}

/**
 * The demo as a repository with a history: everything committed long ago by an old author,
 * with charge.ts's backoff still without jitter, then Priya Shah's commit "Fixes INC-142"
 * (two days ago) that brings charge.ts lines 36-39 to the demo's text, and a CODEOWNERS
 * file giving src/payments/ to @payments-team.
 */
export function copyDemoWithHistory(): DemoRepository {
  const demo = copyDemo();
  const home = join(demo.root, '.test-home');
  mkdirSync(home);
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), GIT_CONFIG_NOSYSTEM: '1' };
  const git = (who: { name: string; email: string }, date: string, ...args: string[]) => execFileSync('git', args, {
    cwd: demo.root, encoding: 'utf8',
    env: { ...env, GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  }).trim();
  const old = { name: 'Old Author', email: 'old@example.com' };
  const charge = join(demo.root, 'src/payments/charge.ts');
  const fixed = readFileSync(charge, 'utf8');
  const jitter = '        // INC-142: the backoff has full jitter now; without it every client\n        // retried in lockstep and turned a slow database into an outage.\n        const ceiling = BASE_DELAY_MS * 2 ** attempt;\n        await sleep(Math.random() * ceiling);\n';
  if (!fixed.includes(jitter)) throw new Error('the demo\'s charge.ts changed: update copyDemoWithHistory');
  writeFileSync(charge, fixed.replace(jitter, '        // Exponential backoff between attempts.\n        // (Every client waits the same time.)\n        const ceiling = BASE_DELAY_MS * 2 ** attempt;\n        await sleep(ceiling);\n'));
  writeFileSync(join(demo.root, '.gitignore'), '.test-home/\n');
  mkdirSync(join(demo.root, '.github'));
  writeFileSync(join(demo.root, '.github/CODEOWNERS'), 'src/payments/ @payments-team\n');
  git(old, '2020-01-01T12:00:00Z', 'init', '-q', '-b', 'main');
  git(old, '2020-01-01T12:00:00Z', 'add', '-A');
  git(old, '2020-01-01T12:00:00Z', 'commit', '-q', '-m', 'Checkout service');
  writeFileSync(charge, fixed);
  const when = new Date(Date.now() - 2 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  git(FIXER, when, 'commit', '-q', '-am', 'Add full jitter to charge retries\n\nFixes INC-142');
  return { root: demo.root, env, fix: git(FIXER, when, 'rev-parse', 'HEAD'), fixDay: git(FIXER, when, 'log', '-1', '--format=%aI').slice(0, 10), dispose: demo.dispose };
}
