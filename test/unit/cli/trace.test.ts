import * as assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDemoWithHistory, FIXER, type DemoRepository } from '../services/fixtureWorkspace';
import { runCli, runProcess } from './repo';
import { CLI } from './repo';

const TRACE = [
  'Traceback (most recent call last):',
  '  File "/srv/app/src/payments/charge.ts", line 37, in charge',
  '  File "/usr/lib/python3.12/site-packages/redis/client.py", line 73, in get',
  'TimeoutError: redis',
].join('\n');

describe('incident-lens trace', function () {
  this.timeout(60_000);
  // A repository whose history has Priya Shah's commit "Fixes INC-142" on charge.ts lines 36-39.
  let demo: DemoRepository;

  before(() => {
    demo = copyDemoWithHistory();
  });
  after(() => demo.dispose());

  it('reads a trace from stdin and prints the issue\'s JSON shape', async () => {
    const run = await runProcess(process.execPath, [CLI, 'trace', '--json'], demo.root, demo.env, TRACE);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.frames.map((f: { path: string | null; line: number; incidents: string[]; skipped: string | null }) => [f.path, f.line, f.incidents, f.skipped]), [
      ['src/payments/charge.ts', 37, ['INC-142', 'INC-131'], null],
      [null, 73, [], 'library code (site-packages)'],
    ]);
    assert.deepEqual(json.incidents.map((i: { id: string; severity: string }) => [i.id, i.severity]), [['INC-142', 'SEV1'], ['INC-131', 'SEV3']]);
    assert.deepEqual(json.experts[0], {
      name: FIXER.name, email: FIXER.email, score: 5, reasons: [
        { kind: 'fix-author', detail: `wrote the fix for INC-142 (commit ${demo.fix.slice(0, 7)}, ${demo.fixDay})` },
        { kind: 'recent-author', detail: 'changed this line in the last year' },
      ],
    });
    assert.deepEqual(json.experts.map((e: { name: string; score: number }) => [e.name, e.score]), [[FIXER.name, 5], ['alice', 3], ['bob', 3], ['carol', 3], ['@payments-team', 1]]);
  });

  it('reads a trace from a file, as text with the people to ask', async () => {
    writeFileSync(join(demo.root, 'trace.txt'), TRACE);
    const run = await runCli(['trace', 'trace.txt'], demo.root, demo.env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^2 frames \(python\), 1 on linked code:\n#1 charge src\/payments\/charge\.ts:37 → INC-142 SEV1 root-cause; INC-131 SEV3 contributing\n/);
    assert.ok(run.stdout.endsWith([
      'People to ask:',
      `  Priya Shah <priya@example.com>: wrote the fix for INC-142 (commit ${demo.fix.slice(0, 7)}, ${demo.fixDay}); changed this line in the last year`,
      '  alice: responded to INC-142 (linked here as root-cause)',
      '  bob: responded to INC-142 (linked here as root-cause)',
      '  carol: responded to INC-131 (linked here as contributing)',
      '  @payments-team: owns src/payments/ by CODEOWNERS (.github/CODEOWNERS line 1)',
      '',
    ].join('\n')), run.stdout);
    // Mined once, remembered in the cache the environment names, not in the user's home.
    assert.ok(existsSync(join(demo.env.XDG_CACHE_HOME as string, 'incident-lens', 'git-mining')));
  });

  it('says so when there is nothing to read or no trace in it', async () => {
    const missing = await runCli(['trace', 'nope.txt'], demo.root, demo.env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.txt: ENOENT/);
    const empty = await runProcess(process.execPath, [CLI, 'trace', '-'], demo.root, demo.env, 'Deploy finished at 12:30\n');
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /^No stack frames found/);
  });
});
