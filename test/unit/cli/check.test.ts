import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gitEnv, incidentYaml, makeRepo, numbered, runCli, runProcess, type TempRepo } from './repo';

/** src/pay.ts with line `n` replaced. */
function payWith(edits: Record<number, string>, count = 40): string {
  return numbered(count).split('\n').map((line, i) => edits[i + 1] ?? line).join('\n');
}

const INC_1 = { id: 'INC-1', title: 'INC-1 title', severity: 'SEV1', role: 'root-cause' };
const INC_2 = { id: 'INC-2', title: 'INC-2 title', severity: 'SEV3', role: 'related' };

/** `--format json` output without each place's experts (asserted in their own test). */
function placesOf(stdout: string): { risk: string; touched: object[] } {
  const json = JSON.parse(stdout) as { risk: string; touched: { experts: unknown }[] };
  return { risk: json.risk, touched: json.touched.map(({ experts: _experts, ...place }) => place) };
}

describe('incident-lens check', function () {
  this.timeout(60_000);
  let repo: TempRepo;

  beforeEach(() => {
    repo = makeRepo();
  });
  afterEach(() => repo.remove());

  it('names the incident behind a changed linked line in the working tree, in the JSON shape', async () => {
    repo.write('src/pay.ts', payWith({ 15: 'line 15 // retry with jitter' }));
    repo.write('src/util.ts', numbered(11, 'util'));
    const text = await runCli(['check'], repo.dir, repo.env);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^Incident risk: HIGH\. This change touches 2 places linked to incidents \(2 changed files against HEAD \(working tree\)\)\.$/m);
    assert.match(text.stdout, /^ {2}high {4}src\/pay\.ts:10-20 {2}changed$/m);
    assert.match(text.stdout, /^ {10}INC-1 {2}SEV1 {2}root-cause {2}INC-1 title$/m);
    const json = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(json.stdout), {
      risk: 'high',
      touched: [
        { path: 'src/pay.ts', lines: '10-20', risk: 'high', incidents: [INC_1] },
        { path: 'src/util.ts', lines: '11-11', risk: 'none', incidents: [INC_2] },
      ],
    });
  });

  it('checks only what is staged with --staged, and is quiet about code nobody linked', async () => {
    repo.write('src/pay.ts', payWith({ 12: 'changed' }));
    repo.write('src/free.ts', numbered(12, 'free'));
    repo.git('add', 'src/free.ts');
    const staged = await runCli(['check', '--staged', '--format', 'json'], repo.dir, repo.env);
    assert.equal(staged.code, 0, staged.stderr);
    assert.deepEqual(JSON.parse(staged.stdout), { risk: 'none', touched: [] });
    const text = await runCli(['check', '--staged'], repo.dir, repo.env);
    assert.equal(text.stdout, 'No linked code touched (1 changed file against HEAD (staged changes)).\n');
    repo.git('add', 'src/pay.ts');
    const both = await runCli(['check', '--staged', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(JSON.parse(both.stdout).touched.map((t: { path: string }) => t.path), ['src/pay.ts']);
  });

  it('does not count an insertion right above or below a linked range, and counts one inside it', async () => {
    const lines = numbered(40).split('\n');
    repo.write('src/pay.ts', [...lines.slice(0, 9), 'above', ...lines.slice(9, 20), 'below', ...lines.slice(20)].join('\n'));
    const outside = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(JSON.parse(outside.stdout), { risk: 'none', touched: [] });
    repo.write('src/pay.ts', [...lines.slice(0, 10), 'inside', ...lines.slice(10)].join('\n'));
    const inside = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(inside.stdout).touched, [{ path: 'src/pay.ts', lines: '10-21', risk: 'high', incidents: [INC_1] }]);
  });

  it('places a link where its code stood at the base, after commits moved it', async () => {
    // Five lines inserted at the top and committed: the stored lines 10-20 now hold other text,
    // and the fingerprint finds the linked code at 15-25.
    repo.write('src/pay.ts', numbered(5, 'header') + numbered(40));
    repo.git('commit', '-q', '-am', 'header');
    const moved = (numbered(5, 'header') + numbered(40)).split('\n');
    moved[9] = 'line 5 edited'; // old text at the stored lines: not linked any more
    repo.write('src/pay.ts', moved.join('\n'));
    const elsewhere = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(JSON.parse(elsewhere.stdout), { risk: 'none', touched: [] });
    moved[9] = 'line 5';
    moved[19] = 'line 15 edited';
    repo.write('src/pay.ts', moved.join('\n'));
    const touched = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(touched.stdout).touched, [{ path: 'src/pay.ts', lines: '15-25', risk: 'high', incidents: [INC_1] }]);
  });

  it('follows a link whose file git renamed before the base', async () => {
    repo.git('mv', 'src/pay.ts', 'src/billing.ts');
    repo.git('commit', '-q', '-m', 'rename');
    repo.write('src/billing.ts', payWith({ 14: 'changed after the rename' }));
    const run = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(run.stdout).touched, [{ path: 'src/billing.ts', lines: '10-20', risk: 'high', incidents: [INC_1] }]);
  });

  it('follows a renamed file for a link whose commit this clone does not have (a shallow clone, rewritten history)', async () => {
    const incident = join(repo.dir, '.incidents', 'INC-1.yaml');
    writeFileSync(incident, readFileSync(incident, 'utf8').replace('    role: root-cause', '    commit: deadbeefdeadbeef\n    role: root-cause'));
    repo.git('commit', '-q', '-am', 'the link names a commit from elsewhere');
    repo.git('mv', 'src/pay.ts', 'src/billing.ts');
    repo.git('commit', '-q', '-m', 'rename');
    repo.write('src/billing.ts', payWith({ 14: 'changed after the rename' }));
    const run = await runCli(['check', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(run.stdout).touched, [{ path: 'src/billing.ts', lines: '10-20', risk: 'high', incidents: [INC_1] }]);
  });

  it('reports a renamed and a deleted linked file', async () => {
    repo.git('mv', 'src/pay.ts', 'src/payment.ts');
    repo.git('rm', '-q', 'src/util.ts');
    const run = await runCli(['check', '--staged', '--format', 'json'], repo.dir, repo.env);
    assert.deepEqual(placesOf(run.stdout).touched, [
      { path: 'src/payment.ts', lines: '10-20', risk: 'high', incidents: [INC_1] },
      { path: 'src/util.ts', lines: null, risk: 'none', incidents: [INC_2] },
    ]);
    const text = await runCli(['check', '--staged'], repo.dir, repo.env);
    assert.match(text.stdout, /src\/payment\.ts:10-20 {2}renamed from src\/pay\.ts/);
    assert.match(text.stdout, /src\/util\.ts {2}whole-file deleted/);
  });

  it('names the people to ask about each touched place in every format: fix author, responder, recent author', async () => {
    // History: Priya's commit "Fixes INC-1" changes line 12; then INC-1 (fingerprinted anew) gains a responder, and src/ an owner.
    repo.write('src/pay.ts', payWith({ 12: 'line 12 // jitter' }));
    repo.git('commit', '-q', '-am', 'Add jitter\n\nFixes INC-1', '--author=Priya Shah <priya@example.com>');
    const fix = repo.git('rev-parse', 'HEAD').trim();
    const day = repo.git('log', '-1', '--format=%aI').slice(0, 10);
    repo.write('.incidents/INC-1.yaml', `${incidentYaml('INC-1', 'SEV1', 10, [{ path: 'src/pay.ts', lines: [10, 20], text: payWith({ 12: 'line 12 // jitter' }), role: 'root-cause' }])}responders: [alice]\n`);
    repo.write('.github/CODEOWNERS', 'src/ @pay-team\n');
    repo.git('add', '-A');
    repo.git('commit', '-q', '-m', 'responders and owners');
    const fixed = `wrote the fix for INC-1 (commit ${fix.slice(0, 7)}, ${day})`;
    repo.write('src/pay.ts', payWith({ 12: 'line 12 // jitter', 15: 'line 15 // and a cap' }));

    const json = JSON.parse((await runCli(['check', '--format', 'json'], repo.dir, repo.env)).stdout);
    // Top three: Priya (fix 3 + 1 of 11 lines), alice (responder 3), Test (9 of 11 lines today); @pay-team (owner 1) is fourth.
    assert.deepEqual(json.touched[0].experts, [
      { name: 'Priya Shah', email: 'priya@example.com', score: 3.18, reasons: [{ kind: 'fix-author', detail: fixed }, { kind: 'recent-author', detail: 'changed 1 of these 11 lines in the last year' }] },
      { name: 'alice', email: null, score: 3, reasons: [{ kind: 'responder', detail: 'responded to INC-1 (linked here as root-cause)' }] },
      { name: 'Test', email: 'test@example.com', score: 1.64, reasons: [{ kind: 'recent-author', detail: 'changed 9 of these 11 lines in the last year' }] },
    ]);
    const ask = `Ask: Priya Shah (${fixed} +1), alice (responded to INC-1 (linked here as root-cause)), Test (changed 9 of these 11 lines in the last year)`;
    const text = await runCli(['check'], repo.dir, repo.env);
    assert.ok(text.stdout.includes(`\n          INC-1  SEV1  root-cause  INC-1 title\n          ${ask}\n`), text.stdout);
    const github = await runCli(['check', '--format', 'github'], repo.dir, { ...repo.env, GITHUB_STEP_SUMMARY: '' });
    assert.ok(github.stdout.startsWith(`::warning file=src/pay.ts,line=10,endLine=20,title=Incident risk%3A high::changed code linked to INC-1 (SEV1, root-cause): INC-1 title. ${ask}\n`), github.stdout);
    const markdown = await runCli(['check', '--format', 'markdown'], repo.dir, repo.env);
    assert.match(markdown.stdout, /^\| Code \| Risk \| Incidents \| Ask \|$/m);
    assert.ok(markdown.stdout.includes(`| Priya Shah \\(wrote the fix for INC\\-1 \\(commit ${fix.slice(0, 7)}, ${day.replace(/-/g, '\\-')}\\) \\+1\\)<br>alice \\(responded to INC\\-1 \\(linked here as root\\-cause\\)\\)<br>Test \\(changed 9 of these 11 lines in the last year\\) |`), markdown.stdout);
  });

  it('remembers what it read for a commit in the user cache (churn at HEAD, linked ranges\' fingerprints), and reads again after a commit', async () => {
    const env = { ...repo.env, XDG_CACHE_HOME: '' };
    const cached = <T>(name: string): T => {
      const folder = join(repo.home, '.cache', 'incident-lens', 'check');
      const [hash] = readdirSync(folder);
      return JSON.parse(readFileSync(join(folder, hash as string, name), 'utf8')) as T;
    };
    const churnOf = (): Map<string, number[]> => {
      const stored = cached<{ head: string; times: [string, number[]][] }>('churn.json');
      assert.equal(stored.head, repo.git('rev-parse', 'HEAD').trim());
      return new Map(stored.times);
    };
    const blobOf = (rev: string) => repo.git('rev-parse', `${rev}:src/pay.ts`).trim();
    repo.write('src/pay.ts', payWith({ 15: 'edited' }));
    const first = await runCli(['check', '--format', 'json'], repo.dir, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(churnOf().get('src/pay.ts')?.length, 1);
    // INC-1's lines 10-20 at the base blob of src/pay.ts, with the fingerprint its link stores (8 hex digits as one number).
    const stored = readFileSync(join(repo.dir, '.incidents', 'INC-1.yaml'), 'utf8').match(/fingerprint: (\w+)/)?.[1] as string;
    assert.deepEqual(cached<{ blobs: [string, number[]][] }>('fingerprints.json').blobs, [[blobOf('HEAD'), [10, 20, parseInt(stored, 16)]]]);
    const second = await runCli(['check', '--format', 'json'], repo.dir, env);
    assert.equal(second.stdout, first.stdout);
    repo.git('commit', '-q', '-am', 'edit pay');
    repo.write('src/pay.ts', payWith({ 15: 'edited', 16: 'edited too' }));
    assert.equal((await runCli(['check'], repo.dir, env)).code, 0);
    assert.equal(churnOf().get('src/pay.ts')?.length, 2, 'the new commit is counted');
    assert.deepEqual(cached<{ blobs: [string, unknown][] }>('fingerprints.json').blobs.map(([blob]) => blob), [blobOf('HEAD')], 'only the blobs of the last check are kept');
  });

  it('fails only when --fail-on is met', async () => {
    repo.write('src/util.ts', numbered(11, 'util'));
    assert.equal((await runCli(['check', '--fail-on', 'low'], repo.dir, repo.env)).code, 0, 'a related SEV3 is risk none');
    repo.write('src/pay.ts', payWith({ 11: 'x' }));
    assert.equal((await runCli(['check'], repo.dir, repo.env)).code, 0, 'informs by default');
    assert.equal((await runCli(['check', '--fail-on', 'none'], repo.dir, repo.env)).code, 0);
    const failed = await runCli(['check', '--fail-on', 'high'], repo.dir, repo.env);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /risk high meets --fail-on high/);
  });

  it('checks a branch against its base for CI, as GitHub annotations and a job summary', async () => {
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/pay.ts', payWith({ 18: 'line 18, but "50%", a:b' }));
    repo.git('commit', '-q', '-am', 'feature work');
    repo.write('src/free.ts', 'uncommitted: not part of the branch\n');
    const summary = join(repo.home, 'summary.md');
    const run = await runCli(['check', '--base', 'main', '--format', 'github'], repo.dir, { ...repo.env, GITHUB_STEP_SUMMARY: summary });
    assert.equal(run.code, 0, run.stderr);
    // Every line of the repository is Test's, committed today: the one person to ask.
    assert.equal(run.stdout, '::warning file=src/pay.ts,line=10,endLine=20,title=Incident risk%3A high::changed code linked to INC-1 (SEV1, root-cause): INC-1 title. Ask: Test (changed 11 of these 11 lines in the last year)\n');
    const markdown = readFileSync(summary, 'utf8');
    assert.match(markdown, /^### Incident risk: high$/m);
    assert.match(markdown, /^\| src\/pay\\\.ts:10\\-20 \(changed\) \| high \| \*\*INC\\-1\*\* SEV1 root-cause: INC\\-1 title \| Test \\\(changed 11 of these 11 lines in the last year\\\) \|$/m);
    const review = await runCli(['check', '--base', 'main', '--format', 'markdown'], repo.dir, repo.env);
    assert.equal(review.stdout, markdown);
  });

  it('checks the staged files of a repository before its first commit, against nothing', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'incident-lens-fresh-'));
    try {
      const env = gitEnv(repo.home);
      const git = (...args: string[]) => runProcess('git', args, fresh, env);
      await git('init', '-q', '-b', 'main');
      mkdirSync(join(fresh, '.incidents'));
      writeFileSync(join(fresh, '.incidents', 'INC-1.yaml'), 'id: INC-1\ntitle: First\nseverity: SEV1\nstatus: resolved\nlinks:\n  - path: src/pay.ts\n    lines: 1-2\n    role: root-cause\n');
      mkdirSync(join(fresh, 'src'));
      writeFileSync(join(fresh, 'src', 'pay.ts'), numbered(3));
      await git('add', '-A');
      const staged = await runCli(['check', '--staged'], fresh, env);
      assert.equal(staged.code, 0, staged.stderr);
      // The incident file is history, not code: the diff leaves .incidents/ out.
      assert.equal(staged.stdout, 'No linked code touched (1 changed file against no commit yet (staged changes)).\n');
      const base = await runCli(['check', '--base', 'main'], fresh, env);
      assert.equal(base.code, 2);
      assert.match(base.stderr, /unknown ref "main"/);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });

  it('says what to do on an unknown ref, bad arguments, or outside a repository, with exit 2', async () => {
    const unknown = await runCli(['check', '--base', 'origin/nope'], repo.dir, repo.env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown ref "origin\/nope": fetch it first \(git fetch origin nope\)/);
    const both = await runCli(['check', '--staged', '--base', 'main'], repo.dir, repo.env);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--staged and --base exclude each other/);
    const format = await runCli(['check', '--format', 'xml'], repo.dir, repo.env);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format xml is not one of text, json, github, markdown/);
    const unknownOption = await runCli(['check', '--stagged'], repo.dir, repo.env);
    assert.equal(unknownOption.code, 2);
    assert.match(unknownOption.stderr, /Unknown option '--stagged'\nUsage: incident-lens check/);
    const nowhere = mkdtempSync(join(tmpdir(), 'incident-lens-nowhere-'));
    try {
      const outside = await runCli(['check'], nowhere, gitEnv(repo.home));
      assert.equal(outside.code, 2);
      assert.match(outside.stderr, /No workspace here: .* has no \.incidents\/ folder above it and is not in a git repository/);
    } finally {
      rmSync(nowhere, { recursive: true, force: true });
    }
    const command = await runCli(['chekc'], repo.dir, repo.env);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command "chekc"\. Commands: check, incidents/);
  });
});

describe('incident-lens check in a workspace below the repository top', function () {
  this.timeout(60_000);

  it('finds .incidents/ from a subfolder and prefixes annotation paths for GitHub', async () => {
    const repo = makeRepo('services/payments');
    try {
      repo.write('services/payments/src/pay.ts', payWith({ 10: 'first linked line changed' }));
      const run = await runCli(['check', '--format', 'github'], join(repo.dir, 'services/payments/src'), repo.env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^::warning file=services\/payments\/src\/pay\.ts,line=10,endLine=20,/m);
      const json = await runCli(['check', '--format', 'json'], join(repo.dir, 'services/payments'), repo.env);
      assert.deepEqual(JSON.parse(json.stdout).touched.map((t: { path: string }) => t.path), ['src/pay.ts']);
    } finally {
      repo.remove();
    }
  });
});
