import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { peopleForChange } from '../../../src/services/changePeople';
import { checkChange } from '../../../src/services/changeRisk';
import { peopleToAsk } from '../../../src/services/peopleToAsk';
import { loadWorkspace } from '../../../src/services/workspace';
import { incidentYaml, makeRepo, numbered, type TempRepo } from '../cli/repo';

/** src/pay.ts (40 numbered lines) with line `n` replaced. */
function payWith(edits: Record<number, string>): string {
  return numbered(40).split('\n').map((line, i) => edits[i + 1] ?? line).join('\n');
}

describe('services/changePeople', function () {
  this.timeout(60_000);
  let repo: TempRepo;
  let savedPath: string | undefined;

  beforeEach(() => {
    repo = makeRepo();
    savedPath = process.env.PATH;
    // History with several authors: a fix for INC-1 (line 12), a reindent (whitespace only, which blame -w looks through), a rewrite of line 33.
    repo.write('src/pay.ts', payWith({ 12: 'line 12 // jitter' }));
    repo.git('commit', '-q', '-am', 'Add jitter\n\nFixes INC-1', '--author=Priya Shah <priya@example.com>');
    repo.write('src/pay.ts', payWith({ 12: 'line 12 // jitter', 31: '    line 31' }));
    repo.git('commit', '-q', '-am', 'Reindent', '--author=Bob <bob@example.com>');
    const committed = payWith({ 12: 'line 12 // jitter', 31: '    line 31', 33: 'line 33 rewritten' });
    repo.write('src/pay.ts', committed);
    repo.git('commit', '-q', '-am', 'Rewrite', '--author=Carol <carol@example.com>');
    // INC-1 fingerprinted anew, with a responder; more incidents on other ranges of pay.ts; an owner.
    repo.write('.incidents/INC-1.yaml', `${incidentYaml('INC-1', 'SEV1', 10, [{ path: 'src/pay.ts', lines: [10, 20], text: committed, role: 'root-cause' }])}responders: [alice]\n`);
    repo.write('.incidents/INC-3.yaml', `${incidentYaml('INC-3', 'SEV2', 5, [{ path: 'src/pay.ts', lines: [2, 4], text: committed, role: 'contributing' }])}responders: [dana]\n`);
    repo.write('.incidents/INC-4.yaml', incidentYaml('INC-4', 'SEV1', 50, [{ path: 'src/pay.ts', lines: [30, 35], text: committed, role: 'root-cause' }]));
    repo.write('.github/CODEOWNERS', 'src/ @pay-team\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'incidents and owners');
    // The change: one line in each linked range of pay.ts (one of them not committed yet), and util.ts.
    repo.write('src/pay.ts', payWith({ 3: 'line 3 edited', 12: 'line 12 // jitter', 15: 'line 15 edited', 31: '    line 31', 33: 'line 33 rewritten', 34: 'line 34 edited' }));
    repo.write('src/util.ts', numbered(12, 'util'));
  });
  afterEach(() => {
    process.env.PATH = savedPath;
    repo.remove();
  });

  it('names the people peopleToAsk names for each touched place, blaming each changed file once', async () => {
    const workspace = await loadWorkspace(repo.dir);
    const check = await checkChange(workspace, { kind: 'working' });
    assert.deepEqual(check.touched.map((t) => `${t.path}:${t.lines ? `${t.lines.start}-${t.lines.end}` : 'file'}`).sort(), ['src/pay.ts:10-20', 'src/pay.ts:2-4', 'src/pay.ts:30-35', 'src/util.ts:11-12']);
    const now = new Date();

    // Each place asked about on its own, as before: one findExperts (one blame -L) per place.
    const expected = [];
    for (const place of check.touched) {
      expected.push(await peopleToAsk({ root: workspace.root, config: workspace.config, now, places: [{ path: place.path, ...(place.lines ? { lines: place.lines } : {}), linked: place.links }], git: true, limit: 3 }));
    }

    // The git processes the change's people start, through a `git` first on PATH that logs its arguments.
    const bin = join(repo.home, 'bin');
    const log = join(repo.home, 'git.log');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$1" >> "${log}"\nPATH='${savedPath ?? ''}' exec git "$@"\n`);
    chmodSync(join(bin, 'git'), 0o755);
    writeFileSync(log, '');
    process.env.PATH = `${bin}:${savedPath ?? ''}`;
    const people = await peopleForChange(workspace, check.touched, { now, git: true });
    process.env.PATH = savedPath;

    assert.deepEqual(check.touched.map(people), expected);
    const reasons = new Set(expected.flat().flatMap((person) => person.reasons.map((r) => r.kind)));
    assert.deepEqual([...reasons].sort(), ['fix-author', 'owner', 'recent-author', 'responder'], 'the fixture exercises every kind of reason');
    const blames = readFileSync(log, 'utf8').split('\n').filter((command) => command === 'blame');
    assert.equal(blames.length, 2, 'one blame per changed file, not one per touched place');
  });

  it('names responders and owners only where git may not run, and nobody for no places', async () => {
    const workspace = await loadWorkspace(repo.dir);
    const check = await checkChange(workspace, { kind: 'working' });
    const people = await peopleForChange(workspace, check.touched, { now: new Date(), git: false });
    const early = check.touched.find((t) => t.lines?.start === 2);
    assert.ok(early);
    assert.deepEqual(people(early).map((p) => [p.name, p.reasons.map((r) => r.kind)]), [['dana', ['responder']], ['@pay-team', ['owner']]]);
    assert.deepEqual((await peopleForChange(workspace, [], { now: new Date(), git: false }))(early), []);
  });
});
