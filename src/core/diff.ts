// Unified diffs as git writes them (`git diff -M`, any context size), read into what a
// change did to each file: added, deleted, modified or renamed, binary or text, and for
// text the blocks of changed lines on both sides. One pass, linear in the diff's length,
// so a 100,000-line diff costs what reading it costs.

/** A run of consecutive changed lines: `oldLines` removed at `oldStart`, `newLines` added at `newStart` (1-based). */
export interface ChangeBlock {
  /**
   * The first removed line; with nothing removed (a pure insertion), the old line the
   * insertion stands before, so the insertion sits between old lines oldStart-1 and oldStart.
   */
  oldStart: number;
  oldLines: number;
  /** The first added line; with nothing added (a pure deletion), the new line that follows the gap. */
  newStart: number;
  newLines: number;
}

export type FileChangeKind = 'added' | 'deleted' | 'modified' | 'renamed' | 'copied';

export interface FileDiff {
  kind: FileChangeKind;
  /** The path before the change (as git prints it, prefix removed); undefined for an added file. */
  oldPath: string | undefined;
  /** The path after the change; undefined for a deleted file. */
  newPath: string | undefined;
  /** Git said "Binary files ... differ" or wrote a binary patch: no line information. */
  binary: boolean;
  /** Changed lines in order; empty for binary files, pure renames and mode changes. */
  blocks: ChangeBlock[];
}

const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses `git diff` output (with or without `-M`, any `-U`, `--src-prefix=a/ --dst-prefix=b/`
 * as git's defaults) into one FileDiff per file. Lines it does not know (index, mode,
 * similarity, "\ No newline at end of file") are skipped; a malformed hunk ends its file's
 * blocks rather than guessing. Never throws.
 */
export function parseUnifiedDiff(text: string): FileDiff[] {
  const files: FileDiff[] = [];
  let file: FileDiff | undefined;
  // Lines left in the current hunk on each side; both 0 outside a hunk.
  let oldLeft = 0;
  let newLeft = 0;
  let oldLine = 0;
  let newLine = 0;
  let block: ChangeBlock | undefined;
  const closeBlock = () => {
    if (block && file) file.blocks.push(block);
    block = undefined;
  };
  let at = 0;
  while (at < text.length) {
    let end = text.indexOf('\n', at);
    if (end === -1) end = text.length;
    const line = text.charCodeAt(end - 1) === 13 && end > at ? text.slice(at, end - 1) : text.slice(at, end);
    at = end + 1;
    if (file && (oldLeft > 0 || newLeft > 0)) {
      const mark = line[0];
      if (mark === '-' && oldLeft > 0) {
        block ??= { oldStart: oldLine, oldLines: 0, newStart: newLine, newLines: 0 };
        block.oldLines++;
        oldLine++;
        oldLeft--;
        continue;
      }
      if (mark === '+' && newLeft > 0) {
        block ??= { oldStart: oldLine, oldLines: 0, newStart: newLine, newLines: 0 };
        block.newLines++;
        newLine++;
        newLeft--;
        continue;
      }
      if ((mark === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
        closeBlock();
        oldLine++;
        newLine++;
        oldLeft--;
        newLeft--;
        continue;
      }
      if (mark === '\\') continue;
      // Anything else inside a hunk: the hunk was cut short. Keep what was read.
      closeBlock();
      oldLeft = newLeft = 0;
    }
    if (line.startsWith('diff --git ')) {
      closeBlock();
      const paths = gitHeaderPaths(line.slice('diff --git '.length));
      file = { kind: 'modified', oldPath: paths?.[0], newPath: paths?.[1], binary: false, blocks: [] };
      files.push(file);
      continue;
    }
    if (!file) continue;
    const hunk = HUNK.exec(line);
    if (hunk) {
      closeBlock();
      const oldCount = hunk[2] === undefined ? 1 : Number(hunk[2]);
      const newCount = hunk[4] === undefined ? 1 : Number(hunk[4]);
      // With a count of 0, git's start is the line before the (empty) side: the next line is one further.
      oldLine = Number(hunk[1]) + (oldCount === 0 ? 1 : 0);
      newLine = Number(hunk[3]) + (newCount === 0 ? 1 : 0);
      oldLeft = oldCount;
      newLeft = newCount;
      continue;
    }
    readHeader(file, line);
  }
  closeBlock();
  return files;
}

/** The extended header lines between `diff --git` and the first hunk. */
function readHeader(file: FileDiff, line: string): void {
  if (line.startsWith('new file mode')) {
    file.kind = 'added';
    file.oldPath = undefined;
  } else if (line.startsWith('deleted file mode')) {
    file.kind = 'deleted';
    file.newPath = undefined;
  } else if (line.startsWith('rename from ')) {
    file.kind = 'renamed';
    file.oldPath = unquote(line.slice('rename from '.length));
  } else if (line.startsWith('rename to ')) {
    file.kind = 'renamed';
    file.newPath = unquote(line.slice('rename to '.length));
  } else if (line.startsWith('copy from ')) {
    file.kind = 'copied';
    file.oldPath = unquote(line.slice('copy from '.length));
  } else if (line.startsWith('copy to ')) {
    file.kind = 'copied';
    file.newPath = unquote(line.slice('copy to '.length));
  } else if (line.startsWith('--- ')) {
    const path = sidePath(line.slice(4), 'a/');
    if (path !== undefined) file.oldPath = path;
    else if (line.slice(4).trim() === '/dev/null') file.kind = 'added';
  } else if (line.startsWith('+++ ')) {
    const path = sidePath(line.slice(4), 'b/');
    if (path !== undefined) file.newPath = path;
    else if (line.slice(4).trim() === '/dev/null') file.kind = 'deleted';
  } else if (line.startsWith('Binary files ') || line === 'GIT binary patch') {
    file.binary = true;
  }
  if (file.kind === 'added') file.oldPath = undefined;
  if (file.kind === 'deleted') file.newPath = undefined;
}

/** `--- a/src/x.ts` (maybe quoted, maybe with a tab and a date after it) without its prefix; undefined for /dev/null. */
function sidePath(rest: string, prefix: string): string | undefined {
  const raw = rest.startsWith('"') ? rest : rest.split('\t')[0] ?? '';
  const path = unquote(raw.trimEnd());
  if (path === '/dev/null') return undefined;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

/**
 * The two paths of `a/x b/y`. Unquoted paths with spaces are ambiguous here, so this is
 * only a first guess: the ---/+++ and rename lines, which are not, overwrite it.
 */
function gitHeaderPaths(rest: string): [string, string] | undefined {
  if (rest.startsWith('"')) {
    const close = closingQuote(rest, 0);
    const first = unquote(rest.slice(0, close + 1));
    const second = unquote(rest.slice(close + 2));
    return [strip(first, 'a/'), strip(second, 'b/')];
  }
  const quoted = rest.indexOf(' "');
  if (quoted !== -1) return [strip(rest.slice(0, quoted), 'a/'), strip(unquote(rest.slice(quoted + 1)), 'b/')];
  // Same path on both sides (no rename): "a/P b/P" splits in the middle.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ' && rest.slice(2, half) === rest.slice(half + 3)) {
    return [strip(rest.slice(0, half), 'a/'), strip(rest.slice(half + 1), 'b/')];
  }
  const space = rest.indexOf(' b/');
  return space === -1 ? undefined : [strip(rest.slice(0, space), 'a/'), strip(rest.slice(space + 1), 'b/')];
}

function strip(path: string, prefix: string): string {
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}

function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

const UTF8 = new TextEncoder();
const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Git's C-style quoting (`"src/caf\303\251.ts"`) undone, octal escapes read as UTF-8 bytes. Unquoted text is returned as is. */
export function unquote(text: string): string {
  if (!text.startsWith('"') || text.length < 2) return text;
  const bytes: number[] = [];
  const close = closingQuote(text, 0);
  for (let i = 1; i < close; i++) {
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    if (ch !== '\\') {
      bytes.push(...UTF8.encode(ch));
      i += ch.length - 1;
      continue;
    }
    const next = text[i + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      bytes.push(parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
