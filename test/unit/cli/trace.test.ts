import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDemo } from '../services/fixtureWorkspace';
import { runCli, runProcess } from './repo';
import { CLI } from './repo';

const TRACE = [
  'Traceback (most recent call last):',
  '  File "/srv/app/src/catalog/productCache.ts", line 25, in get',
  '  File "/usr/lib/python3.12/site-packages/redis/client.py", line 73, in get',
  'TimeoutError: redis',
].join('\n');

describe('incident-lens trace', function () {
  this.timeout(60_000);
  let demo: ReturnType<typeof copyDemo>;

  before(() => {
    demo = copyDemo();
  });
  after(() => demo.dispose());

  it('reads a trace from stdin and prints the issue\'s JSON shape', async () => {
    const run = await runProcess(process.execPath, [CLI, 'trace', '--json'], demo.root, process.env, TRACE);
    assert.equal(run.code, 0, run.stderr);
    const json = JSON.parse(run.stdout);
    assert.deepEqual(json.frames.map((f: { path: string | null; line: number; incidents: string[]; skipped: string | null }) => [f.path, f.line, f.incidents, f.skipped]), [
      ['src/catalog/productCache.ts', 25, ['INC-157'], null],
      [null, 73, [], 'library code (site-packages)'],
    ]);
    assert.deepEqual(json.incidents.map((i: { id: string; severity: string }) => [i.id, i.severity]), [['INC-157', 'SEV2']]);
    assert.deepEqual(json.experts.map((e: { name: string }) => e.name), ['dmitri', 'alice']);
  });

  it('reads a trace from a file, as text with the people to ask', async () => {
    writeFileSync(join(demo.root, 'trace.txt'), TRACE);
    const run = await runCli(['trace', 'trace.txt'], demo.root, process.env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^2 frames \(python\), 1 on linked code:\n#1 get src\/catalog\/productCache\.ts:25 → INC-157 SEV2 /);
    assert.match(run.stdout, /People to ask: dmitri \(responded to INC-157\), alice \(responded to INC-157\)/);
  });

  it('says so when there is nothing to read or no trace in it', async () => {
    const missing = await runCli(['trace', 'nope.txt'], demo.root, process.env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read .*nope\.txt: ENOENT/);
    const empty = await runProcess(process.execPath, [CLI, 'trace', '-'], demo.root, process.env, 'Deploy finished at 12:30\n');
    assert.equal(empty.code, 0);
    assert.match(empty.stdout, /^No stack frames found/);
  });
});
