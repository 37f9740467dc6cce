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
import type { GitObject, ObjectStore } from './gitObjects';
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
  const author = mapIdentity(mailmap, commit.author);
  return { commit: { commit: hash, parents: commit.parents, author, date: commit.date, message: commit.message }, files };
}

interface ParsedCommit {
  tree: string;
  parents: string[];
  author: { name: string; email: string };
  date: string;
  message: string;
}

/** A commit object's tree, parents, author and message; undefined for anything unusual (another encoding, a malformed author). */
function parseCommit(object: GitObject | undefined): ParsedCommit | undefined {
  if (object?.type !== 'commit') return undefined;
  const text = object.data.toString('utf8');
  const split = text.indexOf('\n\n');
  const parents: string[] = [];
  let tree: string | undefined;
  let author: RegExpExecArray | null = null;
  for (const line of (split < 0 ? text : text.slice(0, split)).split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) parents.push(line.slice(7));
    else if (line.startsWith('author ')) author = /^author ([^<>]*?) <([^<>]*)> (\d+ [+-]\d{4})$/.exec(line);
    else if (line.startsWith('encoding ') && !/^utf-?8$/i.test(line.slice(9).trim())) return undefined;
  }
  if (!tree || !author || text.includes('\ufffd')) return undefined;
  return { tree, parents, author: { name: author[1] as string, email: author[2] as string }, date: isoDate(author[3] as string), message: split < 0 ? '' : text.slice(split + 2) };
}

/** Adds to `out` the files that differ between two trees (undefined: none there), in git's order; false when git must be asked. */
function diffTrees(store: ObjectStore, root: string, before: string | undefined, after: string | undefined, prefix: string, out: Change[]): boolean {
  if (before === after) return true;
  const old = before === undefined ? [] : entriesOf(store.read(before));
  const now = after === undefined ? [] : entriesOf(store.read(after));
  if (!old || !now || [...old, ...now].some((e) => e.name === '.gitattributes') || existsSync(join(root, prefix, '.gitattributes'))) return false;
  // Both lists are in git's order (a tree's name sorts as if it ended in "/"): walk them side by side.
  for (let i = 0, j = 0; i < old.length || j < now.length;) {
    const order = i === old.length ? 1 : j === now.length ? -1 : compareEntries(old[i] as Entry, now[j] as Entry);
    const o = order <= 0 ? old[i++] : undefined;
    const n = order >= 0 ? now[j++] : undefined;
    if (o && n && o.hash === n.hash && o.mode === n.mode) continue;
    const path = prefix + Buffer.from((o ?? n as Entry).name, 'latin1').toString('utf8');
    if (!SAFE_PATH.test(path)) return false;
    if ((isTree(o) || !o) && (isTree(n) || !n)) {
      if (!diffTrees(store, root, o?.hash, n?.hash, `${path}/`, out)) return false;
      continue;
    }
    if ((o && !REGULAR.has(o.mode)) || (n && !REGULAR.has(n.mode)) || (o && n && o.mode !== n.mode)) return false;
    out.push({ path, ...(o ? { before: o.hash } : {}), ...(n ? { after: n.hash } : {}) });
    if (out.length > MAX_FILES) return false;
  }
  return true;
}

/** git's tree order: names compared byte by byte, a tree's as if it ended in "/". */
function compareEntries(a: Entry, b: Entry): number {
  const x = isTree(a) ? `${a.name}/` : a.name;
  const y = isTree(b) ? `${b.name}/` : b.name;
  return x < y ? -1 : x > y ? 1 : 0;
}

interface Entry {
  /** latin1: one character per byte, so comparing names is comparing bytes. */
  name: string;
  mode: string;
  hash: string;
}

function isTree(entry: Entry | undefined): boolean {
  return entry?.mode === '40000';
}

/** A tree's entries, in the tree's own (git's) order. */
function entriesOf(object: GitObject | undefined): Entry[] | undefined {
  if (object?.type !== 'tree') return undefined;
  const entries: Entry[] = [];
  const data = object.data;
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const nul = space < 0 ? -1 : data.indexOf(0, space);
    if (nul < 0 || nul + 21 > data.length) return undefined;
    entries.push({ name: data.toString('latin1', space + 1, nul), mode: data.toString('latin1', at, space), hash: data.toString('hex', nul + 1, nul + 21) });
    at = nul + 21;
  }
  return entries;
}

/** A blob's bytes as latin1 text (one character per byte), or undefined when git would call it binary. */
function textOf(object: GitObject | undefined): string | undefined {
  if (object?.type !== 'blob' || object.data.subarray(0, BINARY_PROBE).includes(0)) return undefined;
  return object.data.toString('latin1');
}
