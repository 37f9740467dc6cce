import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli/main';
import { numbered, ScriptedRepo } from './scriptedRepo';

const bob = { name: 'Bob Jones', email: 'bob@corp.example' };
const erin = { name: 'Erin', email: 'erin@corp.example' };

describe('incident-lens experts', function () {
  this.timeout(60_000);
  let repo: ScriptedRepo;
  let cache: string;
  let fix: string;

  before(() => {
    repo = new ScriptedRepo();
    cache = mkdtempSync(join(tmpdir(), 'incident-lens-cli-cache-'));
    repo.commit(erin, '2020-01-01T00:00:00Z', 'Start', { 'src/queue.ts': numbered(20), 'CODEOWNERS': '*.ts @platform-team\nsrc/queue.ts erin@corp.example\n' });
    fix = repo.commit(bob, new Date(Date.now() - 30 * 86_400_000).toISOString(), 'Drain the queue in batches\n\nIncident: INC-7', { 'src/queue.ts': numbered(20, { 5: 'batch 5', 6: 'batch 6' }) });
    repo.commit(erin, '2020-01-02T00:00:00Z', 'Record the incident', {
      '.incidents/INC-7.yaml': 'id: INC-7\ntitle: Queue backlog\nseverity: SEV2\nstatus: resolved\nresponders: [frank]\nlinks:\n  - path: src/queue.ts\n    lines: 4-8\n    role: root-cause\n',
    });
  });
  after(() => {
    repo.dispose();
    rmSync(cache, { recursive: true, force: true });
  });

  async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await main(args, { cwd: join(repo.root, 'src'), env: { XDG_CACHE_HOME: cache }, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; } });
    return { code, stdout, stderr };
  }

  it('prints the experts for a line range as JSON', async () => {
    const { code, stdout, stderr } = await run('experts', 'queue.ts:5-6', '--json');
    assert.equal(stderr, '');
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), [
      { name: 'Bob Jones', email: 'bob@corp.example', score: 5, reasons: [
        { kind: 'fix-author', detail: `wrote the fix for INC-7 (commit ${fix.slice(0, 7)}, ${new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10)})` },
        { kind: 'recent-author', detail: 'changed 2 of these 2 lines in the last year' },
      ] },
      { name: 'frank', email: null, score: 3, reasons: [{ kind: 'responder', detail: 'responded to INC-7 (linked here as root-cause)' }] },
      { name: 'erin@corp.example', email: 'erin@corp.example', score: 1, reasons: [{ kind: 'owner', detail: 'owns src/queue.ts by CODEOWNERS (CODEOWNERS line 2)' }] },
    ]);
  });

  it('prints them as text, and says so when nobody is found', async () => {
    const text = await run('experts', 'queue.ts:5');
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^Bob Jones <bob@corp\.example> {2}\(score 5\)\n {2}- fix-author: wrote the fix for INC-7/);
    const none = await run('experts', '../.incidents/INC-7.yaml');
    assert.equal(none.stdout, 'Nobody found for ../.incidents/INC-7.yaml: no linked incidents, fixes, recent changes or CODEOWNERS rule.\n');
    const bad = await run('experts');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /give exactly one location/);
  });
});
