import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitBlobReader } from '../../../src/adapters/gitBlobs';
import { findWorkspaceRoot, loadWorkspace } from '../../../src/services/workspace';
import { makeRepo, numbered, type TempRepo } from '../cli/repo';

describe('services/workspace', function () {
  this.timeout(30_000);
  let repo: TempRepo;

  beforeEach(() => {
    repo = makeRepo('app');
  });
  afterEach(() => repo.remove());

  it('finds the nearest folder with .incidents/, else the git root, else nothing', async () => {
    assert.equal(await findWorkspaceRoot(join(repo.dir, 'app/src')), join(repo.dir, 'app'));
    mkdirSync(join(repo.dir, 'docs'));
    assert.equal(await findWorkspaceRoot(join(repo.dir, 'docs')), repo.dir);
    const nowhere = mkdtempSync(join(tmpdir(), 'incident-lens-nowhere-'));
    try {
      assert.equal(await findWorkspaceRoot(nowhere), undefined);
    } finally {
      rmSync(nowhere, { recursive: true, force: true });
    }
  });

  it('loads every good incident, reports the bad file and config.yaml, and reads files through its LinkSource', async () => {
    const root = join(repo.dir, 'app');
    writeFileSync(join(root, '.incidents/INC-3.yaml'), 'id: INC-3\ntitle: [broken\n');
    writeFileSync(join(root, '.incidents/config.yaml'), 'half_life_days: -1\n');
    const workspace = await loadWorkspace(root);
    assert.deepEqual(workspace.index.incidents().map((i) => i.id).sort(), ['INC-1', 'INC-2']);
    assert.deepEqual([...workspace.problems.keys()].sort(), [join(root, '.incidents/INC-3.yaml'), join(root, '.incidents/config.yaml')].sort());
    assert.equal(workspace.git, true);
    assert.deepEqual((await workspace.source.read('src/pay.ts'))?.lines.slice(0, 2), ['line 1', 'line 2']);
    assert.equal(await workspace.source.read('../outside.ts'), undefined, 'no path leaves the workspace');
    const head = repo.git('rev-parse', 'HEAD').trim();
    assert.equal(await workspace.source.readAt?.(head, 'src/util.ts'), numbered(10, 'util').trimEnd());
    assert.equal(await workspace.source.readAt?.('--output=/tmp/x', 'src/util.ts'), undefined, 'only commit ids reach git');
    const untrusted = await loadWorkspace(root, { git: false });
    assert.equal(untrusted.git, false);
    assert.equal(untrusted.source.readAt, undefined);
  });
});

describe('GitBlobReader', function () {
  this.timeout(30_000);

  it('answers many reads in order through one git process, undefined for what git does not have', async () => {
    const repo = makeRepo();
    const reader = new GitBlobReader(repo.dir);
    try {
      const answers = await Promise.all([
        reader.read('HEAD', 'src/util.ts'),
        reader.read('HEAD', 'src/missing.ts'),
        reader.read('HEAD', 'src/pay.ts'),
        reader.read('no-such-ref', 'src/pay.ts'),
        reader.read('HEAD', 'bad\nname'),
      ]);
      assert.deepEqual(answers, [numbered(10, 'util'), undefined, numbered(40), undefined, undefined]);
    } finally {
      reader.close();
      repo.remove();
    }
    assert.equal(await reader.read('HEAD', 'src/util.ts'), undefined, 'closed');
  });

  it('lists the files of a folder at a commit between blob reads, without its subfolders; undefined for a folder git does not have', async () => {
    const repo = makeRepo();
    repo.write('src/deep/inner.ts', 'x\n');
    repo.write('src/name with space.ts', 'y\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'more');
    const reader = new GitBlobReader(repo.dir);
    try {
      const [src, util, top, missing, blobAsFolder] = await Promise.all([
        reader.readTreeFiles('HEAD', 'src'),
        reader.read('HEAD', 'src/util.ts'),
        reader.readTreeFiles('HEAD', ''),
        reader.readTreeFiles('HEAD', 'nope'),
        reader.readTreeFiles('HEAD', 'src/pay.ts'),
      ]);
      assert.deepEqual([...(src ?? [])].sort(), ['free.ts', 'name with space.ts', 'pay.ts', 'util.ts']);
      assert.equal(util, numbered(10, 'util'));
      assert.ok(top && !top.has('src') && !top.has('.incidents'), String([...(top ?? [])]));
      assert.equal(missing, undefined);
      assert.equal(blobAsFolder, undefined);
    } finally {
      reader.close();
      repo.remove();
    }
  });
});
