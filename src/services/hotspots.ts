// "Which linked code is riskiest?": every linked file of the loaded indexes ranked by the
// core's risk score (core/risk.ts: severity x role x age, times churn), per workspace folder
// with that folder's config. The Hotspots view, the agents' tool and the MCP server present it.
import type { IncidentConfig } from '../core/config';
import type { IncidentIndex } from '../core/incidentIndex';
import { hotspots, type ChurnOf, type FileHotspot, type LinkedFile } from '../core/risk';
import { gitChangedPaths } from '../adapters/git';
import { parseChurn } from '../core/gitLog';

/** Enough to act on; a ranking past this is noise. */
export const MAX_HOTSPOTS = 100;
/** Churn counts the commits of this many days, as the editor does. */
export const CHURN_DAYS = 90;

/** Files ranked by risk across folders, highest first, at most `limit`. */
export function rankHotspots(index: IncidentIndex, now: Date, configOf: (folder: string) => IncidentConfig, churnOf?: ChurnOf, limit = MAX_HOTSPOTS): FileHotspot[] {
  const byFolder = new Map<string, LinkedFile[]>();
  for (const file of index.linkedFiles()) {
    const list = byFolder.get(file.folder) ?? [];
    list.push(file);
    byFolder.set(file.folder, list);
  }
  return [...byFolder]
    .flatMap(([folder, files]) => hotspots(files, now, configOf(folder), churnOf))
    .sort((a, b) => b.risk.score - a.risk.score)
    .slice(0, limit);
}

/**
 * Commits per file in the last CHURN_DAYS days of the git work tree at `root` (one `git log`),
 * as a ChurnOf for `folderId`; undefined without git. Only for a workspace allowed to run git.
 */
export async function gitChurn(root: string, folderId: string): Promise<ChurnOf | undefined> {
  const log = await gitChangedPaths(root, CHURN_DAYS);
  if (log === undefined) return undefined;
  const churn = parseChurn(log);
  return (folder, path) => (folder === folderId ? churn.get(path) ?? 0 : undefined);
}
