import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGitResult } from '../../../src/adapters/git';
import { ChangeRiskError, checkChange, startChangeCheck, type GitRunner } from '../../../src/services/changeRisk';
import { loadWorkspace } from '../../../src/services/workspace';
import { makeRepo, numbered, type TempRepo } from '../cli/repo';

/** git run as the check runs it, each command's name recorded in `events` as it starts, and its answer awaited in `answers`. */
function recording(events: string[], answers: Promise<unknown>[]): GitRunner {
  return (cwd, args, timeoutMs, maxOutput) => {
    events.push(`git ${args[0]}`);
    const answer = runGitResult(cwd, args, timeoutMs, maxOutput);
    answers.push(answer);
    return answer;
  };
}

describe('services/changeRisk startChangeCheck', function () {
  this.timeout(30_000);
  let repo: TempRepo;

  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.remove());

  it('asks git for where it is and for the diff before the index is loaded, and answers as checkChange does', async () => {
    const lines = numbered(40).split('\n');
    lines[14] = 'line 15 // retry with jitter';
    repo.write('src/pay.ts', lines.join('\n'));
    const events: string[] = [];
    const now = new Date();
    const started = startChangeCheck(repo.dir, { kind: 'working' }, { now }, recording(events, []));
    events.push('load started');
    const workspace = await loadWorkspace(repo.dir);
    events.push('load settled');
    const check = await started.finish(workspace);
    events.push('check finished');
    assert.deepEqual(events.slice(0, 3), ['git rev-parse', 'git diff', 'load started'], 'git runs while the index loads, not after it');
    assert.deepEqual(events.filter((event) => !event.startsWith('git')), ['load started', 'load settled', 'check finished']);
    assert.deepEqual(check, await checkChange(workspace, { kind: 'working' }, { now }), 'the same answer as the check after a finished load');
    assert.deepEqual(check.touched.map((t) => [t.path, t.lines, t.links.map((l) => l.incident.id)]), [['src/pay.ts', { start: 10, end: 20 }, ['INC-1']]]);
  });

  it('starts a branch check with git before the index too, and finds the merge base', async () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/util.ts', numbered(11, 'util'));
    repo.git('commit', '-q', '-am', 'feature work');
    const events: string[] = [];
    const now = new Date();
    const started = startChangeCheck(repo.dir, { kind: 'base', ref: 'main' }, { now }, recording(events, []));
    events.push('load started');
    const workspace = await loadWorkspace(repo.dir);
    const check = await started.finish(workspace);
    assert.deepEqual(events.slice(0, 2), ['git rev-parse', 'load started'], 'where HEAD is, asked before the load; the merge base as soon as git answers');
    assert.ok(events.includes('git merge-base'));
    assert.equal(check.base, repo.git('rev-parse', 'main').trim());
    assert.deepEqual(check, await checkChange(workspace, { kind: 'base', ref: 'main' }, { now }));
  });

  it('keeps git\'s refusal for finish(), with checkChange\'s words, and leaves no unhandled rejection when cancelled', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'incident-lens-not-a-repo-'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      writeFileSync(join(outside, 'a.ts'), 'a\n');
      const workspace = await loadWorkspace(outside);
      const answers: Promise<unknown>[] = [];
      const refused = startChangeCheck(outside, { kind: 'working' }, {}, recording([], answers));
      await assert.rejects(refused.finish(workspace), (error: Error) => error instanceof ChangeRiskError && error.message === `${outside} is not inside a git work tree: run this in a clone of your repository.`);
      // Cancelled before the load, as the command line does when the load fails: git answers, nobody asks.
      const cancelledAnswers: Promise<unknown>[] = [];
      startChangeCheck(outside, { kind: 'working' }, {}, recording([], cancelledAnswers)).cancel();
      await Promise.all(cancelledAnswers);
      await new Promise((done) => setImmediate(done));
      await new Promise((done) => setImmediate(done));
      assert.deepEqual(unhandled, []);
      assert.equal(cancelledAnswers.length, 2, 'rev-parse and the diff were asked before the cancel');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
