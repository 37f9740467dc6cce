import * as assert from 'node:assert/strict';
import { parseUnifiedDiff, unquote, type FileDiff } from '../../../src/core/diff';

// Real `git diff --cached -M -U0` output (git 2.x): a deletion, a change and an insertion in
// one file, a deleted file, a binary change, a new file, a rename with an edit, a path with
// a space (git appends a tab to its ---/+++ lines) and one with a tab (git quotes it).
const STAGED_U0 = [
  'diff --git a/a.txt b/a.txt',
  'index 0ff3bbb..f8be0fb 100644',
  '--- a/a.txt',
  '+++ b/a.txt',
  '@@ -5 +4,0 @@',
  '-5',
  '@@ -10 +9 @@',
  '-10',
  '+ten',
  '@@ -13,0 +13 @@',
  '+inserted',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  'index 8a1218a..0000000',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1,5 +0,0 @@',
  '-1', '-2', '-3', '-4', '-5',
  'diff --git a/img.bin b/img.bin',
  'index 8352675..d0c3599 100644',
  'Binary files a/img.bin and b/img.bin differ',
  'diff --git a/new.txt b/new.txt',
  'new file mode 100644',
  'index 0000000..3e75765',
  '--- /dev/null',
  '+++ b/new.txt',
  '@@ -0,0 +1 @@',
  '+new',
  'diff --git a/moved.txt b/renamed.txt',
  'similarity index 92%',
  'rename from moved.txt',
  'rename to renamed.txt',
  'index e8823e1..53f8626 100644',
  '--- a/moved.txt',
  '+++ b/renamed.txt',
  '@@ -3 +3 @@',
  '-3',
  '+three',
  'diff --git a/sp ace.txt b/sp ace.txt',
  'index 01e79c3..3098bcb 100644',
  '--- a/sp ace.txt\t',
  '+++ b/sp ace.txt\t',
  '@@ -3,0 +4 @@',
  '+x',
  'diff --git "a/tab\\tx.txt" "b/tab\\tx.txt"',
  'index 01e79c3..e2b4417 100644',
  '--- "a/tab\\tx.txt"',
  '+++ "b/tab\\tx.txt"',
  '@@ -3,0 +4 @@',
  '+y',
  '',
].join('\n');

// The same change to a.txt with git's default three lines of context.
const A_U3 = [
  'diff --git a/a.txt b/a.txt',
  'index 0ff3bbb..f8be0fb 100644',
  '--- a/a.txt',
  '+++ b/a.txt',
  '@@ -2,15 +2,15 @@',
  ' 2', ' 3', ' 4', '-5', ' 6', ' 7', ' 8', ' 9', '-10', '+ten', ' 11', ' 12', ' 13', '+inserted', ' 14', ' 15', ' 16',
  '',
].join('\n');

function byPath(files: FileDiff[], path: string): FileDiff {
  const file = files.find((f) => (f.newPath ?? f.oldPath) === path);
  assert.ok(file, `no diff for ${path} in ${files.map((f) => f.newPath ?? f.oldPath).join(', ')}`);
  return file;
}

describe('parseUnifiedDiff', () => {
  it('reads every kind of file change git writes, with its blocks of changed lines', () => {
    const files = parseUnifiedDiff(STAGED_U0);
    assert.equal(files.length, 7);
    assert.deepEqual(byPath(files, 'a.txt'), {
      kind: 'modified', oldPath: 'a.txt', newPath: 'a.txt', binary: false,
      blocks: [
        { oldStart: 5, oldLines: 1, newStart: 5, newLines: 0 },
        { oldStart: 10, oldLines: 1, newStart: 9, newLines: 1 },
        // Inserted between old lines 13 and 14.
        { oldStart: 14, oldLines: 0, newStart: 13, newLines: 1 },
      ],
    });
    assert.deepEqual(byPath(files, 'gone.txt'), { kind: 'deleted', oldPath: 'gone.txt', newPath: undefined, binary: false, blocks: [{ oldStart: 1, oldLines: 5, newStart: 1, newLines: 0 }] });
    assert.deepEqual(byPath(files, 'img.bin'), { kind: 'modified', oldPath: 'img.bin', newPath: 'img.bin', binary: true, blocks: [] });
    assert.deepEqual(byPath(files, 'new.txt'), { kind: 'added', oldPath: undefined, newPath: 'new.txt', binary: false, blocks: [{ oldStart: 1, oldLines: 0, newStart: 1, newLines: 1 }] });
    assert.deepEqual(byPath(files, 'renamed.txt'), { kind: 'renamed', oldPath: 'moved.txt', newPath: 'renamed.txt', binary: false, blocks: [{ oldStart: 3, oldLines: 1, newStart: 3, newLines: 1 }] });
    assert.equal(byPath(files, 'sp ace.txt').oldPath, 'sp ace.txt');
    assert.equal(byPath(files, 'tab\tx.txt').oldPath, 'tab\tx.txt');
  });

  it('gives the same blocks with context lines as without', () => {
    const withContext = parseUnifiedDiff(A_U3)[0];
    const without = byPath(parseUnifiedDiff(STAGED_U0), 'a.txt');
    assert.deepEqual(withContext?.blocks, without.blocks);
  });

  it('reads a pure rename, a copy and a mode change as changes without lines', () => {
    const files = parseUnifiedDiff([
      'diff --git a/src/old name.ts b/src/new name.ts',
      'similarity index 100%',
      'rename from src/old name.ts',
      'rename to src/new name.ts',
      'diff --git a/x.sh b/x.sh',
      'old mode 100644',
      'new mode 100755',
      'diff --git a/a.ts b/b.ts',
      'similarity index 100%',
      'copy from a.ts',
      'copy to b.ts',
    ].join('\n'));
    assert.deepEqual(files, [
      { kind: 'renamed', oldPath: 'src/old name.ts', newPath: 'src/new name.ts', binary: false, blocks: [] },
      { kind: 'modified', oldPath: 'x.sh', newPath: 'x.sh', binary: false, blocks: [] },
      { kind: 'copied', oldPath: 'a.ts', newPath: 'b.ts', binary: false, blocks: [] },
    ]);
  });

  it('reads removed lines that look like headers as lines, and CRLF diffs like LF ones', () => {
    const text = ['diff --git a/a.md b/a.md', '--- a/a.md', '+++ b/a.md', '@@ -1,2 +1,2 @@', '--- a/not-a-header', '+++ b/still-a-line', ' ctx', ''].join('\r\n');
    const [file] = parseUnifiedDiff(text);
    assert.deepEqual(file?.blocks, [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1 }]);
    assert.equal(file?.newPath, 'a.md');
  });

  it('keeps what it read of a hunk cut short, and reads the next file', () => {
    const text = ['diff --git a/a b/a', '--- a/a', '+++ b/a', '@@ -1,5 +1,5 @@', '-x', 'garbage', 'diff --git a/b b/b', '--- a/b', '+++ b/b', '@@ -2 +2 @@', '-1', '+2'].join('\n');
    const files = parseUnifiedDiff(text);
    assert.deepEqual(files.map((f) => [f.oldPath, f.blocks]), [
      ['a', [{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 0 }]],
      ['b', [{ oldStart: 2, oldLines: 1, newStart: 2, newLines: 1 }]],
    ]);
  });

  it('unquotes git C-style paths, octal UTF-8 bytes included', () => {
    assert.equal(unquote('"src/caf\\303\\251.ts"'), 'src/café.ts');
    assert.equal(unquote('"a\\"b\\\\c"'), 'a"b\\c');
    assert.equal(unquote('plain path'), 'plain path');
    const [file] = parseUnifiedDiff('diff --git "a/caf\\303\\251.ts" "b/caf\\303\\251.ts"\n--- "a/caf\\303\\251.ts"\n+++ "b/caf\\303\\251.ts"\n@@ -1 +1 @@\n-a\n+b\n');
    assert.equal(file?.newPath, 'café.ts');
  });

  it('reads nothing from text that is not a diff', () => {
    assert.deepEqual(parseUnifiedDiff(''), []);
    assert.deepEqual(parseUnifiedDiff('hello\n@@ -1 +1 @@\n-a\n+b\n'), []);
  });
});
