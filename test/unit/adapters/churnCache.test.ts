import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recentChurn, type ChurnQuery } from '../../../src/adapters/churnCache';
import { makeRepo, numbered, type TempRepo } from '../cli/repo';

const DAY_MS = 86_400_000;

describe('churn remembered per HEAD (adapters/churnCache)', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  /** The pathspecs git's log was run with, one entry per run (undefined: the whole log). */
  let logs: (readonly string[] | undefined)[];
  let cacheFile: string;

  /** A query as changeRisk.ts makes it: git's own log, relative to `root`. */
  const query = (paths: string[], overrides: Partial<ChurnQuery> = {}): ChurnQuery => ({
    root: repo.dir,
    paths,
    days: 90,
    now: new Date(),
    cacheFile,
    log: async (asked) => {
      logs.push(asked);
      const pathspec = asked ? ['--', ...asked] : [];
      return execFileSync('git', ['log', '--relative', '--since=90.days', '--no-renames', '--name-only', '--format=%x00%ct', ...pathspec], { cwd: overrides.root ?? repo.dir, env: repo.env, encoding: 'utf8' });
    },
    ...overrides,
  });

  const commit = (path: string, text: string) => {
    repo.write(path, text);
    repo.git('commit', '-q', '-am', `edit ${path}`);
  };

  beforeEach(() => {
    repo = makeRepo();
    logs = [];
    cacheFile = join(repo.home, 'cache', 'churn.json');
    commit('src/pay.ts', numbered(41));
    commit('src/pay.ts', numbered(42));
  });
  afterEach(() => repo.remove());

  it('reads git once per HEAD: the same files again come from the cache file, counted alike', async () => {
    const first = await recentChurn(query(['src/pay.ts', 'src/util.ts', 'src/free.ts']), 200);
    assert.deepEqual([...(first ?? [])], [['src/pay.ts', 3], ['src/util.ts', 1], ['src/free.ts', 1]]);
    assert.deepEqual(logs, [['src/pay.ts', 'src/util.ts', 'src/free.ts']]);
    const again = await recentChurn(query(['src/pay.ts', 'src/free.ts']), 200);
    assert.deepEqual([...(again ?? [])], [['src/pay.ts', 3], ['src/free.ts', 1]]);
    assert.equal(logs.length, 1, 'no second git log for the same HEAD');
    const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as { head: string; times: [string, number[]][] };
    assert.equal(stored.head, repo.git('rev-parse', 'HEAD').trim());
    assert.equal(new Map(stored.times).get('src/pay.ts')?.length, 3);
  });

  it('asks git only about files it has not read at this HEAD, and again after a commit', async () => {
    await recentChurn(query(['src/pay.ts']), 200);
    const more = await recentChurn(query(['src/pay.ts', 'src/util.ts']), 200);
    assert.deepEqual([...(more ?? [])], [['src/pay.ts', 3], ['src/util.ts', 1]]);
    assert.deepEqual(logs, [['src/pay.ts'], ['src/util.ts']]);
    commit('src/util.ts', numbered(11, 'util'));
    const after = await recentChurn(query(['src/pay.ts', 'src/util.ts']), 200);
    assert.deepEqual([...(after ?? [])], [['src/pay.ts', 3], ['src/util.ts', 2]]);
    assert.deepEqual(logs.at(-1), ['src/pay.ts', 'src/util.ts'], 'a new HEAD reads every file again');
  });

  it('counts only the commits inside the window of the day it is asked', async () => {
    await recentChurn(query(['src/pay.ts']), 200);
    const later = await recentChurn(query(['src/pay.ts'], { now: new Date(Date.now() + 91 * DAY_MS) }), 200);
    assert.deepEqual([...(later ?? [])], [['src/pay.ts', 0]]);
    assert.equal(logs.length, 1);
  });

  it('reads git again when a shallow clone is deepened under the same HEAD', async () => {
    await recentChurn(query(['src/pay.ts']), 200);
    writeFileSync(join(repo.dir, '.git', 'shallow'), `${repo.git('rev-list', '--max-parents=0', 'HEAD').trim()}\n`);
    await recentChurn(query(['src/pay.ts']), 200);
    assert.equal(logs.length, 2);
  });

  it('ignores a damaged cache file and writes it anew; a file named like an object key is a file', async () => {
    await recentChurn(query(['src/pay.ts']), 200);
    writeFileSync(cacheFile, '{"version":1,"head":');
    const read = await recentChurn(query(['src/pay.ts', '__proto__', 'constructor']), 200);
    assert.deepEqual([...(read ?? [])], [['src/pay.ts', 3], ['__proto__', 0], ['constructor', 0]]);
    assert.equal(logs.length, 2);
    assert.equal(JSON.parse(readFileSync(cacheFile, 'utf8')).version, 1);
  });

  it('reads the whole log past the pathspec limit, and answers undefined when git fails', async () => {
    const all = await recentChurn(query(['src/pay.ts', 'src/util.ts']), 1);
    assert.deepEqual([...(all ?? [])], [['src/pay.ts', 3], ['src/util.ts', 1]]);
    assert.deepEqual(logs, [undefined]);
    const failed = await recentChurn(query(['src/free.ts'], { log: async () => undefined }), 200);
    assert.equal(failed, undefined);
  });

  it('remembers nothing where HEAD cannot be read from .git (a folder below the top): git every time', async () => {
    const below = join(repo.dir, 'src');
    await recentChurn(query(['pay.ts'], { root: below }), 200);
    await recentChurn(query(['pay.ts'], { root: below }), 200);
    assert.equal(logs.length, 2);
  });
});
