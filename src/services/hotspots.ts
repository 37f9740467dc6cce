// "Which linked code is riskiest?": every linked file of the loaded indexes ranked by the
// core's risk score (core/risk.ts: severity x role x age, times churn), per workspace folder
// with that folder's config. The Hotspots view, the agents' tool and the MCP server present it.
import type { IncidentConfig } from '../core/config';
import type { IncidentIndex, IndexedLink } from '../core/incidentIndex';
import { hotspots, type ChurnOf, type FileHotspot, type LinkedFile } from '../core/risk';
import { gitChangedPaths } from '../adapters/git';
import { parseChurn } from '../core/gitLog';

/** Enough to act on; a ranking past this is noise. */
export const MAX_HOTSPOTS = 100;
/** Churn counts the commits of this many days, as the editor does. */
export const CHURN_DAYS = 90;

/** Files ranked by risk across folders, highest first, at most `limit`. */
export function rankHotspots(
  index: IncidentIndex, now: Date, configOf: (folder: string) => IncidentConfig, churnOf?: ChurnOf, limit = MAX_HOTSPOTS,
  extraLinksOf?: (folder: string) => ReadonlyMap<string, IndexedLink[]>,
): FileHotspot[] {
  const byFolder = new Map<string, LinkedFile[]>();
  for (const file of index.linkedFiles()) {
    const list = byFolder.get(file.folder) ?? [];
    list.push(file);
    byFolder.set(file.folder, list);
  }
  // Links that are not in the files (the code a fix changed counts as a mitigation of its incident).
  if (extraLinksOf) {
    for (const folder of new Set([...byFolder.keys(), ...index.entries().map((e) => e.folder)])) {
      const list = byFolder.get(folder) ?? [];
      const extra = new Map(extraLinksOf(folder));
      for (let i = 0; i < list.length; i++) {
        const file = list[i] as LinkedFile;
        const more = extra.get(file.path);
        if (more) {
          list[i] = { ...file, links: [...file.links, ...more] };
          extra.delete(file.path);
        }
      }
      for (const [path, links] of extra) list.push({ folder, path, links });
      if (list.length > 0) byFolder.set(folder, list);
    }
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
