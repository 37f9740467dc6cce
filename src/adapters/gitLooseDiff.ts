// A new fix commit read without starting git: its author through .mailmap, its date, and the
// files and lines it changed, worked out from the object store (gitObjects.ts) exactly as
// `git log -p -U0 -M --use-mailmap` would print them. Only plain cases are answered: one
// parent, regular files changed, added or deleted (never both added and deleted, which -M
// could pair as a rename), each changed in one unambiguous run of lines (lineChange.ts), no
// binary content, safe paths, and no configuration, attributes file or alternate object store
// that could make git print anything else. Everything else answers undefined and the caller
// runs git, which knows every case.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fixFileOf, isoDate, type FixFile, type LogCommit } from '../core/gitMining';
import { singleHunk } from '../core/lineChange';
import { mapIdentity, type Mailmap } from '../core/mailmap';
import { commitOf, type CommitObject, type GitObject, type ObjectStore } from './gitObjects';
import { readRegularBytes } from './workspaceFiles';

/** A commit changing more files than this is left to git. */
const MAX_FILES = 50;
/** Paths git prints unquoted and that name nothing special. */
const SAFE_PATH = /^[A-Za-z0-9_.@+-]+(?:\/[A-Za-z0-9_.@+-]+)*$/;
const REGULAR = new Set(['100644', '100755']);
/** git calls a file binary when its first 8,000 bytes hold a NUL. */
const BINARY_PROBE = 8000;
/** Settings that could change what `git log -p --use-mailmap` prints for us: then git is asked. */
const RISKY_CONFIG = /mailmap|attributesfile|include|\[\s*(?:diff|log|i18n|grep|pretty|format)\b|encoding|bigfilethreshold|quotepath|precompose|alternate/i;
const MAX_CONFIG = 256 * 1024;

/** A commit's fix as `git log -p` would give it. */
export interface ObjectFix {
  commit: LogCommit;
  files: FixFile[];
}

interface Change {
  path: string;
  before?: string;
  after?: string;
}

/**
 * True when nothing but the commits themselves decides what `git log -p --use-mailmap` prints
 * in `root`: no environment overrides, no git configuration (repository, global, system) that
 * touches diffs, logs, mailmaps, encodings or includes, no attributes file outside the tree,
 * no alternate object store.
 */
export function plainSettings(gitDir: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  if (Object.keys(env).some((name) => /^GIT_(?:CONFIG_(?:PARAMETERS|COUNT)|DIR|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|ATTR_SOURCE)$/.test(name))) return false;
  const home = env.HOME || homedir();
  const xdg = env.XDG_CONFIG_HOME || join(home, '.config');
  const configs = [join(gitDir, 'config'), env.GIT_CONFIG_GLOBAL || join(home, '.gitconfig'), join(xdg, 'git', 'config')];
  if (!env.GIT_CONFIG_NOSYSTEM) configs.push(env.GIT_CONFIG_SYSTEM || '/etc/gitconfig');
  for (const file of configs) {
    const bytes = readRegularBytes(file, MAX_CONFIG);
    if (bytes === undefined || (Buffer.isBuffer(bytes) && RISKY_CONFIG.test(bytes.toString('utf8')))) return false;
  }
  return ![join(gitDir, 'info', 'attributes'), join(xdg, 'git', 'attributes'), join(gitDir, 'objects', 'info', 'alternates')].some((file) => existsSync(file));
}

/** The fix `hash` as git would print it, or undefined when git must be asked (see the file's head). */
export function readObjectFix(store: ObjectStore, root: string, hash: string, mailmap: Mailmap): ObjectFix | undefined {
  const commit = parseCommit(store.read(hash));
  const parent = commit?.parents.length === 1 ? parseCommit(store.read(commit.parents[0] as string)) : undefined;
  if (!commit || !parent) return undefined;
  const changes: Change[] = [];
  if (!diffTrees(store, root, parent.tree, commit.tree, '', changes)) return undefined;
  if (changes.some((c) => !c.before) && changes.some((c) => !c.after)) return undefined;
  const files: FixFile[] = [];
  for (const change of changes) {
    const before = change.before ? textOf(store.read(change.before)) : '';
    const after = change.after ? textOf(store.read(change.after)) : '';
    if (before === undefined || after === undefined) return undefined;
    const block = singleHunk(before, after);
    // Equal texts only for an empty file added or deleted (git prints no hunk); else an ambiguous change.
    if (!block && (before !== after || (change.before && change.after))) return undefined;
    const kind = !change.before ? 'added' : !change.after ? 'deleted' : 'modified';
    const file = fixFileOf({ kind, oldPath: change.before && change.path, newPath: change.after && change.path, blocks: block ? [block] : [] });
    if (file) files.push(file);
  }
  const author = mapIdentity(mailmap, { name: commit.author.name, email: commit.author.email });
  return { commit: { commit: hash, parents: commit.parents, author, date: commit.date, message: commit.message }, files };
}

/** A commit with what `git log` prints of it; undefined without a well-formed author. */
function parseCommit(object: GitObject | undefined): (CommitObject & { author: NonNullable<CommitObject['author']>; date: string }) | undefined {
  const commit = commitOf(object);
  return commit?.author && { ...commit, author: commit.author, date: isoDate(commit.author.when) };
}

/** Adds to `out` the files that differ between two trees (undefined: none there), in git's order; false when git must be asked. */
function diffTrees(store: ObjectStore, root: string, before: string | undefined, after: string | undefined, prefix: string, out: Change[]): boolean {
  if (before === after) return true;
  const old = before === undefined ? EMPTY : treeOf(store.read(before));
  const now = after === undefined ? EMPTY : treeOf(store.read(after));
  if (!old || !now || old.includes(ATTRIBUTES) || now.includes(ATTRIBUTES) || existsSync(join(root, prefix, '.gitattributes'))) return false;
  // Both trees list their entries in git's order: walk them side by side, stepping over each run
  // of identical entries at once (sameEntries) and decoding only the entries that differ.
  let [oAt, nAt] = [0, 0];
  for (;;) {
    const same = sameEntries(old, oAt, now, nAt);
    oAt += same;
    nAt += same;
    const o = entryAt(old, oAt);
    const n = entryAt(now, nAt);
    if (!o && !n) break;
    if (o === null || n === null) return false;
    const order = !o ? 1 : !n ? -1 : compareNames(old, o, now, n);
    const before = order <= 0 ? o : undefined;
    const after = order >= 0 ? n : undefined;
    if (before) oAt = before.end;
    if (after) nAt = after.end;
    const name = before ? old.toString('utf8', before.space + 1, before.nul) : now.toString('utf8', (after as Span).space + 1, (after as Span).nul);
    const path = prefix + name;
    const [oldMode, newMode] = [before && old.toString('latin1', before.start, before.space), after && now.toString('latin1', after.start, after.space)];
    const [oldHash, newHash] = [before && old.toString('hex', before.nul + 1, before.end), after && now.toString('hex', after.nul + 1, after.end)];
    if (!SAFE_PATH.test(path)) return false;
    if ((!before || oldMode === TREE) && (!after || newMode === TREE)) {
      if (!diffTrees(store, root, oldHash, newHash, `${path}/`, out)) return false;
      continue;
    }
    if ((oldMode && !REGULAR.has(oldMode)) || (newMode && !REGULAR.has(newMode)) || (oldMode && newMode && oldMode !== newMode)) return false;
    out.push({ path, ...(oldHash ? { before: oldHash } : {}), ...(newHash ? { after: newHash } : {}) });
    if (out.length > MAX_FILES) return false;
  }
  return true;
}

const TREE = '40000';
const EMPTY = Buffer.alloc(0);
const ATTRIBUTES = Buffer.from(' .gitattributes\0');

/** One tree entry's place: `<mode> <name>\0<20-byte hash>` from start to end. */
interface Span {
  start: number;
  space: number;
  nul: number;
  end: number;
}

/** The entry at `at`; undefined at the end, null when the tree is malformed. */
function entryAt(tree: Buffer, at: number): Span | undefined | null {
  if (at >= tree.length) return undefined;
  const space = tree.indexOf(0x20, at);
  const nul = space < 0 ? -1 : tree.indexOf(0, space);
  return nul < 0 || nul + 21 > tree.length ? null : { start: at, space, nul, end: nul + 21 };
}

/**
 * How many bytes from `at` in tree `a` and from `bt` in tree `b` (both at an entry's start) hold
 * the same whole entries: their common bytes, found by halving with memcmp (a few native calls
 * for a tree of hundreds of entries), cut back to the last entry that ends within them.
 */
export function sameEntries(a: Buffer, at: number, b: Buffer, bt: number): number {
  const left = [a.length - at, b.length - bt];
  let [lo, hi] = [0, Math.min(left[0] as number, left[1] as number)];
  if (a.compare(b, bt, bt + hi, at, at + hi) === 0) {
    if (hi === left[0] && hi === left[1]) return hi;
    lo = hi;
  } else {
    // The first lo bytes agree, the first hi do not.
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (a.compare(b, bt, bt + mid, at, at + mid) === 0) lo = mid;
      else hi = mid;
    }
  }
  // Entries end 21 bytes after the NUL that ends their name (a 20-byte id follows it); one
  // without the space after its mode is left to entryAt, which calls the tree malformed.
  let whole = 0;
  for (let i = at; ;) {
    let space = false;
    for (; i < a.length && a[i] !== 0; i++) if (a[i] === 0x20) space = true;
    const end = i + 21;
    if (end - at > lo || !space) return whole;
    whole = end - at;
    i = end;
  }
}

/** git's tree order (base_name_compare): names byte by byte, a tree's as if it ended in "/". */
function compareNames(a: Buffer, x: Span, b: Buffer, y: Span): number {
  const [xLength, yLength] = [x.nul - x.space - 1, y.nul - y.space - 1];
  const common = Math.min(xLength, yLength);
  const order = a.compare(b, y.space + 1, y.space + 1 + common, x.space + 1, x.space + 1 + common);
  if (order !== 0) return order;
  const next = (tree: Buffer, span: Span, length: number) => (length > common ? tree[span.space + 1 + common] as number : tree.toString('latin1', span.start, span.space) === TREE ? 0x2f : 0);
  return Math.sign(next(a, x, xLength) - next(b, y, yLength));
}

/** A tree object's bytes, or undefined. */
function treeOf(object: GitObject | undefined): Buffer | undefined {
  return object?.type === 'tree' ? object.data : undefined;
}

/** A blob's bytes as latin1 text (one character per byte), or undefined when git would call it binary. */
function textOf(object: GitObject | undefined): string | undefined {
  if (object?.type !== 'blob' || object.data.subarray(0, BINARY_PROBE).includes(0)) return undefined;
  return object.data.toString('latin1');
}
