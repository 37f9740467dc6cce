import * as assert from 'node:assert/strict';
import { gitRenameQuery } from '../../../src/adapters/git';
import { makeRepo, type TempRepo } from '../cli/repo';

describe('renames since a link\'s commit (adapters/git gitRenameQuery)', function () {
  this.timeout(30_000);
  let repo: TempRepo;
  let linked: string;

  before(() => {
    repo = makeRepo();
    linked = repo.git('rev-parse', 'HEAD').trim();
    repo.git('mv', 'src/pay.ts', 'src/billing.ts');
    repo.git('commit', '-q', '-m', 'rename');
  });
  after(() => repo.remove());

  it('reads the renames from a commit this clone has', async () => {
    const renames = await gitRenameQuery(repo.dir, 'HEAD', 365)(linked);
    assert.equal(renames.get('src/pay.ts'), 'src/billing.ts');
    assert.equal((await gitRenameQuery(repo.dir, 'HEAD', 365)(repo.git('rev-parse', 'HEAD').trim())).size, 0, 'nothing renamed since HEAD');
  });

  it('falls back to the recent history for a commit it lacks or none, reading that log once for them all', async () => {
    const query = gitRenameQuery(repo.dir, undefined, 365);
    const unknown = await query('deadbeefdeadbeef');
    assert.equal(unknown.get('src/pay.ts'), 'src/billing.ts');
    assert.equal(await query('cafebabe'), unknown, 'another unknown commit: the same answer, not another log');
    assert.equal(await query(undefined), unknown);
    assert.equal(await query('--output=/tmp/x'), unknown, 'what is not a commit id never reaches git');
  });
});
