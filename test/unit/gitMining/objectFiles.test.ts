// A new fix read from the object files without git (gitObjects.ts, gitLooseDiff.ts): exactly what
// git gives for the plain cases, and git asked for everything else.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineFixes, type MinedFixes } from '../../../src/adapters/gitMining';
import { plainSettings, sameEntries } from '../../../src/adapters/gitLooseDiff';
import { ObjectStore } from '../../../src/adapters/gitObjects';
import { MISSING, readRegularBytes } from '../../../src/adapters/workspaceFiles';
import { singleHunk } from '../../../src/core/lineChange';
import { mapIdentity, parseMailmap } from '../../../src/core/mailmap';
import { numbered, ScriptedRepo } from './scriptedRepo';

const alice = { name: 'Alice Smith', email: 'alice@corp.example' };
const bob = { name: 'Bob Jones', email: 'bob@corp.example' };
const REFERENCES = ['INC-\\d+'];

describe('git mining: a new fix read from the object files', function () {
  this.timeout(60_000);
  let repo: ScriptedRepo;
  let dir: string;
  let cacheFile: string;

  beforeEach(() => {
    repo = new ScriptedRepo();
    dir = mkdtempSync(join(tmpdir(), 'incident-lens-mining-objects-'));
    cacheFile = join(dir, 'fixes.json');
    const mailmap = 'Alice Smith <alice@corp.example> <a@old.example>\n# comment\n<bob@corp.example> <BOB@Old.Example>\nCarol <carol@corp.example> carol <c@old.example> # narrowed by name\n';
    repo.commit(alice, '2026-01-01T00:00:00+02:00', 'Start', { 'src/a.ts': numbered(40), 'src/b.ts': numbered(5), 'gone.ts': numbered(3), '.mailmap': mailmap });
    // Many versions of one file, so the pack holds deltas on deltas.
    for (let n = 1; n <= 12; n++) repo.commit(bob, `2026-01-02T00:${String(n).padStart(2, '0')}:00Z`, `Tune ${n}`, { 'src/a.ts': numbered(40, { [n]: `tuned ${n}` }) });
    repo.git('gc', '-q', '--aggressive');
  });
  afterEach(() => {
    repo.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs mining with no git on the PATH: rejects when it needed git. */
  async function mineWithoutGit(): Promise<MinedFixes> {
    const path = process.env.PATH;
    process.env.PATH = dir;
    try {
      return await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    } finally {
      process.env.PATH = path;
    }
  }

  it('reads every object of a packed repository as git cat-file does, deltas resolved', () => {
    const hashes = repo.git('rev-list', '--objects', '--all').split('\n').map((line) => line.slice(0, 40));
    const batch = execFileSync('git', ['cat-file', '--batch'], { cwd: repo.root, input: `${hashes.join('\n')}\n` });
    const store = new ObjectStore(join(repo.root, '.git'));
    try {
      let at = 0;
      for (const hash of hashes) {
        const nl = batch.indexOf(10, at);
        const [, type, size] = batch.toString('latin1', at, nl).split(' ');
        const object = store.read(hash);
        assert.equal(object?.type, type, hash);
        assert.ok(object?.data.equals(batch.subarray(nl + 1, nl + 1 + Number(size))), hash);
        at = nl + 1 + Number(size) + 1;
      }
      assert.equal(store.read('0'.repeat(40)), undefined);
    } finally {
      store.close();
    }
  });

  it('gives a plain fix without starting git, exactly as git gives it: mailmapped author, date, files and lines', async () => {
    const first = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    assert.equal(first.mode, 'full');
    const cases: [{ name: string; email: string }, Record<string, string>, string[]][] = [
      [{ name: 'alice', email: 'a@old.example' }, { 'src/a.ts': numbered(40, { 12: 'tuned 12', 20: 'fixed 20', 21: 'fixed 21' }) }, ['src/a.ts']],
      [{ name: 'Bob', email: 'BOB@Old.Example' }, { 'src/new/c.ts': 'one\ntwo\n', 'src/b.ts': `${numbered(5)}more` }, ['src/b.ts', 'src/new/c.ts']],
      [{ name: 'carol', email: 'c@old.example' }, { 'src/b.ts': numbered(3) }, ['src/b.ts']],
    ];
    for (const [who, files, paths] of cases) {
      repo.commit(who, '2026-01-03T10:00:00-05:30', `Guard it\n\nFixes INC-${paths.length}`, files);
      const next = await mineWithoutGit();
      assert.deepEqual([next.mode, next.commitsRead], ['incremental', 1]);
      assert.deepEqual(next.fixes[0]?.files.map((f) => f.path), paths);
      assert.deepEqual(next.fixes, (await mineFixes(repo.root, { references: REFERENCES })).fixes);
    }
    // Deleting a file, and two fixes in one pull.
    repo.git('rm', '-q', 'gone.ts');
    repo.commit(bob, '2026-01-04T00:00:00Z', 'Drop it, fixes INC-7');
    repo.commit(alice, '2026-01-05T00:00:00Z', 'Refs INC-8', { 'src/a.ts': numbered(41, { 12: 'tuned 12', 20: 'fixed 20', 21: 'fixed 21' }) });
    const pulled = await mineWithoutGit();
    assert.deepEqual(pulled.fixes.slice(0, 2).map((f) => f.files), [[{ path: 'src/a.ts', lines: [{ start: 41, end: 41 }] }], [{ path: 'gone.ts', lines: [{ start: 1, end: 1 }], deleted: true }]]);
    assert.deepEqual(pulled.fixes, (await mineFixes(repo.root, { references: REFERENCES })).fixes);
  });

  it('compares wide trees only where they differ, as git does: the first, a middle and the last of 700 entries, a folder among files, one added, one deleted', async () => {
    // 700 files and a folder `f350` that sorts as "f350/", after the file f350-x.ts: a tree
    // past zlib's 16 KB output chunk, packed as deltas on deltas.
    const wide: Record<string, string> = { 'wide/f350/inner.ts': numbered(3), 'wide/f350-x.ts': numbered(3) };
    for (let n = 0; n < 700; n++) wide[`wide/f${String(n).padStart(3, '0')}.ts`] = numbered(4, { 2: `file ${n}` });
    repo.commit(alice, '2026-01-02T01:00:00Z', 'Add many files', wide);
    for (let n = 1; n <= 3; n++) repo.commit(bob, `2026-01-02T02:0${n}:00Z`, `Touch ${n}`, { [`wide/f${n}00.ts`]: numbered(4, { 3: `touched ${n}` }) });
    repo.git('gc', '-q', '--aggressive');
    // The 24 KB folder at each commit, deltas on deltas in the pack, byte for byte as git cat-file gives it.
    const store = new ObjectStore(join(repo.root, '.git'));
    try {
      for (let back = 0; back <= 3; back++) {
        const id = repo.git('rev-parse', `HEAD~${back}:wide`);
        const bytes = execFileSync('git', ['cat-file', 'tree', id], { cwd: repo.root });
        assert.ok(bytes.length > 16 * 1024);
        assert.ok(store.read(id)?.data.equals(bytes), id);
      }
    } finally {
      store.close();
    }
    await mineFixes(repo.root, { references: REFERENCES, cacheFile });
    const cases: [string, Record<string, string>, string[], (() => void)?][] = [
      ['the first entry', { 'wide/f000.ts': numbered(4, { 1: 'fixed', 2: 'file 0' }) }, ['wide/f000.ts']],
      ['inside the folder among files', { 'wide/f350/inner.ts': numbered(3, { 3: 'fixed' }) }, ['wide/f350/inner.ts']],
      ['the last entry', { 'wide/f699.ts': `${numbered(4, { 2: 'file 699' })}line 5\n` }, ['wide/f699.ts']],
      ['the first and the last, and one added', { 'wide/f000.ts': numbered(4, { 1: 'fixed', 2: 'file 0', 4: 'fixed' }), 'wide/f699.ts': `${numbered(4, { 2: 'file 699' })}line 5\nline 6\n`, 'wide/f350-y.ts': 'new\n' }, ['wide/f000.ts', 'wide/f350-y.ts', 'wide/f699.ts']],
      ['one deleted', {}, ['wide/f500.ts'], () => repo.git('rm', '-q', 'wide/f500.ts')],
    ];
    for (const [what, files, paths, before] of cases) {
      before?.();
      repo.commit(alice, '2026-01-03T00:00:00Z', `Fixes INC-11 (${what})`, files);
      const next = await mineWithoutGit().catch((error: Error) => assert.fail(`${what}: ${error.message}`));
      assert.deepEqual([next.mode, next.commitsRead], ['incremental', 1], what);
      assert.deepEqual(next.fixes[0]?.files.map((f) => f.path), paths, what);
      assert.deepEqual(next.fixes, (await mineFixes(repo.root, { references: REFERENCES })).fixes, what);
    }
  });

  it('steps over runs of identical tree entries whole, ids holding NUL and space bytes included', () => {
    const entry = (mode: string, name: string, fill: number) => Buffer.concat([Buffer.from(`${mode} ${name}\0`), Buffer.alloc(20, fill)]);
    // Ids of NUL and space bytes: only the NUL that ends a name ends an entry's text.
    const [a, b, c] = [entry('100644', 'a.ts', 0), entry('40000', 'dir', 0x20), entry('100644', 'z.ts', 7)];
    const tree = Buffer.concat([a, b, c]);
    assert.equal(sameEntries(tree, 0, Buffer.from(tree), 0), tree.length);
    assert.equal(sameEntries(tree, 0, Buffer.concat([a, b, entry('100644', 'z.ts', 8)]), 0), a.length + b.length);
    assert.equal(sameEntries(tree, 0, Buffer.concat([entry('100644', 'a.ts', 1), b, c]), 0), 0);
    // One id differing in its last byte: the entry is not the same, though all but one byte are.
    const last = Buffer.from(c);
    last[last.length - 1] = 9;
    assert.equal(sameEntries(tree, 0, Buffer.concat([a, b, last]), 0), a.length + b.length);
    // A tree that goes on after the other ends; from an offset; a malformed entry (no space) is not stepped over.
    assert.equal(sameEntries(Buffer.concat([a, b]), 0, tree, 0), a.length + b.length);
    assert.equal(sameEntries(tree, a.length, Buffer.concat([b, c]), 0), b.length + c.length);
    const broken = Buffer.concat([a, Buffer.from('100644dir\0'), Buffer.alloc(20, 1)]);
    assert.equal(sameEntries(Buffer.concat([broken, c]), 0, Buffer.concat([broken, a]), 0), a.length);
  });

  it('reads a missing file or a dangling link as missing, without a failed open', () => {
    assert.equal(readRegularBytes(join(dir, 'nothing'), 1024), MISSING);
    symlinkSync(join(dir, 'nowhere'), join(dir, 'dangling'));
    assert.equal(readRegularBytes(join(dir, 'dangling'), 1024), MISSING);
    writeFileSync(join(dir, 'there'), 'ref: refs/heads/main\n');
    assert.equal(readRegularBytes(join(dir, 'there'), 1024)?.toString(), 'ref: refs/heads/main\n');
  });

  it('asks git whenever it cannot be certain, with the same result', async () => {
    const text = numbered(40, { 12: 'tuned 12' });
    const cases: [string, Record<string, string>, (() => void)?][] = [
      ['two runs of changes in one file', { 'src/a.ts': text.replace('line 3\n', 'x\n').replace('line 30\n', 'y\n') }],
      ['an added line that could slide', { 'src/b.ts': 'line 1\nline 1\nline 2\nline 3\nline 4\nline 5\n' }],
      ['a binary file', { 'src/b.bin': 'a\u0000b' }],
      ['a rename', { 'src/b.ts': '', 'src/moved.ts': numbered(5) }, () => repo.git('rm', '-q', 'src/b.ts')],
      ['an attributes file', { '.gitattributes': '*.md text\n', 'src/b.ts': `${numbered(5)}x\n` }],
    ];
    for (const [what, files, before] of cases) {
      await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      for (const [path, content] of Object.entries(files)) if (content === '') delete files[path];
      before?.();
      repo.commit(bob, '2026-01-03T00:00:00Z', `Fixes INC-9 (${what})`, files);
      await assert.rejects(mineWithoutGit(), /git|ENOENT|spawn/, what);
      const next = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      assert.equal(next.mode, 'incremental', what);
      assert.deepEqual(next.fixes, (await mineFixes(repo.root, { references: REFERENCES })).fixes, what);
    }
  });

  it('asks git when its configuration could change what it prints', () => {
    const gitDir = join(repo.root, '.git');
    const env = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg'), GIT_CONFIG_NOSYSTEM: '1' };
    assert.equal(plainSettings(gitDir, env), true);
    writeFileSync(join(dir, '.gitconfig'), '[diff]\n\talgorithm = histogram\n');
    assert.equal(plainSettings(gitDir, env), false);
    rmSync(join(dir, '.gitconfig'));
    repo.git('config', 'mailmap.file', '/elsewhere');
    assert.equal(plainSettings(gitDir, env), false);
    assert.equal(plainSettings(gitDir, { ...env, GIT_CONFIG_PARAMETERS: "'diff.noprefix'='true'" }), false);
  });

  it('finds the one unambiguous run of changed lines, numbered as diff.ts reads git', () => {
    assert.deepEqual(singleHunk('a\nb\nc\n', 'a\nB\nc\n'), { oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 });
    assert.deepEqual(singleHunk('a\nb\nc\n', 'a\nc\n'), { oldStart: 2, oldLines: 1, newStart: 2, newLines: 0 });
    assert.deepEqual(singleHunk('a\nb', 'a\nb\n'), { oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 });
    assert.deepEqual(singleHunk('', 'x\ny\n'), { oldStart: 1, oldLines: 0, newStart: 1, newLines: 2 });
    for (const [before, after] of [['a\nb\n', 'a\nb\n'], ['a\nb\nc\n', 'x\nb\ny\n'], ['a\nb\n', 'a\nb\nb\n'], ['a\nb\nc\n', 'a\nc\nb\n']]) {
      assert.equal(singleHunk(before as string, after as string), undefined, JSON.stringify([before, after]));
    }
  });

  it('maps identities through .mailmap as git does', () => {
    const map = parseMailmap('Proper <p@x> <c@x>\n<E@x> <e@old>\nNamed <n@x> Old Name <n@old>\nPlain <n@old>\n') ?? assert.fail('parsed');
    assert.deepEqual(mapIdentity(map, { name: 'c', email: 'C@X' }), { name: 'Proper', email: 'p@x' });
    assert.deepEqual(mapIdentity(map, { name: 'e', email: 'e@old' }), { name: 'e', email: 'E@x' });
    assert.deepEqual(mapIdentity(map, { name: 'old name', email: 'n@old' }), { name: 'Named', email: 'n@x' });
    assert.deepEqual(mapIdentity(map, { name: 'Someone', email: 'n@old' }), { name: 'Plain', email: 'n@old' });
    assert.deepEqual(mapIdentity(map, { name: 'z', email: 'z@x' }), { name: 'z', email: 'z@x' });
    assert.equal(parseMailmap('no email here\n'), undefined);
  });
});
