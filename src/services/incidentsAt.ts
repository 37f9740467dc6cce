// "What is linked here?": the incidents whose links point, now, at a file or at lines of
// it. Links are positioned through the anchors (resolveLinks.ts), so a link made before
// code moved or its file was renamed still answers for where the code stands today.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { IndexedLink } from '../core/incidentIndex';
import { worstFirst } from '../core/lensSummary';
import type { Incident, LineRange, Link } from '../core/model';
import { normalizePath, unsafePathReason } from '../core/paths';
import { renamedPaths } from '../core/anchors';
import { placeOf, ReadCache, type LinkPlace } from './resolveLinks';
import type { LoadedWorkspace } from './workspace';

/** A workspace-relative path (forward slashes) and, optionally, the 1-based inclusive lines asked about. */
export interface Location {
  path: string;
  lines?: LineRange;
}

export interface LinkedHere {
  incident: Incident;
  /** The link as stored in the incident file. */
  link: Link;
  /** Where it points now: lines, or the whole file. */
  place: Exclude<LinkPlace, { kind: 'stale' }>;
}

export interface IncidentsHere {
  /** Worst severity first, then most recent, then by where the link starts. */
  linked: LinkedHere[];
  /** Links into this path whose code could not be found now, with the anchors' reason. */
  stale: { incident: Incident; link: Link; reason: string }[];
}

/**
 * Parses `path[:line[-line]]` (`src/a.ts`, `src/a.ts:12`, `src/a.ts:12-30`), with `path`
 * relative to `cwd` or absolute, into a location inside `root`. Throws an Error whose
 * message says what is wrong and what to write instead.
 */
export function parseLocation(text: string, root: string, cwd: string): Location {
  const match = /^(.+?)(?::(\d+)(?:-(\d+))?)?$/.exec(text.trim());
  if (!match?.[1]) throw new Error(`"${text}" is not a location: write <path>, <path>:<line> or <path>:<start>-<end>.`);
  const [, file, from, to] = match;
  const absolute = isAbsolute(file) ? file : resolve(cwd, file);
  const inside = relative(root, absolute);
  const path = normalizePath(inside.split(sep).join('/'));
  if (inside === '' || unsafePathReason(path)) throw new Error(`${file} is outside the workspace ${root}: give a file inside it.`);
  if (from === undefined) return { path };
  const start = Number(from);
  const end = to === undefined ? start : Number(to);
  if (start < 1 || end < start) throw new Error(`Lines ${from}${to ? `-${to}` : ''} make no range: lines start at 1 and the end is not before the start.`);
  return { path, lines: { start, end } };
}

/**
 * The incidents linked at `location` now. Links stored under `location.path`, and under
 * paths git says were renamed to it, are positioned in the current files of
 * `workspace.source`; a range link counts when it overlaps `location.lines`, a whole-file
 * link always. `cache` lets several queries share file reads.
 */
export async function incidentsAt(workspace: Pick<LoadedWorkspace, 'index' | 'folder' | 'source' | 'config'>, location: Location, cache = new ReadCache(workspace.source)): Promise<IncidentsHere> {
  const candidates = await linksMaybeAt(workspace, location.path, cache);
  const places = await Promise.all(candidates.map(({ link }) => placeOf(link, cache)));
  const result: IncidentsHere = { linked: [], stale: [] };
  candidates.forEach(({ incident, link }, i) => {
    const place = places[i] as LinkPlace;
    if (place.kind === 'stale') {
      if (link.path === location.path) result.stale.push({ incident, link, reason: place.reason });
      return;
    }
    if (place.path !== location.path) return;
    if (place.kind === 'lines' && location.lines && !overlaps(place.lines, location.lines)) return;
    result.linked.push({ incident, link, place });
  });
  const severity = worstFirst(workspace.config.severities.map((s) => s.label));
  result.linked.sort((a, b) => severity(a.incident, b.incident) || startLine(a.place) - startLine(b.place) || a.incident.id.localeCompare(b.incident.id));
  return result;
}

/** Links stored under `path` or under a path that git renamed to it. */
async function linksMaybeAt(workspace: Pick<LoadedWorkspace, 'index' | 'folder'>, path: string, cache: ReadCache): Promise<IndexedLink[]> {
  const here = [...workspace.index.linksForFile(workspace.folder.id, path)];
  const renames = await cache.renamesSince(undefined);
  if (!renames || renames.size === 0) return here;
  for (const file of workspace.index.linkedFiles()) {
    if (file.folder === workspace.folder.id && file.path !== path && renamedPaths(file.path, renames).includes(path)) here.push(...file.links);
  }
  return here;
}

function overlaps(a: LineRange, b: LineRange): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function startLine(place: LinkedHere['place']): number {
  return place.kind === 'lines' ? place.lines.start : 0;
}
