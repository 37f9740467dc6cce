// "Does this change touch code that broke before?" for the working tree, the staged
// changes or a branch: git's diff, the links placed where their code stood at the diff's
// base (through resolveLinks.ts, the one path to the anchors), and the core's
// assessChange. Used by `incident-lens check` and the Source Control view alike.
import { runGitResult } from '../adapters/git';
import { assessChange, type ChangeRisk, type PlacedLink } from '../core/changeRisk';
import { parseUnifiedDiff, type FileDiff } from '../core/diff';
import { parseChurn, parseRenames } from '../core/gitLog';
import type { IndexedLink } from '../core/incidentIndex';
import { renamedPaths, splitLines } from '../core/anchors';
import { placeOf, ReadCache } from './resolveLinks';
import type { LinkSource, LoadedWorkspace } from './workspace';

/** Which change: the working tree against HEAD (staged and not), the staged changes, or HEAD against where it left `ref`. */
export type ChangeScope = { kind: 'working' } | { kind: 'staged' } | { kind: 'base'; ref: string };

export interface ChangeCheck extends ChangeRisk {
  /** The commit the change is compared with (HEAD, or the merge base with `ref`); undefined before the first commit. */
  base: string | undefined;
  /** Files the diff names. */
  files: number;
  /** The workspace folder's path inside the repository ('' at its top, else ending in '/'): prefix it for paths git hosts expect. */
  repoPrefix: string;
  /** Links into changed files whose code could not be placed at the base, with the anchors' reason: not judged. */
  unplaced: { link: IndexedLink; reason: string }[];
}

/** Why a check could not run, in words that say what to do. */
export class ChangeRiskError extends Error {}

export interface CheckOptions {
  now?: Date;
  /** Weigh churn (commits in the last 90 days per file) into the risk, as the editor's lenses do. Default true. */
  churn?: boolean;
}

/** Git's empty tree: the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
const DIFF_TIMEOUT_MS = 60_000;
const DIFF_OUTPUT = 256 * 1024 * 1024;
const CHURN_DAYS = 90;
/** At most this many `git show` processes at once. */
const READ_CONCURRENCY = 8;
/** Flags that keep a user's diff settings (external diff, no prefixes, colour, textconv) from changing what is parsed. */
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', '-M', '--relative', '-U0'];

/**
 * Checks `scope` in `workspace` (a git work tree; git runs through execFile, no shell).
 * Rejects with a ChangeRiskError when git is unavailable, `root` is not in a repository,
 * or `ref` is not a commit.
 */
export async function checkChange(workspace: Pick<LoadedWorkspace, 'root' | 'folder' | 'index' | 'config'>, scope: ChangeScope, options: CheckOptions = {}): Promise<ChangeCheck> {
  const { root } = workspace;
  const git = (args: string[]) => runGitResult(root, args, DIFF_TIMEOUT_MS, DIFF_OUTPUT);
  const inside = await git(['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    throw new ChangeRiskError(inside.code === null && /ENOENT/.test(inside.stderr) ? 'git is not installed or not on PATH.' : `${root} is not inside a git work tree: run this in a clone of your repository.`);
  }
  const repoPrefix = (await git(['rev-parse', '--show-prefix'])).stdout.trim();
  const head = await commitOf(git, 'HEAD');
  const base = scope.kind === 'base' ? await mergeBase(git, scope.ref, head) : head;
  const args = scope.kind === 'staged' ? ['diff', '--cached', ...DIFF_FLAGS, base ?? EMPTY_TREE] : scope.kind === 'base' ? ['diff', ...DIFF_FLAGS, base as string, head ?? EMPTY_TREE] : ['diff', ...DIFF_FLAGS, base ?? EMPTY_TREE];
  const diff = await git([...args, '--']);
  if (diff.code !== 0) throw new ChangeRiskError(`git diff failed: ${diff.stderr.trim() || `exit ${diff.code}`}`);
  const files = parseUnifiedDiff(diff.stdout);
  const { placed, unplaced } = await placeAtBase(workspace, files, base);
  const churn = options.churn === false ? undefined : await churnOf(git);
  const risk = assessChange(files, placed, options.now ?? new Date(), workspace.config, churn && ((path) => churn.get(path) ?? 0));
  return { ...risk, base, files: files.length, repoPrefix, unplaced };
}

/** The links into the files the diff changes, placed where their code stood at `base`. */
async function placeAtBase(workspace: Pick<LoadedWorkspace, 'root' | 'folder' | 'index'>, files: readonly FileDiff[], base: string | undefined): Promise<{ placed: PlacedLink[]; unplaced: ChangeCheck['unplaced'] }> {
  const placed: PlacedLink[] = [];
  const unplaced: ChangeCheck['unplaced'] = [];
  if (base === undefined) return { placed, unplaced };
  const changed = new Set(files.filter((f) => f.oldPath !== undefined && f.kind !== 'copied').map((f) => f.oldPath as string));
  if (changed.size === 0) return { placed, unplaced };
  const cache = new ReadCache(revisionSource(workspace.root, base));
  const candidates: IndexedLink[] = [];
  for (const path of changed) candidates.push(...workspace.index.linksForFile(workspace.folder.id, path));
  // Links stored under an older path that git renamed to a changed one before the base.
  const renames = await cache.renamesSince(undefined);
  if (renames && renames.size > 0) {
    for (const file of workspace.index.linkedFiles()) {
      if (file.folder !== workspace.folder.id || changed.has(file.path)) continue;
      if (renamedPaths(file.path, renames).some((path) => changed.has(path))) candidates.push(...file.links);
    }
  }
  await forEachLimited(candidates, READ_CONCURRENCY, async (item) => {
    const place = await placeOf(item.link, cache);
    if (place.kind === 'stale') unplaced.push({ link: item, reason: place.reason });
    else if (changed.has(place.path)) placed.push({ ...item, at: place.kind === 'lines' ? { path: place.path, lines: place.lines } : { path: place.path } });
  });
  return { placed, unplaced };
}

/** Files as they are at commit `rev`, and git's history up to it: the anchors' view of the diff's base. */
export function revisionSource(root: string, rev: string): LinkSource {
  const show = async (commit: string, path: string) => {
    const shown = await runGitResult(root, ['show', `${commit}:./${path}`], DIFF_TIMEOUT_MS, DIFF_OUTPUT);
    return shown.code === 0 ? shown.stdout : undefined;
  };
  const isCommit = (text: string) => /^[0-9a-f]{4,64}$/i.test(text);
  return {
    read: async (path) => {
      const text = path.startsWith('-') ? undefined : await show(rev, path);
      return text === undefined ? undefined : { path, lines: splitLines(text) };
    },
    readAt: async (commit, path) => (isCommit(commit) && !path.startsWith('-') ? show(commit, path) : undefined),
    renamesSince: async (commit) => {
      const args = commit && isCommit(commit)
        ? ['diff', '--relative', '--no-color', '-M', '--diff-filter=R', '--name-status', commit, rev]
        : ['log', '--relative', '--since=365.days', '-M', '--diff-filter=R', '--name-status', '--format=', rev];
      const out = await runGitResult(root, args, DIFF_TIMEOUT_MS, DIFF_OUTPUT);
      return parseRenames(out.code === 0 ? out.stdout : '');
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

async function churnOf(git: Git): Promise<Map<string, number> | undefined> {
  const out = await git(['log', '--relative', `--since=${CHURN_DAYS}.days`, '--no-renames', '--name-only', '--format=%x00']);
  return out.code === 0 ? parseChurn(out.stdout) : undefined;
}

async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
