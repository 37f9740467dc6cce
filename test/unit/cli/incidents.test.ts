import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, numbered, runCli, type TempRepo } from './repo';

describe('incident-lens incidents', function () {
  this.timeout(60_000);
  let repo: TempRepo;

  before(() => {
    repo = makeRepo();
  });
  after(() => repo.remove());

  it('lists what is linked at a line, a range or a file, as JSON', async () => {
    const atLine = await runCli(['incidents', 'src/pay.ts:15', '--json'], repo.dir, repo.env);
    assert.equal(atLine.code, 0, atLine.stderr);
    assert.deepEqual(JSON.parse(atLine.stdout), [{ id: 'INC-1', title: 'INC-1 title', severity: 'SEV1', role: 'root-cause', lines: '10-20' }]);
    const outside = await runCli(['incidents', 'src/pay.ts:21-30', '--json'], repo.dir, repo.env);
    assert.deepEqual(JSON.parse(outside.stdout), []);
    const file = await runCli(['incidents', 'src/util.ts:3', '--json'], repo.dir, repo.env);
    assert.deepEqual(JSON.parse(file.stdout), [{ id: 'INC-2', title: 'INC-2 title', severity: 'SEV3', role: 'related', lines: null }]);
  });

  it('follows code that moved since it was linked, and takes paths relative to the current folder', async () => {
    repo.write('src/pay.ts', numbered(3, 'new') + numbered(40));
    try {
      const text = await runCli(['incidents', 'pay.ts:14'], join(repo.dir, 'src'), repo.env);
      assert.equal(text.code, 0, text.stderr);
      assert.equal(text.stdout, 'INC-1  SEV1  root-cause  src/pay.ts:13-23  INC-1 title\n');
      const before = await runCli(['incidents', 'pay.ts:10-12'], join(repo.dir, 'src'), repo.env);
      assert.equal(before.stdout, 'No incidents linked at pay.ts:10-12.\n');
    } finally {
      repo.git('checkout', '-q', '--', 'src/pay.ts');
    }
  });

  it('says what to write instead of a bad location', async () => {
    const reversed = await runCli(['incidents', 'src/pay.ts:20-10'], repo.dir, repo.env);
    assert.equal(reversed.code, 2);
    assert.match(reversed.stderr, /Lines 20-10 make no range/);
    const outside = await runCli(['incidents', '../elsewhere.ts'], repo.dir, repo.env);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /is outside the workspace/);
    const none = await runCli(['incidents'], repo.dir, repo.env);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /give exactly one location/);
  });

  it('starts warm from the index it saved in the user\'s cache, and reads a file again once its size or mtime changed', async () => {
    const file = join(repo.dir, '.incidents', 'INC-1.yaml');
    const cacheDir = join(repo.home, '.cache', 'incident-lens', 'index');
    const env = { ...repo.env, XDG_CACHE_HOME: '' };
    const age = (seconds: number) => utimesSync(file, new Date(), new Date(Date.now() - seconds * 1000));
    const title = async () => (JSON.parse((await runCli(['incidents', 'src/pay.ts:15', '--json'], repo.dir, env)).stdout) as { title: string }[])[0]?.title;
    const original = readFileSync(file, 'utf8');
    try {
      // A file written a moment ago is not cached (its mtime could still hide another write).
      age(3600);
      assert.equal(await title(), 'INC-1 title');
      const [cache] = readdirSync(cacheDir);
      assert.ok(cache?.endsWith('.jsonl'), 'one index file for this repository');
      assert.match(readFileSync(join(cacheDir, cache), 'utf8'), /INC-1 title/);

      // Same size and mtime: the cache stands for the file, so it is not read (what makes the start warm).
      const mtime = statSync(file).mtime;
      writeFileSync(file, original.replace('INC-1 title', 'INC-1 TITLE'));
      utimesSync(file, new Date(), mtime);
      assert.equal(await title(), 'INC-1 title');

      // Another size or mtime: read again.
      writeFileSync(file, original.replace('INC-1 title', 'INC-1 renamed'));
      age(1800);
      assert.equal(await title(), 'INC-1 renamed');
    } finally {
      writeFileSync(file, original);
    }
  });

  it('follows a renamed file for a link whose commit this clone does not have (a shallow clone, rewritten history)', async () => {
    const own = makeRepo();
    try {
      const incident = join(own.dir, '.incidents', 'INC-1.yaml');
      writeFileSync(incident, readFileSync(incident, 'utf8').replace('    role: root-cause', '    commit: deadbeefdeadbeef\n    role: root-cause'));
      own.git('commit', '-q', '-am', 'the link names a commit from elsewhere');
      own.git('mv', 'src/pay.ts', 'src/billing.ts');
      own.git('commit', '-q', '-m', 'rename');
      const found = await runCli(['incidents', 'src/billing.ts:15', '--json'], own.dir, own.env);
      assert.equal(found.code, 0, found.stderr);
      assert.deepEqual(JSON.parse(found.stdout), [{ id: 'INC-1', title: 'INC-1 title', severity: 'SEV1', role: 'root-cause', lines: '10-20' }]);
    } finally {
      own.remove();
    }
  });
});
