// The one place the services ask the anchors where a link points: every service (incidents
// at a location, change risk, and what the command line and the agents build on them)
// resolves through here, so a change in src/core/anchors.ts's entry point touches this file only.
import { resolveLinks, type LinkSource, type Resolution, type SourceFile } from '../core/anchors';
import { cachedSource } from '../core/anchors/cachedSource';
import type { LineRange, Link } from '../core/model';

/** A link as it stands in the files `source` serves: its lines there, the whole file, or stale with the reason. */
export type LinkPlace =
  | { kind: 'lines'; path: string; lines: LineRange; renamedFrom?: string }
  | { kind: 'file'; path: string; renamedFrom?: string }
  | { kind: 'stale'; path: string; reason: string };

/**
 * Reads shared by the links of one query (core/anchors/cachedSource.ts): a hot file is read
 * once, git is asked once per commit and path, and only a few git processes run at once.
 */
export class ReadCache {
  readonly linkSource: LinkSource;

  constructor(readonly source: LinkSource) {
    this.linkSource = cachedSource(source);
  }

  read(path: string): Promise<SourceFile | undefined> {
    return this.linkSource.read(path);
  }

  /** Renames since `commit` (undefined: git's recent history), or undefined without git. */
  renamesSince(commit: string | undefined): Promise<ReadonlyMap<string, string>> | undefined {
    return this.linkSource.renamesSince?.(commit);
  }
}

/**
 * Where each of `links` points in the files `cache.source` serves, through the anchors'
 * one entry point, resolveLink (the file now, git's history from the link's commit, the
 * paths git says it was renamed to), each question asked once for the whole query. In the
 * order of `links`. Never throws: stale says why.
 */
export async function placeAll(links: readonly Link[], cache: ReadCache): Promise<LinkPlace[]> {
  return (await resolveLinks(links, cache.linkSource)).map(placeFrom);
}

/** placeAll for one link. */
export async function placeOf(link: Link, cache: ReadCache): Promise<LinkPlace> {
  return (await placeAll([link], cache))[0] as LinkPlace;
}

function placeFrom(resolution: Resolution): LinkPlace {
  if (resolution.kind === 'stale') return { kind: 'stale', path: resolution.path, reason: resolution.reason };
  const renamed = resolution.renamedFrom ? { renamedFrom: resolution.renamedFrom } : {};
  if (resolution.how === 'file') return { kind: 'file', path: resolution.path, ...renamed };
  return { kind: 'lines', path: resolution.path, lines: resolution.lines, ...renamed };
}
