// "Does this change touch code that broke before?" for the working tree, the staged
// changes or a branch: git's diff, the links placed where their code stood at the diff's
// base (through resolveLinks.ts, the one path to the anchors), and the core's
// assessChange. Used by `incident-lens check` and the Source Control view alike.
import { join } from 'node:path';
import { recentChurn } from '../adapters/churnCache';
import { FingerprintMemo } from '../adapters/fingerprintMemo';
import { GitBlobReader } from '../adapters/gitBlobs';
import { INCIDENTS_DIR } from '../adapters/incidentStore';
import { gitRenameQuery, runGitResult, type GitResult } from '../adapters/git';
import { assessChange, type ChangeRisk, type PlacedLink } from '../core/changeRisk';
import { parseUnifiedDiff, type FileDiff } from '../core/diff';
import type { IndexedLink } from '../core/incidentIndex';
import { renamedPaths, splitLines } from '../core/anchors';
import { isCommitish } from '../core/permalinks';
import { unsafePathReason } from '../core/paths';
import { placeAll, ReadCache, type LinkPlace } from './resolveLinks';
import type { LinkSource, LoadedWorkspace } from './workspace';

/** Which change: the working tree against HEAD (staged and not), the staged changes, or HEAD against where it left `ref`. */
export type ChangeScope = { kind: 'working' } | { kind: 'staged' } | { kind: 'base'; ref: string };

export interface ChangeCheck extends ChangeRisk {
  /** What the change is compared with: `HEAD`, or the merge base with `ref` (a commit id); undefined before the first commit. */
  base: string | undefined;
  /** Files the diff names. */
  files: number;
  /** Links into changed files whose code could not be placed at the base, with the anchors' reason: not judged. */
  unplaced: { link: IndexedLink; reason: string }[];
}

/** Why a check could not run, in words that say what to do. */
export class ChangeRiskError extends Error {}

export interface CheckOptions {
  now?: Date;
  /** Weigh churn (commits in the last 90 days per file) into the risk, as the editor's lenses do. Default true. */
  churn?: boolean;
  /**
   * A folder where what a check read is remembered between processes: the churn at HEAD
   * (`churn.json`, adapters/churnCache.ts) and the fingerprints of linked ranges in the base's
   * files (`fingerprints.json`, adapters/fingerprintMemo.ts). The command line gives its user
   * cache; without it, both are remembered in this process only (the editor).
   */
  cacheDir?: string;
}

/** Git's empty tree: the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const DIFF_TIMEOUT_MS = 60_000;
const DIFF_OUTPUT = 256 * 1024 * 1024;
const CHURN_DAYS = 90;
/** How far back git's history is read for renames when a link's commit cannot say (as the editor reads it). */
const RENAME_DAYS = 365;
/** Up to this many changed files, the churn log asks about those files only (a short command line, a short log). */
const CHURN_PATHSPEC_LIMIT = 200;
/**
 * The folder's files except the incident files: they are the history, not code a link points at,
 * and a repository's thousands of them would cost git a stat each (and a big diff to read past).
 */
const CODE_PATHS = ['--', '.', `:(exclude)${INCIDENTS_DIR}`];
/** Flags that keep a user's diff settings (external diff, no prefixes, colour, textconv) from changing what is parsed. */
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '-M', '--relative', '-U0'];

/**
 * Checks `scope` in `workspace` (a git work tree; git runs through execFile, no shell).
 * Rejects with a ChangeRiskError when git is unavailable, `root` is not in a repository,
 * or `ref` is not a commit.
 */
export async function checkChange(workspace: Pick<LoadedWorkspace, 'root' | 'folder' | 'index' | 'config'>, scope: ChangeScope, options: CheckOptions = {}): Promise<ChangeCheck> {
  const git: Git = (args) => runGitResult(workspace.root, args, DIFF_TIMEOUT_MS, DIFF_OUTPUT);
  const diffing = scope.kind === 'base' ? branchDiff(git, workspace.root, scope.ref) : localDiff(git, workspace.root, scope);
  const fingerprints = FingerprintMemo.open(options.cacheDir && join(options.cacheDir, 'fingerprints.json'), workspace.root);
  // git's cat-file starts once the diff is in, not beside it: on two cores, its start and this
  // thread's reading of the linked folders slowed the diff, the longest step, by 15 ms (of 50).
  let atBase: BaseReader | undefined;
  try {
    const { base, diff } = await diffing;
    if (diff.code !== 0) throw new ChangeRiskError(`git diff failed: ${diff.stderr.trim() || `exit ${diff.code}`}`);
    const files = parseUnifiedDiff(diff.stdout);
    if (base !== undefined) atBase = baseReader(workspace, base, fingerprints);
    // The base's files are asked for first: cat-file reads them while a git log for the churn, if one is needed, starts.
    const placing = base === undefined || !atBase ? Promise.resolve({ placed: [], unplaced: [] }) : placeAtBase(workspace, files, atBase);
    const churning = options.churn === false ? Promise.resolve(undefined) : churnOf(git, workspace.root, files, options.cacheDir && join(options.cacheDir, 'churn.json'));
    const [{ placed, unplaced }, churn] = await Promise.all([placing, churning]);
    const risk = assessChange(files, placed, options.now ?? new Date(), workspace.config, churn && ((path) => churn.get(path) ?? 0));
    await fingerprints.save();
    return { ...risk, base, files: files.length, unplaced };
  } finally {
    atBase?.source.close();
  }
}

/**
 * The working tree's or the staged changes' diff against HEAD, asked for straight away: each
 * git process costs this process a fork of its whole heap, so where we are is asked only when
 * the diff fails (not a work tree: ChangeRiskError; no commit yet: against the empty tree).
 */
async function localDiff(git: Git, root: string, scope: ChangeScope): Promise<{ base: string | undefined; diff: GitResult }> {
  const diff = await git(diffArgs(scope, 'HEAD', undefined));
  if (diff.code === 0) return { base: 'HEAD', diff };
  const { head } = await whereAmI(git, root);
  if (head !== undefined) return { base: 'HEAD', diff };
  return { base: undefined, diff: await git(diffArgs(scope, EMPTY_TREE, undefined)) };
}

/** HEAD's diff against where it left `ref` (their merge base). */
async function branchDiff(git: Git, root: string, ref: string): Promise<{ base: string; diff: GitResult }> {
  const { head } = await whereAmI(git, root);
  const base = await mergeBase(git, ref, head);
  return { base, diff: await git(diffArgs({ kind: 'base', ref }, base, head)) };
}

/** HEAD's commit (undefined before the first commit); a ChangeRiskError when git is missing or this is not a work tree. */
async function whereAmI(git: Git, root: string): Promise<{ head: string | undefined }> {
  // "true", then HEAD's commit, or exit 1 before the first commit.
  const answer = await git(['rev-parse', '--is-inside-work-tree', '--verify', '--quiet', 'HEAD^{commit}']);
  const [inside, headLine] = answer.stdout.split('\n');
  if (inside !== 'true' || (answer.code !== 0 && answer.code !== 1)) {
    throw new ChangeRiskError(answer.code === null && /ENOENT/.test(answer.stderr) ? 'git is not installed or not on PATH.' : `${root} is not inside a git work tree: run this in a clone of your repository.`);
  }
  return { head: answer.code === 0 && headLine?.trim() ? headLine.trim() : undefined };
}

/** `git diff` of `scope` from `base` (for a branch, to `head`), with the flags that keep a user's settings out. */
function diffArgs(scope: ChangeScope, base: string, head: string | undefined): string[] {
  if (scope.kind === 'staged') return ['diff', '--cached', ...DIFF_FLAGS, base, ...CODE_PATHS];
  if (scope.kind === 'base') return ['diff', ...DIFF_FLAGS, base, head ?? EMPTY_TREE, ...CODE_PATHS];
  return ['diff', ...DIFF_FLAGS, base, ...CODE_PATHS];
}

/**
 * The workspace folder's path inside its repository ('' at its top, else ending in '/'): what to
 * put before a checked path where a git host expects repository paths (GitHub's annotations).
 */
export async function repositoryPrefix(root: string): Promise<string> {
  const answer = await runGitResult(root, ['rev-parse', '--show-prefix'], DIFF_TIMEOUT_MS, DIFF_OUTPUT);
  return answer.code === 0 ? answer.stdout.trim() : '';
}

/** The files at the diff's base and git's history up to it, as the anchors read them (revisionSource), cached per query. */
interface BaseReader {
  source: ReturnType<typeof revisionSource>;
  cache: ReadCache;
}

/**
 * Opens `rev` for placing links (close its source when done). Renames only matter for links whose
 * stored path is gone at the base: the linked files' folders there are read at once, and git's
 * history walked for renames only if one of them is missing.
 */
function baseReader(workspace: Pick<LoadedWorkspace, 'root' | 'folder' | 'index'>, rev: string, fingerprints: FingerprintMemo): BaseReader {
  const source = revisionSource(workspace.root, rev, fingerprints);
  const linked: string[] = [];
  for (const file of workspace.index.linkedFiles()) if (file.folder === workspace.folder.id) linked.push(file.path);
  const needsRenames = source.missingAny(linked);
  const renamesSince = source.renamesSince;
  if (renamesSince) source.renamesSince = async (commit) => ((await needsRenames) ? renamesSince(commit) : new Map());
  return { source, cache: new ReadCache(source) };
}

/** The links into the files the diff changes, placed where their code stood at the base `atBase` reads. */
async function placeAtBase(workspace: Pick<LoadedWorkspace, 'folder' | 'index'>, files: readonly FileDiff[], atBase: BaseReader): Promise<{ placed: PlacedLink[]; unplaced: ChangeCheck['unplaced'] }> {
  const changed = new Set(files.filter((f) => f.oldPath !== undefined && f.kind !== 'copied').map((f) => f.oldPath as string));
  if (changed.size === 0) return { placed: [], unplaced: [] };
  return placeLinks(workspace, changed, atBase.cache);
}

async function placeLinks(workspace: Pick<LoadedWorkspace, 'folder' | 'index'>, changed: ReadonlySet<string>, cache: ReadCache): Promise<{ placed: PlacedLink[]; unplaced: ChangeCheck['unplaced'] }> {
  const placed: PlacedLink[] = [];
  const unplaced: ChangeCheck['unplaced'] = [];
  // Each link and its place, kept where it is placed in a changed file; stale ones said why.
  const sort = (items: readonly IndexedLink[], places: readonly LinkPlace[]) => {
    for (let i = 0; i < items.length; i++) {
      const item = items[i] as IndexedLink;
      const place = places[i] as LinkPlace;
      // A place serves as where the link stood: {path, lines} for lines, {path} for the whole file.
      if (place.kind === 'stale') unplaced.push({ link: item, reason: place.reason });
      else if (changed.has(place.path)) placed.push({ incident: item.incident, link: item.link, at: place });
    }
  };
  const byPath: IndexedLink[] = [];
  for (const path of changed) {
    const here = workspace.index.linksForFile(workspace.folder.id, path);
    for (let i = 0; i < here.length; i++) byPath.push(here[i] as IndexedLink);
  }
  // Placed while git is asked for renames: links stored under an older path that git renamed to a changed one before the base.
  const placing = placeAll(byPath.map((item) => item.link), cache);
  const renamed: IndexedLink[] = [];
  const renames = await cache.renamesSince(undefined);
  if (renames && renames.size > 0) {
    for (const file of workspace.index.linkedFiles()) {
      if (file.folder !== workspace.folder.id || changed.has(file.path)) continue;
      if (renamedPaths(file.path, renames).some((path) => changed.has(path))) renamed.push(...file.links);
    }
  }
  sort(byPath, await placing);
  if (renamed.length > 0) sort(renamed, await placeAll(renamed.map((item) => item.link), cache));
  return { placed, unplaced };
}

/**
 * Files as they are at commit `rev`, and git's history up to it: the anchors' view of the
 * diff's base. Blobs come through one `git cat-file --batch` process; call close() when done.
 * With `fingerprints`, each file carries the fingerprints known for its blob (SourceFile.fingerprints).
 */
export function revisionSource(root: string, rev: string, fingerprints?: FingerprintMemo): LinkSource & { close(): void; missingAny(paths: readonly string[]): Promise<boolean> } {
  const blobs = new GitBlobReader(root);
  return {
    read: async (path) => {
      const blob = await blobs.readBlob(rev, path);
      if (!blob) return undefined;
      return { path, lines: splitLines(blob.text), ...(fingerprints ? { fingerprints: fingerprints.forBlob(blob.id) } : {}) };
    },
    readAt: async (commit, path) => (isCommitish(commit) ? blobs.read(commit, path) : undefined),
    renamesSince: gitRenameQuery(root, rev, RENAME_DAYS, DIFF_TIMEOUT_MS, DIFF_OUTPUT),
    close: () => blobs.close(),
    // Whether any of `paths` is not a file at `rev`: each folder they are in read once, through the same process.
    missingAny: async (paths) => {
      const byFolder = new Map<string, string[]>();
      for (const path of paths) {
        // Git names each file one way: a path it would not list (`./a`, `a//b`, `../a`) is not there.
        if (unsafePathReason(path) || path.split('/').some((segment) => segment === '' || segment === '.')) return true;
        const slash = path.lastIndexOf('/');
        const folder = slash === -1 ? '' : path.slice(0, slash);
        const names = byFolder.get(folder);
        if (names) names.push(path.slice(slash + 1));
        else byFolder.set(folder, [path.slice(slash + 1)]);
      }
      const answers = await Promise.all([...byFolder].map(async ([folder, names]) => {
        const present = await blobs.readTreeFiles(rev, folder);
        return !present || names.some((name) => !present.has(name));
      }));
      return answers.includes(true);
    },
  };
}

type Git = (args: string[]) => ReturnType<typeof runGitResult>;

async function commitOf(git: Git, ref: string): Promise<string | undefined> {
  const out = await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  return out.code === 0 ? out.stdout.trim() : undefined;
}

async function mergeBase(git: Git, ref: string, head: string | undefined): Promise<string> {
  if (ref.startsWith('-') || ref.trim() === '') throw new ChangeRiskError(`"${ref}" is not a ref: give a branch, tag or commit such as origin/main.`);
  const commit = await commitOf(git, ref);
  if (!commit) throw new ChangeRiskError(`unknown ref "${ref}": fetch it first (git fetch origin ${ref.replace(/^origin\//, '')}) or give a branch, tag or commit that exists here.`);
  if (!head) throw new ChangeRiskError('HEAD has no commit yet: commit first, or check the working tree without --base.');
  const out = await git(['merge-base', commit, head]);
  if (out.code !== 0) throw new ChangeRiskError(`${ref} and HEAD share no history (no merge base): fetch more history (fetch-depth: 0 in CI) or give another ref.`);
  return out.stdout.trim();
}

/** Commits per path in the last 90 days at HEAD, for the files the diff touches: remembered per HEAD (adapters/churnCache.ts). */
async function churnOf(git: Git, root: string, files: readonly FileDiff[], cacheFile: string | undefined): Promise<Map<string, number> | undefined> {
  const paths = [...new Set(files.map((f) => f.newPath ?? f.oldPath).filter((p): p is string => p !== undefined))];
  if (paths.length === 0) return new Map();
  return recentChurn({
    root,
    paths,
    days: CHURN_DAYS,
    // git's own clock, as its --since reads it.
    now: new Date(),
    ...(cacheFile ? { cacheFile } : {}),
    log: async (asked) => {
      // Up to a few hundred files, a pathspec of those files (a short command line, a short log); else the whole log.
      const pathspec = asked ? ['--', ...asked.map((p) => `:(literal)${p}`)] : [];
      const out = await git(['log', '--relative', `--since=${CHURN_DAYS}.days`, '--no-renames', '--name-only', '--format=%x00%ct', ...pathspec]);
      return out.code === 0 ? out.stdout : undefined;
    },
  }, CHURN_PATHSPEC_LIMIT);
}
