// Experts for any code: the front-ends' one entry point. Gathers the facts (links into the
// code, fixes mined from git history, blame, CODEOWNERS) and ranks the people behind them
// with expertsRanking. Git runs only when the caller says it may (a trusted workspace).
import { loadCodeowners } from '../adapters/codeowners';
import { gitRenames } from '../adapters/git';
import { blameLines } from '../adapters/gitMiningBlame';
import { ownersOf } from '../core/codeowners';
import { parseRenames } from '../core/gitLog';
import type { Fix } from '../core/gitMining';
import type { BlameLine } from '../core/gitMiningBlame';
import type { Incident, LineRange, Link } from '../core/model';
import { rankExperts, type Expert } from './expertsRanking';

/** How far back renames are followed to older fixes (as the anchors do). */
const RENAME_DAYS = 365 * 3;

export type { Expert, ExpertReason, ExpertReasonKind } from './expertsRanking';

/**
 * Where a request's repository history comes from: the fixes and renames the caller already has,
 * else read from the repository's git history when git may run. Shared by findExperts and
 * componentExperts.
 */
export interface HistorySource {
  /** The repository (workspace folder) root, absolute. */
  root: string;
  /** config.yaml `references`, for mining. */
  references: readonly string[];
  /** False in an untrusted workspace: no git process runs, only links and CODEOWNERS count. */
  gitAllowed: boolean;
  /** Mined fixes the caller already has (the editor keeps them); mined here otherwise. */
  fixes?: readonly Fix[];
  /** The mining cache file (see mineFixes). */
  cacheFile?: string;
  /** Renames git saw (old -> new); read here when absent and git may run. */
  renames?: ReadonlyMap<string, string>;
}

export interface ExpertsRequest extends HistorySource {
  /** Folder-relative path, forward slashes. */
  path: string;
  lines?: LineRange;
  /** Every incident of the folder; the ones linked to this code are picked here by stored lines. */
  incidents: readonly Incident[];
  /** The links into this code where the anchors place them now (incidentsAt); preferred over `incidents`. */
  linked?: readonly { incident: Incident; link: Link }[];
  now: Date;
  /** Skip blame (a hover must not start a process). */
  noBlame?: boolean;
  limit?: number;
}

/**
 * The repository's mined fixes and the renames git saw, as findExperts reads them when not
 * given: for a caller asking about several places at once, read once. Runs git; an empty
 * answer (no fixes, no renames) when git fails.
 */
export function repositoryHistory(root: string, references: readonly string[], cacheFile?: string): Promise<{ fixes: readonly Fix[]; renames: ReadonlyMap<string, string> }> {
  return historyOf({ root, references, cacheFile, gitAllowed: true });
}

/**
 * `source`'s fixes and renames: the ones it carries, else mined and read from git (both at once)
 * when `source.gitAllowed`, else none. Git failing reads as no fixes and no renames.
 */
export async function historyOf(source: HistorySource): Promise<{ fixes: readonly Fix[]; renames: ReadonlyMap<string, string> }> {
  const { root, gitAllowed } = source;
  const [fixes, renames] = await Promise.all([
    source.fixes ?? (gitAllowed ? import('../adapters/gitMining').then(({ mineFixes }) => mineFixes(root, { references: source.references, cacheFile: source.cacheFile })).then((mined) => mined.fixes, (): Fix[] => []) : []),
    source.renames ?? (gitAllowed ? gitRenames(root, RENAME_DAYS).then((log) => parseRenames(log ?? ''), () => new Map<string, string>()) : new Map<string, string>()),
  ]);
  return { fixes, renames };
}

/** The people to ask about `path` (and `lines`), ranked, each with checkable reasons. */
export async function findExperts(request: ExpertsRequest): Promise<Expert[]> {
  const { root, path, lines } = request;
  const [{ fixes, renames }, blame, owners] = await Promise.all([
    historyOf(request),
    request.gitAllowed && !request.noBlame ? blameLines(root, path, lines).catch((): BlameLine[] => []) : undefined,
    loadCodeowners(root),
  ]);
  const rule = owners && ownersOf(owners.codeowners, path);
  return rankExperts({
    path,
    lines,
    linked: request.linked ?? linksInto(request.incidents, path, lines),
    fixes,
    blame,
    lineCount: lines ? lines.end - lines.start + 1 : blame?.length,
    renames,
    owner: rule && owners ? { rule, file: owners.file } : undefined,
    now: request.now,
    limit: request.limit,
  });
}

/** Links into `path` overlapping `lines` (a link without lines covers the whole file). */
export function linksInto(incidents: readonly Incident[], path: string, lines?: LineRange): { incident: Incident; link: Link }[] {
  const found: { incident: Incident; link: Link }[] = [];
  for (const incident of incidents) {
    for (const link of incident.links) {
      if (link.path !== path) continue;
      if (lines && link.lines && !(link.lines.start <= lines.end && lines.start <= link.lines.end)) continue;
      found.push({ incident, link });
    }
  }
  return found;
}
