import * as assert from 'node:assert/strict';
import { candidateGrepArgs, toExtendedRegexp } from '../../../src/core/gitGrep';
import { fixFilesOf, incidentMentions, logFormat, MAX_RECORD, parseIgnoreRevs, parseLogRecord, RecordSplitter } from '../../../src/core/gitMining';
import { parseBlamePorcelain, recentAuthors } from '../../../src/core/gitMiningBlame';
import { referenceMatcher } from '../../../src/core/references';

const H1 = 'a'.repeat(40);
const H2 = 'b'.repeat(40);
const matcher = referenceMatcher(['INC-\\d+']);

describe('git mining: parsing', () => {
  it('names an incident after a keyword, in a trailer or in a list, never in passing', () => {
    const cases: [string, string[]][] = [
      ['Fixes INC-142', ['INC-142']],
      ['fix(INC-7): guard null card', ['INC-7']],
      ['Retry budget\n\nIncident: INC-157\nSigned-off-by: A <a@x>', ['INC-157']],
      ['Incident-Id: INC-1', ['INC-1']],
      ['Resolves INC-1, INC-2 and INC-3', ['INC-1', 'INC-2', 'INC-3']],
      ['refs: INC-9; see INC-9 again', ['INC-9']],
      ['Unlike INC-3, this is fine', []],
      ['Fixes INC-1 unlike INC-2', ['INC-1']],
      ['mitigates INC-5', ['INC-5']],
      ['Closes #12 and INC-4', []],
      ['PREFIXES INC-4', []],
    ];
    for (const [message, expected] of cases) assert.deepEqual(incidentMentions(message, matcher), expected, message);
    assert.deepEqual(incidentMentions('Fixes BUG-1', referenceMatcher(['BUG-\\d+'])), ['BUG-1']);
    assert.deepEqual(incidentMentions('Fixes INC-1', undefined), []);
  });

  it('splits a streamed log into commits, whatever the chunk boundaries', () => {
    const text = `\x1e${H1}\x1f${H2}\x1fAlice\x1fa@x\x1f2026-01-01T00:00:00+00:00\x1fSubject\n\nFixes INC-1\n\n\x1e${H2}\x1f\x1fBob\x1fb@x\x1f2026-01-01T00:00:00+00:00\x1fRoot\n`;
    for (const size of [1, 7, text.length]) {
      const splitter = new RecordSplitter('\x1e');
      const records: string[] = [];
      for (let i = 0; i < text.length; i += size) records.push(...splitter.push(text.slice(i, i + size)));
      records.push(...splitter.end());
      const commits = records.map((r) => parseLogRecord(r)).filter((c) => c !== undefined);
      assert.deepEqual(commits, [
        { commit: H1, parents: [H2], author: { name: 'Alice', email: 'a@x' }, date: '2026-01-01T00:00:00+00:00', message: 'Subject\n\nFixes INC-1' },
        { commit: H2, parents: [], author: { name: 'Bob', email: 'b@x' }, date: '2026-01-01T00:00:00+00:00', message: 'Root' },
      ]);
    }
    assert.equal(parseLogRecord('not a commit\x1f\x1f\x1f\x1f\x1f'), undefined);
  });

  it('lets no message or diff line fake the start of another commit: both markers carry the run\'s nonce', () => {
    assert.equal(logFormat('n0nce'), '%x1en0nce%H%x1f%P%x1f%aN%x1f%aE%x1f%ad%x1f%B%x1dn0nce');
    const forged = `\x1e${H2}\x1f\x1fMallory\x1fm@x\x1f2026-01-01T00:00:00+00:00\x1fFixes INC-9\x1d`;
    const diff = `diff --git a/a.ts b/a.ts\n--- a/a.ts\n+++ b/a.ts\n@@ -1 +1 @@\n-a\n+${forged}\n`;
    const text = `\x1en0nce${H1}\x1f\x1fAlice\x1fa@x\x1f2026-01-01T00:00:00+00:00\x1fFixes INC-1\n${forged}\x1dn0nce\n${diff}`;
    const splitter = new RecordSplitter('\x1en0nce');
    const records = [...splitter.push(text.slice(0, 9)), ...splitter.push(text.slice(9)), ...splitter.end()];
    const commits = records.map((r) => parseLogRecord(r, 'n0nce')).filter((c) => c !== undefined);
    assert.equal(commits.length, 1);
    assert.equal(commits[0]?.author.name, 'Alice');
    assert.equal(commits[0]?.message, `Fixes INC-1\n${forged}`);
    assert.deepEqual(fixFilesOf(commits[0]?.diff ?? ''), [{ path: 'a.ts', lines: [{ start: 1, end: 1 }] }]);
  });

  it('keeps only the start of a record past MAX_RECORD, in time linear in its length', () => {
    const splitter = new RecordSplitter('\x1e');
    const chunk = 'x'.repeat(1 << 20);
    const records: string[] = [];
    for (let i = 0; i < MAX_RECORD / chunk.length + 4; i++) records.push(...splitter.push(chunk));
    records.push(...splitter.push('\x1eafter'), ...splitter.end());
    assert.deepEqual(records.map((r) => r.length), [MAX_RECORD, 5]);
  });

  it('has git filter by keyword and id when the patterns translate, by keyword alone otherwise', () => {
    const cases: [string, string | undefined][] = [
      ['INC-\\d+', 'INC-[0-9]+'],
      ['(?:INC|SEV)-\\d{1,6}', '(INC|SEV)-[0-9]{1,6}'],
      ['\\b[A-Z][A-Z0-9_]+-\\d+\\b', '[A-Z][A-Z0-9_]+-[0-9]+'],
      ['[\\w-]+#\\d+?', '[[:alnum:]_-]+#[0-9]+'],
      ['^PD\\.\\s*\\d+$', 'PD\\.[[:space:]]*[0-9]+'],
      ['INC.\\d+', undefined], ['[^a]\\d', undefined], ['(?i)inc-\\d+', undefined], ['INC-(\\d+', undefined],
      ['INC-\\d{3,1}', undefined], ['Störung-\\d+', undefined], ['a|', undefined], ['\\p{L}+', undefined],
    ];
    for (const [source, expected] of cases) assert.equal(toExtendedRegexp(source), expected, source);
    assert.deepEqual(candidateGrepArgs(['INC-\\d+', 'SEV\\d+']).slice(-2), ['--grep=fix|close|resolve|ref|incident|mitigat|related to|part of|see', '--grep=(INC-[0-9]+)|(SEV[0-9]+)']);
    assert.ok(candidateGrepArgs(['INC-\\d+', 'INC.\\d+']).includes('--fixed-strings'));
  });

  it('takes changed files and new-side hunk lines from a commit\'s -U0 diff', () => {
    const diff = [
      'diff --git a/src/a.ts b/src/a.ts', 'index 1..2 100644', '--- a/src/a.ts', '+++ b/src/a.ts',
      '@@ -3,2 +3,3 @@ x', '--- a removed line that looks like a header', '-+++ another', '+x', '+y', '+z',
      '@@ -10 +11,0 @@', '-gone',
      'diff --git "a/sp ace\\303\\251.ts" "b/sp ace\\303\\251.ts"', 'new file mode 100644', '--- /dev/null', '+++ "b/sp ace\\303\\251.ts"', '@@ -0,0 +1 @@', '+y',
      'diff --git a/old.ts b/new.ts', 'similarity index 100%', 'rename from old.ts', 'rename to new.ts',
      'diff --git a/img.png b/img.png', 'new file mode 100644', 'Binary files /dev/null and b/img.png differ',
      'diff --git a/dead.ts b/dead.ts', 'deleted file mode 100644', '--- a/dead.ts', '+++ /dev/null', '@@ -1,2 +0,0 @@', '-a', '-b',
      '',
    ].join('\n');
    assert.deepEqual(fixFilesOf(diff), [
      { path: 'src/a.ts', lines: [{ start: 3, end: 5 }, { start: 12, end: 12 }] },
      { path: 'sp aceé.ts', lines: [{ start: 1, end: 1 }] },
      { path: 'new.ts', oldPath: 'old.ts', lines: [] },
      { path: 'img.png', lines: [] },
      { path: 'dead.ts', lines: [{ start: 1, end: 1 }], deleted: true },
    ]);
  });

  it('reads ignore-revs and blame porcelain', () => {
    assert.deepEqual([...parseIgnoreRevs(`# formatting\n${H1} # prettier\n\nabc123\n${H2.toUpperCase()}\n`)], [H1, H2]);
    const porcelain = [
      `${H1} 1 1 2`, 'author Alice', 'author-mail <a@x>', 'author-time 1770000000', 'summary s', 'filename f', '\tone',
      `${H1} 2 2`, 'author Alice', 'author-mail <a@x>', 'author-time 1770000000', 'filename f', '\ttwo',
      `${'0'.repeat(40)} 3 3 1`, 'author Not Committed Yet', 'author-mail <not.committed.yet>', 'author-time 1790000000', 'filename f', '\tthree',
      `${H2} 1 4 1`, 'author Bob', 'author-mail <b@x>', 'author-time 1600000000', 'filename f', '\tfour',
    ].join('\n');
    const lines = parseBlamePorcelain(porcelain);
    assert.deepEqual(lines.map((l) => [l.line, l.commit, l.author.name, l.author.email, l.time]), [
      [1, H1, 'Alice', 'a@x', 1770000000], [2, H1, 'Alice', 'a@x', 1770000000], [4, H2, 'Bob', 'b@x', 1600000000],
    ]);
    assert.deepEqual(recentAuthors(lines, 1700000000), [{ author: { name: 'Alice', email: 'a@x' }, lines: 2, commits: [H1] }]);
  });
});
