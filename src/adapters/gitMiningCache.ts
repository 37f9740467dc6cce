// Where mined fixes are remembered between runs: one file per repository, JSON Lines. The
// first line names the rules the fixes were mined with (a key); each further line is one run,
// `{"from", "head", "fixes"}`: the fixes found between the head mined before (`from`, null for
// a full run) and `head`. A full run rewrites the file (temporary file and rename); a run
// after a pull appends one line, so one new commit costs one short append, not a rewrite of
// every fix. What a process read or wrote is kept in memory while the file's size and time
// say it is unchanged, so a run after a pull does not parse the file again either.
// A torn last line (a crash mid-append) is ignored and the next run rewrites the file; a line
// whose `from` is not the head reached so far (two processes appending at once) is skipped.
import { randomBytes } from 'node:crypto';
import { appendFileSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Fix } from '../core/gitMining';

/** Bump when the file's shape or the mining rules change: older files are then mined again. */
const CACHE_VERSION = 2;
/** Past this many appended runs the next run rewrites the file as one. */
const MAX_RUNS = 256;

/** What the last runs found: the head mined up to and every fix up to it, newest first. */
export interface MiningState {
  key: string;
  head: string;
  /** Newest first; shared with the memory copy, so treat as read-only. */
  fixes: readonly Fix[];
}

interface Remembered {
  state: MiningState;
  runs: number;
  /** The file must be rewritten before anything is appended (a torn line, too many runs). */
  rewrite: boolean;
  size: number;
  mtimeMs: number;
}

const remembered = new Map<string, Remembered>();

/** The state in `file` when it was mined with `key`; undefined when missing, damaged or mined otherwise. */
export async function readMiningState(file: string, key: string): Promise<MiningState | undefined> {
  const info = statOf(file);
  if (!info) return undefined;
  let known = remembered.get(file);
  if (!known || known.size !== info.size || known.mtimeMs !== info.mtimeMs) {
    known = parse(await readFile(file, 'utf8').catch(() => ''), info.size, info.mtimeMs);
    if (known) remembered.set(file, known);
    else remembered.delete(file);
  }
  return known?.state.key === key ? known.state : undefined;
}

/**
 * Records a run: `fixes` found after `from` up to `head`. Appends one line when the file
 * holds the state at `from` with the same key; otherwise (a full run, a changed key, a file
 * to compact) writes the whole state, `earlier` being the fixes up to `from`.
 */
export async function recordMiningRun(file: string, key: string, from: string | undefined, head: string, fixes: readonly Fix[], earlier: readonly Fix[]): Promise<void> {
  const known = remembered.get(file);
  const all = fixes.length === 0 ? earlier : [...fixes, ...earlier];
  const line = `${JSON.stringify({ from: from ?? null, head, fixes })}\n`;
  if (from !== undefined && known && !known.rewrite && known.runs < MAX_RUNS && known.state.key === key && known.state.head === from) {
    const info = statOf(file);
    if (info && info.size === known.size && info.mtimeMs === known.mtimeMs) {
      // One short line, written at once (O_APPEND), synchronously: no thread-pool round trips.
      appendFileSync(file, line);
      remember(file, { key, head, fixes: all }, known.runs + 1);
      return;
    }
  }
  await mkdir(dirname(file), { recursive: true });
  const whole = `${JSON.stringify({ version: CACHE_VERSION, key })}\n${JSON.stringify({ from: null, head, fixes: all })}\n`;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  // Without waiting for the disk: a lost cache only means mining again.
  await writeFile(temp, whole);
  await rename(temp, file).catch(async (error: unknown) => {
    await rm(temp, { force: true });
    throw error;
  });
  remember(file, { key, head, fixes: all }, 1);
}

function remember(file: string, state: MiningState, runs: number): void {
  const info = statOf(file);
  if (info) remembered.set(file, { state, runs, rewrite: false, size: info.size, mtimeMs: info.mtimeMs });
  else remembered.delete(file);
}

function statOf(file: string): { size: number; mtimeMs: number } | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

interface RunLine {
  from: string | null;
  head: string;
  fixes: Fix[];
}

function parse(text: string, size: number, mtimeMs: number): Remembered | undefined {
  const lines = text.split('\n');
  let header: { version?: unknown; key?: unknown };
  try {
    header = JSON.parse(lines[0] ?? '') as typeof header;
  } catch {
    return undefined;
  }
  if (header.version !== CACHE_VERSION || typeof header.key !== 'string') return undefined;
  // A complete file ends with a line break: the last element is then empty.
  let rewrite = lines[lines.length - 1] !== '';
  const chunks: Fix[][] = [];
  let head: string | null = null;
  let runs = 0;
  for (const line of lines.slice(1, -1)) {
    let run: RunLine;
    try {
      run = JSON.parse(line) as RunLine;
    } catch {
      rewrite = true;
      break;
    }
    if (run.from !== head || typeof run.head !== 'string' || !Array.isArray(run.fixes)) {
      rewrite = true;
      continue;
    }
    chunks.push(run.fixes);
    head = run.head;
    runs++;
  }
  if (head === null) return undefined;
  const fixes = chunks.length === 1 ? (chunks[0] as Fix[]) : chunks.reverse().flat();
  return { state: { key: header.key, head, fixes }, runs, rewrite, size, mtimeMs };
}
