// The README's pre-commit hook and GitHub Actions workflow, run for real against
// temporary repositories: the hook by `git commit` itself, the workflow's `run` steps in
// order the way a runner runs them (bash, GITHUB_PATH, GITHUB_STEP_SUMMARY, RUNNER_TEMP,
// the step's env with its `${{ }}` expressions filled in from a pull request's context).
import * as assert from 'node:assert/strict';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CLI, cliOnPath, makeRepo, numbered, runProcess, type TempRepo } from './repo';

const README = readFileSync(resolve(__dirname, '../../../../README.md'), 'utf8');

/** The fenced block right after `<!-- incident-lens:<name> -->` in the README. */
function recipe(name: string): string {
  const match = new RegExp(`<!-- incident-lens:${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(README);
  assert.ok(match?.[1], `README has no ${name} block`);
  return `${match[1]}\n`;
}

function linkedLineChanged(): string {
  return numbered(40).replace('line 15\n', 'line 15 with jitter\n');
}

describe('The README pre-commit hook', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let env: NodeJS.ProcessEnv;

  beforeEach(() => {
    repo = makeRepo();
    writeFileSync(join(repo.dir, '.git/hooks/pre-commit'), recipe('pre-commit'));
    chmodSync(join(repo.dir, '.git/hooks/pre-commit'), 0o755);
    env = { ...repo.env, PATH: `${cliOnPath(repo.home)}${delimiter}${process.env.PATH ?? ''}` };
  });
  afterEach(() => repo.remove());

  it('stops a commit that touches high-risk linked code, and names the incident', async () => {
    repo.write('src/pay.ts', linkedLineChanged());
    repo.git('add', 'src/pay.ts');
    const commit = await runProcess('git', ['commit', '-m', 'tweak retries'], repo.dir, env);
    assert.equal(commit.code, 1, commit.stdout + commit.stderr);
    // Git shows a hook's output on stderr.
    const shown = commit.stdout + commit.stderr;
    assert.match(shown, /INC-1 {2}SEV1 {2}root-cause {2}INC-1 title/);
    assert.match(shown, /To commit anyway: git commit --no-verify/);
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '1', 'nothing was committed');
  });

  it('lets a commit elsewhere through, and never blocks when the check cannot run', async () => {
    repo.write('src/free.ts', numbered(11, 'free'));
    repo.git('add', 'src/free.ts');
    const commit = await runProcess('git', ['commit', '-q', '-m', 'free'], repo.dir, env);
    assert.equal(commit.code, 0, commit.stderr);
    assert.match(commit.stdout + commit.stderr, /No linked code touched/);
    // A broken setup (the command missing from PATH would be 127; a failing check is 2): commit goes through on 2.
    writeFileSync(join(repo.home, 'bin/incident-lens'), '#!/bin/sh\nexit 2\n', { mode: 0o755 });
    repo.write('src/pay.ts', linkedLineChanged());
    repo.git('add', 'src/pay.ts');
    const through = await runProcess('git', ['commit', '-q', '-m', 'risky'], repo.dir, env);
    assert.equal(through.code, 0, through.stderr);
    assert.equal(repo.git('rev-list', '--count', 'HEAD').trim(), '3');
  });
});

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
}

describe('The README GitHub Actions workflow', function () {
  this.timeout(60_000);

  it('annotates the pull request and writes the job summary when run step by step on a checkout', async () => {
    const workflow = parse(recipe('workflow')) as { on: unknown; jobs: Record<string, { steps: Step[] }> };
    assert.equal(workflow.on, 'pull_request');
    const [job] = Object.values(workflow.jobs);
    assert.ok(job);
    const checkout = job.steps.find((step) => step.uses?.startsWith('actions/checkout'));
    assert.ok(checkout, 'the workflow checks the repository out');

    // The checkout: a pull request branch with a commit touching linked code, and the base as origin/main.
    const repo = makeRepo();
    try {
      repo.git('update-ref', 'refs/remotes/origin/main', 'HEAD');
      repo.git('checkout', '-q', '-b', 'pr');
      repo.write('src/pay.ts', linkedLineChanged());
      repo.git('commit', '-q', '-am', 'retries with jitter');
      // The repository vendors the built CLI, as the README says.
      mkdirSync(join(repo.dir, 'tools'), { recursive: true });
      copyFileSync(CLI, join(repo.dir, 'tools/incident-lens.js'));

      const runnerTemp = join(repo.home, 'runner-temp');
      mkdirSync(runnerTemp);
      const githubPath = join(repo.home, 'github-path');
      const summary = join(repo.home, 'step-summary.md');
      writeFileSync(githubPath, '');
      const context: Record<string, string> = { 'github.base_ref': 'main', 'github.head_ref': 'pr', 'github.event_name': 'pull_request' };
      const outputs: string[] = [];
      for (const step of job.steps) {
        if (!step.run) continue;
        const added = readFileSync(githubPath, 'utf8').split('\n').filter(Boolean).reverse();
        const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([key, value]) => [key, fillExpressions(String(value), context)]));
        const env = {
          ...repo.env, ...stepEnv,
          PATH: [...added, process.env.PATH ?? ''].join(delimiter),
          RUNNER_TEMP: runnerTemp, GITHUB_PATH: githubPath, GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: repo.dir, CI: 'true', GITHUB_ACTIONS: 'true',
        };
        assert.doesNotMatch(step.run, /\$\{\{/, `step "${step.name}" puts an expression in its script (use env: instead)`);
        const result = await runProcess('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], repo.dir, env);
        assert.equal(result.code, 0, `step "${step.name}" failed: ${result.stderr}`);
        outputs.push(result.stdout);
      }
      const annotations = outputs.join('').split('\n').filter((line) => line.startsWith('::'));
      assert.deepEqual(annotations, ['::warning file=src/pay.ts,line=10,endLine=20,title=Incident risk%3A high::changed code linked to INC-1 (SEV1, root-cause): INC-1 title. Ask: Test (changed 11 of these 11 lines in the last year)']);
      assert.ok(existsSync(summary), 'the job summary was written');
      assert.match(readFileSync(summary, 'utf8'), /^### Incident risk: high$/m);
    } finally {
      repo.remove();
    }
  });
});

/** `${{ github.base_ref }}` and the like, from `context`; anything else fails the test (the README must stay runnable). */
function fillExpressions(value: string, context: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const known = context[name];
    assert.ok(known !== undefined, `the test runner does not know the expression ${name}`);
    return known;
  });
}
