import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mineFixes } from '../../../src/adapters/gitMining';
import { blameLines } from '../../../src/adapters/gitMiningBlame';
import type { Incident } from '../../../src/core/model';
import { findExperts } from '../../../src/services/experts';
import { numbered, ScriptedRepo } from './scriptedRepo';

const aliceOld = { name: 'alice', email: 'alice.smith@old.example' };
const alice = { name: 'Alice Smith', email: 'alice@corp.example' };
const bob = { name: 'Bob Jones', email: 'bob@corp.example' };
const carol = { name: 'Carol Format', email: 'carol@corp.example' };
const NOW = new Date('2026-06-01T00:00:00Z');
const REFERENCES = ['INC-\\d+'];

const CODEOWNERS = [
  '# Later rules win',
  '*                 @carol',
  'src/              @bob',
  'src/billing/      @alice',
  'docs/',
  '',
].join('\n');

const INC_142: Incident = {
  id: 'INC-142', title: 'Checkout times out', severity: 'SEV1', status: 'resolved', services: [], responders: ['alice', 'dave'], notes: [],
  links: [{ path: 'src/billing/charge.ts', lines: { start: 3, end: 4 }, role: 'root-cause' }],
};

describe('fixes and experts from a scripted git history', function () {
  this.timeout(60_000);
  let repo: ScriptedRepo;
  const c: Record<string, string> = {};

  before(() => {
    repo = new ScriptedRepo();
    c.c1 = repo.commit(aliceOld, '2025-01-10T10:00:00Z', 'Initial payments code', {
      'src/payments/charge.ts': numbered(10),
      'src/api/routes.ts': numbered(3),
      '.mailmap': 'Alice Smith <alice@corp.example> <alice.smith@old.example>\n',
      '.github/CODEOWNERS': CODEOWNERS,
    });
    c.c2 = repo.commit(bob, '2026-02-01T10:00:00Z', 'Add jitter to retries\n\nFixes INC-142', { 'src/payments/charge.ts': numbered(10, { 3: 'jitter 3', 4: 'jitter 4' }) });
    repo.git('checkout', '-q', '-b', 'hotfix');
    c.c3 = repo.commit(alice, '2026-03-01T10:00:00Z', 'Cap retry budget\n\nIncident: INC-157', { 'src/payments/charge.ts': numbered(10, { 3: 'jitter 3', 4: 'jitter 4', 7: 'budget 7' }) });
    repo.git('checkout', '-q', 'main');
    c.c4 = repo.commit(bob, '2026-03-02T10:00:00Z', 'Tidy routes (unlike INC-3, nothing broke)', { 'src/api/routes.ts': numbered(3, { 2: 'tidy 2' }) });
    c.c5 = repo.merge(bob, '2026-03-03T10:00:00Z', 'hotfix', "Merge branch 'hotfix'\n\nFixes INC-157");
    const formatted = numbered(10, { 3: 'jitter 3', 4: 'jitter 4', 7: 'budget 7', 10: 'line 10;' }).split('\n').map((l) => (l ? `    ${l}` : l)).join('\n');
    c.c6 = repo.commit(carol, '2026-04-01T10:00:00Z', 'Format code, see INC-142', { 'src/payments/charge.ts': formatted });
    repo.git('mv', 'src/payments', 'src/billing');
    c.c7 = repo.commit(bob, '2026-05-01T10:00:00Z', 'Move charge to billing');
    c.c8 = repo.commit(aliceOld, '2026-05-15T10:00:00Z', 'fix(INC-201): guard null card', { 'src/billing/charge.ts': formatted.replace('    line 2', '    guard 2') });
    c.c9 = repo.commit(bob, '2026-05-20T10:00:00Z', 'Ignore the formatting commit in blame', { '.git-blame-ignore-revs': `# formatting\n${c.c6}\n` });
  });
  after(() => repo.dispose());

  it('ties commits that name an incident to the files and lines they changed', async () => {
    const mined = await mineFixes(repo.root, { references: REFERENCES });
    assert.equal(mined.mode, 'full');
    assert.equal(mined.head, c.c9);
    // Git's keyword filter passes c2, c3, the merge, the formatting commit and c8; the rest are never printed.
    assert.equal(mined.commitsRead, 5);
    // The merge repeats c3's INC-157, the formatting commit is in .git-blame-ignore-revs, c4 only mentions INC-3.
    assert.deepEqual(mined.fixes.map((f) => ({ commit: f.commit, author: f.author, subject: f.subject, incidents: f.incidents, files: f.files, date: f.date })), [
      { commit: c.c8, author: alice, subject: 'fix(INC-201): guard null card', incidents: ['INC-201'], files: [{ path: 'src/billing/charge.ts', lines: [{ start: 2, end: 2 }] }], date: '2026-05-15T10:00:00+00:00' },
      { commit: c.c3, author: alice, subject: 'Cap retry budget', incidents: ['INC-157'], files: [{ path: 'src/payments/charge.ts', lines: [{ start: 7, end: 7 }] }], date: '2026-03-01T10:00:00+00:00' },
      { commit: c.c2, author: bob, subject: 'Add jitter to retries', incidents: ['INC-142'], files: [{ path: 'src/payments/charge.ts', lines: [{ start: 3, end: 4 }] }], date: '2026-02-01T10:00:00+00:00' },
    ]);
  });

  it('keeps a merge that alone names an incident, diffed against its first parent', async () => {
    const side = new ScriptedRepo();
    try {
      side.commit(bob, '2026-01-01T00:00:00Z', 'Start', { 'a.txt': numbered(3) });
      side.git('checkout', '-q', '-b', 'topic');
      side.commit(bob, '2026-01-02T00:00:00Z', 'Change a', { 'a.txt': numbered(3, { 2: 'two' }) });
      side.git('checkout', '-q', 'main');
      side.commit(alice, '2026-01-03T00:00:00Z', 'Add b', { 'b.txt': 'b\n' });
      const merge = side.merge(alice, '2026-01-04T00:00:00Z', 'topic', 'Merge topic\n\nResolves INC-9');
      const mined = await mineFixes(side.root, { references: REFERENCES });
      assert.deepEqual(mined.fixes.map((f) => [f.commit, f.incidents, f.merge, f.files]), [[merge, ['INC-9'], true, [{ path: 'a.txt', lines: [{ start: 2, end: 2 }] }]]]);
    } finally {
      side.dispose();
    }
  });

  it('blames with whitespace and ignore-revs honoured, authors merged by .mailmap', async () => {
    const blame = await blameLines(repo.root, 'src/billing/charge.ts');
    assert.deepEqual(blame.map((b) => [b.line, b.commit, b.author.name, b.author.email]), [
      [1, c.c1, 'Alice Smith', 'alice@corp.example'],
      [2, c.c8, 'Alice Smith', 'alice@corp.example'],
      [3, c.c2, 'Bob Jones', 'bob@corp.example'],
      [4, c.c2, 'Bob Jones', 'bob@corp.example'],
      [5, c.c1, 'Alice Smith', 'alice@corp.example'],
      [6, c.c1, 'Alice Smith', 'alice@corp.example'],
      [7, c.c3, 'Alice Smith', 'alice@corp.example'],
      [8, c.c1, 'Alice Smith', 'alice@corp.example'],
      [9, c.c1, 'Alice Smith', 'alice@corp.example'],
      [10, c.c1, 'Alice Smith', 'alice@corp.example'],
    ]);
  });

  it('ranks the experts for a file with their reasons', async () => {
    const experts = await findExperts({ root: repo.root, path: 'src/billing/charge.ts', incidents: [INC_142], references: REFERENCES, now: NOW, gitAllowed: true });
    assert.deepEqual(experts, [
      {
        name: 'Alice Smith', email: 'alice@corp.example', score: 10.4, reasons: [
          { kind: 'fix-author', detail: `wrote the fix for INC-201 (commit ${c.c8!.slice(0, 7)}, 2026-05-15)`, incident: 'INC-201', commit: c.c8 },
          { kind: 'fix-author', detail: `wrote the fix for INC-157 (commit ${c.c3!.slice(0, 7)}, 2026-03-01)`, incident: 'INC-157', commit: c.c3 },
          { kind: 'recent-author', detail: "changed 2 of this file's 10 lines in the last year", commit: c.c8 },
          { kind: 'responder', detail: 'responded to INC-142 (linked here as root-cause)', incident: 'INC-142' },
          { kind: 'owner', detail: 'owns src/billing/ by CODEOWNERS (.github/CODEOWNERS line 4)' },
        ],
      },
      {
        name: 'Bob Jones', email: 'bob@corp.example', score: 3.4, reasons: [
          { kind: 'fix-author', detail: `wrote the fix for INC-142 (commit ${c.c2!.slice(0, 7)}, 2026-02-01)`, incident: 'INC-142', commit: c.c2 },
          { kind: 'recent-author', detail: "changed 2 of this file's 10 lines in the last year", commit: c.c2 },
        ],
      },
      { name: 'dave', score: 3, reasons: [{ kind: 'responder', detail: 'responded to INC-142 (linked here as root-cause)', incident: 'INC-142' }] },
    ]);
  });

  it('narrows experts to a line range', async () => {
    const experts = await findExperts({ root: repo.root, path: 'src/billing/charge.ts', lines: { start: 3, end: 4 }, incidents: [INC_142], references: REFERENCES, now: NOW, gitAllowed: true });
    assert.deepEqual(experts.map((e) => [e.name, e.score, e.reasons.map((r) => r.detail)]), [
      ['Bob Jones', 5, [`wrote the fix for INC-142 (commit ${c.c2!.slice(0, 7)}, 2026-02-01)`, 'changed 2 of these 2 lines in the last year']],
      ['alice', 4, ['responded to INC-142 (linked here as root-cause)', 'owns src/billing/ by CODEOWNERS (.github/CODEOWNERS line 4)']],
      ['dave', 3, ['responded to INC-142 (linked here as root-cause)']],
    ]);
  });

  it('runs no git when git is not allowed: links and CODEOWNERS only', async () => {
    const experts = await findExperts({ root: repo.root, path: 'src/api/routes.ts', incidents: [INC_142], references: REFERENCES, now: NOW, gitAllowed: false });
    assert.deepEqual(experts, [{ name: '@bob', score: 1, reasons: [{ kind: 'owner', detail: 'owns src/ by CODEOWNERS (.github/CODEOWNERS line 3)' }] }]);
  });

  it('mines incrementally: after a new commit only that commit is read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'incident-lens-mining-cache-'));
    try {
      const cacheFile = join(dir, 'fixes.json');
      const first = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      assert.equal(first.mode, 'full');
      const again = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      assert.deepEqual([again.mode, again.commitsRead, again.fixes], ['cached', 0, first.fixes]);
      const c10 = repo.commit(bob, '2026-05-25T10:00:00Z', 'Time out slow routes\n\nRefs INC-300, INC-301', { 'src/api/routes.ts': numbered(3, { 2: 'tidy 2', 3: 'timeout 3' }) });
      const next = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      assert.equal(next.mode, 'incremental');
      assert.equal(next.commitsRead, 1);
      assert.deepEqual(next.fixes.map((f) => [f.commit, f.incidents]), [[c10, ['INC-300', 'INC-301']], ...first.fixes.map((f) => [f.commit, f.incidents])]);
      assert.deepEqual(next.fixes[0]?.files, [{ path: 'src/api/routes.ts', lines: [{ start: 3, end: 3 }] }]);
      // History rewritten under the cache (a reset, a force-push): read again from scratch, the lost fix gone.
      repo.git('reset', '-q', '--hard', c.c9!);
      const rewritten = await mineFixes(repo.root, { references: REFERENCES, cacheFile });
      assert.deepEqual([rewritten.mode, rewritten.fixes], ['full', first.fixes]);
      // Other reference patterns are another question: everything is read again, and git itself
      // lets no commit through, since none has both a keyword and such an id.
      const other = await mineFixes(repo.root, { references: ['BUG-\\d+'], cacheFile });
      assert.deepEqual([other.mode, other.commitsRead, other.fixes], ['full', 0, []]);
      // Patterns git cannot be given: it filters by keyword alone (5 candidates), mining decides.
      const loose = await mineFixes(repo.root, { references: ['INC.\\d+'], cacheFile });
      assert.deepEqual([loose.mode, loose.commitsRead, loose.fixes.map((f) => f.commit)], ['full', 5, first.fixes.map((f) => f.commit)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
