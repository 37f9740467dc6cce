import * as assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineFixes, type MinedFixes } from '../../../src/adapters/gitMining';
import { looseCommitsSince } from '../../../src/adapters/gitLooseCommits';
import { numbered, ScriptedRepo } from './scriptedRepo';

const alice = { name: 'Alice Smith', email: 'alice@corp.example' };
const bob = { name: 'Bob Jones', email: 'bob@corp.example' };
const REFERENCES = ['INC-\\d+'];

describe('incremental mining after new commits', function () {
  this.timeout(60_000);
  let repo: ScriptedRepo;
  let dir: string;
  let cacheFile: string;
  let base: string;

  beforeEach(() => {
    repo = new ScriptedRepo();
    dir = mkdtempSync(join(tmpdir(), 'incident-lens-mining-inc-'));
    cacheFile = join(dir, 'fixes.json');
    repo.commit(alice, '2026-01-01T00:00:00Z', 'Start', { 'a.ts': numbered(5), 'b.ts': numbered(5), '.mailmap': 'Alice Smith <alice@corp.example> <a@old.example>\n' });
    repo.commit(bob, '2026-01-02T00:00:00Z', 'Guard a\n\nFixes INC-1', { 'a.ts': numbered(5, { 2: 'guard' }) });
    // Packed, as a clone's history is: new commits after it are loose.
    repo.git('gc', '-q');
    base = repo.git('rev-parse', 'HEAD');
  });
  afterEach(() => {
    repo.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The fixes a run without any cache finds. */
  async function fullMine(): Promise<MinedFixes> {
    const full = await mineFixes(repo.root, { references: REFERENCES });
    assert.equal(full.mode, 'full');
    return full;
  }

  it('gives exactly what a full re-mine gives, one appended cache line per run', async () => {
    assert.equal((await mineFixes(repo.root, { references: REFERENCES, cacheFile })).mode, 'full');
    const firstLine = readFileSync(cacheFile, 'utf8').split('\n')[0];
    const plain = repo.commit(alice, '2026-01-03T00:00:00Z', 'Rename a variable', { 'b.ts': numbered(5, { 4: 'renamed' }) });
    const fix = repo.commit({ name: 'alice', email: 'a@old.example' }, '2026-01-04T00:00:00Z', 'Cap retries\n\nIncident: INC-2\nRefs INC-3', { 'b.ts': numbered(6, { 4: 'renamed', 6: 'cap' }) });
    const next = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([next.mode, next.commitsRead], ['incremental', 1]);
    assert.deepEqual(next.fixes, (await fullMine()).fixes);
    assert.deepEqual(next.fixes.map((f) => [f.commit, f.incidents, f.author.name, f.files]), [
      [fix, ['INC-2', 'INC-3'], 'Alice Smith', [{ path: 'b.ts', lines: [{ start: 6, end: 6 }] }]],
      [base, ['INC-1'], 'Bob Jones', [{ path: 'a.ts', lines: [{ start: 2, end: 2 }] }]],
    ]);
    assert.notEqual(plain, fix);
    // On disk: the first lines as they were, one line more for this run, naming where it started.
    const lines = readFileSync(cacheFile, 'utf8').split('\n');
    assert.deepEqual([lines[0], lines.length, JSON.parse(lines[2] ?? '').from], [firstLine, 4, base]);
  });

  it('reads a new commit that names no incident without starting git', async () => {
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    repo.commit(alice, '2026-01-03T00:00:00Z', 'See the notes on retries', { 'b.ts': numbered(5, { 1: 'x' }) });
    const path = process.env.PATH;
    process.env.PATH = dir;
    let next: MinedFixes;
    try {
      // No git on the PATH: any git process would fail this run.
      next = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    } finally {
      process.env.PATH = path;
    }
    assert.deepEqual([next.mode, next.commitsRead, next.fixes], ['incremental', 1, (await fullMine()).fixes]);
  });

  it('detects a history rewritten under the cache (an amend, a force-push) and mines it again', async () => {
    repo.commit(bob, '2026-01-03T00:00:00Z', 'Fix b\n\nFixes INC-7', { 'b.ts': numbered(5, { 3: 'seven' }) });
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    repo.git('commit', '-q', '--amend', '-m', 'Tidy b');
    const rewritten = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.equal(rewritten.mode, 'full');
    assert.deepEqual(rewritten.fixes.map((f) => f.incidents), [['INC-1']]);
    assert.deepEqual(rewritten.fixes, (await fullMine()).fixes);
    // Reset to an older commit: the cached head is gone from the history again.
    repo.git('reset', '-q', '--hard', `${base}~1`);
    const older = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([older.mode, older.fixes], ['full', []]);
  });

  it('asks git when the new commits are packed or include a merge, with the same result', async () => {
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    repo.git('checkout', '-q', '-b', 'topic');
    repo.commit(bob, '2026-01-03T00:00:00Z', 'Fix b\n\nFixes INC-8', { 'b.ts': numbered(5, { 3: 'eight' }) });
    repo.git('checkout', '-q', 'main');
    repo.commit(alice, '2026-01-04T00:00:00Z', 'Fix a\n\nFixes INC-9', { 'a.ts': numbered(5, { 2: 'guard', 5: 'nine' }) });
    const merge = repo.merge(alice, '2026-01-05T00:00:00Z', 'topic', 'Merge topic');
    assert.equal(looseCommitsSince(join(repo.root, '.git'), merge, base), undefined);
    const merged = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([merged.mode, merged.commitsRead], ['incremental', 2]);
    assert.deepEqual(merged.fixes, (await fullMine()).fixes);
    repo.commit(bob, '2026-01-06T00:00:00Z', 'Fix b again\n\nFixes INC-10', { 'b.ts': numbered(5, { 3: 'ten' }) });
    repo.git('gc', '-q');
    const packed = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([packed.mode, packed.commitsRead, packed.fixes], ['incremental', 1, (await fullMine()).fixes]);
  });

  it('survives a torn cache line: the run is right and the file is whole again', async () => {
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    appendFileSync(cacheFile, '{"from":"');
    const fix = repo.commit(bob, '2026-01-03T00:00:00Z', 'Fix b\n\nFixes INC-4', { 'b.ts': numbered(5, { 3: 'four' }) });
    const next = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([next.mode, next.fixes[0]?.commit], ['incremental', fix]);
    assert.deepEqual(next.fixes, (await fullMine()).fixes);
    const lines = readFileSync(cacheFile, 'utf8').split('\n');
    assert.deepEqual([lines.length, lines.every((line) => line === '' || JSON.parse(line) !== undefined)], [3, true]);
    const again = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual([again.mode, again.fixes], ['cached', next.fixes]);
  });

  it('walks a chain of loose commits back to the cached head, and says when it is not there', () => {
    const gitDir = join(repo.root, '.git');
    const one = repo.commit(alice, '2026-01-03T00:00:00Z', 'One');
    const two = repo.commit(alice, '2026-01-04T00:00:00Z', 'Two\n\nFixes INC-5');
    const chain = looseCommitsSince(gitDir, two, base);
    assert.ok(Array.isArray(chain));
    assert.deepEqual(chain.map((c) => [c.commit, c.parents, c.message]), [[two, [one], 'Two\n\nFixes INC-5\n'], [one, [base], 'One\n']]);
    // The base is packed: a walk that has to pass it asks git.
    assert.equal(looseCommitsSince(gitDir, two, 'f'.repeat(40)), undefined);
    const orphan = repo.git('commit-tree', '-m', 'Orphan', `${two}^{tree}`);
    assert.equal(looseCommitsSince(gitDir, orphan, two), 'rewritten');
  });

  it('never reads a device a repository links in: a .mailmap or a loose commit pointing at /dev/zero', async () => {
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    const next = repo.commit(alice, '2026-01-03T00:00:00Z', 'Cap retries\n\nFixes INC-4', { 'b.ts': numbered(5, { 1: 'x' }) });
    const object = join(repo.root, '.git', 'objects', next.slice(0, 2), next.slice(2));
    const kept = readFileSync(object);
    rmSync(object, { force: true });
    symlinkSync('/dev/zero', object);
    rmSync(join(repo.root, '.mailmap'));
    symlinkSync('/dev/zero', join(repo.root, '.mailmap'));
    // A loose commit that is not a regular file is left to git (a read of it would never end).
    assert.equal(looseCommitsSince(join(repo.root, '.git'), next, base), undefined);
    rmSync(object);
    writeFileSync(object, kept);
    const mined = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.deepEqual(mined.fixes.map((f) => [f.incidents, f.author.name]), [[['INC-4'], 'Alice Smith'], [['INC-1'], 'Bob Jones']]);
  });
});
