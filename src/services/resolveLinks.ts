// The one place the services ask the anchors where a link points: every service (incidents
// at a location, change risk, and what the command line and the agents build on them)
// resolves through here, so a change in src/core/anchors.ts's entry point touches this file only.
import { renamedPaths, resolveLink, type Resolution, type SourceFile } from '../core/anchors';
import type { LineRange, Link } from '../core/model';
import type { LinkSource } from './workspace';

/** A link as it stands in the files `source` serves: its lines there, the whole file, or stale with the reason. */
export type LinkPlace =
  | { kind: 'lines'; path: string; lines: LineRange; renamedFrom?: string }
  | { kind: 'file'; path: string; renamedFrom?: string }
  | { kind: 'stale'; path: string; reason: string };

/** Longer links are not fetched from git for the similarity step: it would cost more than it tells. */
const LINES_AT_COMMIT_LIMIT = 2000;

/** Reads shared by the links of one query, so a hot file is read once and git asked once per commit. */
export class ReadCache {
  private readonly files = new Map<string, Promise<SourceFile | undefined>>();
  private readonly atCommit = new Map<string, Promise<string | undefined>>();
  private readonly renames = new Map<string, Promise<ReadonlyMap<string, string>>>();

  constructor(readonly source: LinkSource) {}

  read(path: string): Promise<SourceFile | undefined> {
    return memo(this.files, path, () => this.source.read(path));
  }

  readAt(commit: string, path: string): Promise<string | undefined> {
    const readAt = this.source.readAt;
    return readAt ? memo(this.atCommit, `${commit}:${path}`, () => readAt(commit, path)) : Promise.resolve(undefined);
  }

  renamesSince(commit: string | undefined): Promise<ReadonlyMap<string, string>> | undefined {
    const since = this.source.renamesSince;
    return since && memo(this.renames, commit ?? '', () => since(commit));
  }
}

/**
 * Where `link` points in the files `cache.source` serves, through the anchors' resolveLink:
 * the link's path and the paths git says it was renamed to since the link's commit (or in
 * the last year without one), with the linked lines as they were at that commit when git
 * has them (so edited code is still found by similarity). Never throws: stale says why.
 */
export async function placeOf(link: Link, cache: ReadCache): Promise<LinkPlace> {
  const moves = await cache.renamesSince(link.commit);
  const paths = [link.path, ...renamedPaths(link.path, moves)];
  const files = await Promise.all(paths.map((path) => cache.read(path)));
  const byPath = new Map(paths.map((path, i) => [path, files[i]]));
  const originalLines = await linesAtCommit(link, cache);
  const resolution: Resolution = resolveLink(link, (path) => byPath.get(path), {
    ...(moves ? { renames: moves } : {}),
    ...(originalLines ? { originalLines } : {}),
  });
  if (resolution.kind === 'stale') return { kind: 'stale', path: resolution.path, reason: resolution.reason };
  const renamed = resolution.renamedFrom ? { renamedFrom: resolution.renamedFrom } : {};
  if (resolution.how === 'file') return { kind: 'file', path: resolution.path, ...renamed };
  return { kind: 'lines', path: resolution.path, lines: resolution.lines, ...renamed };
}

/** The linked lines at the link's commit, from git; undefined without a commit, lines or git. */
async function linesAtCommit(link: Link, cache: ReadCache): Promise<string[] | undefined> {
  if (!link.commit || !link.lines) return undefined;
  const { start, end } = link.lines;
  if (end - start >= LINES_AT_COMMIT_LIMIT) return undefined;
  const text = await cache.readAt(link.commit, link.path);
  return text === undefined ? undefined : text.split(/\r?\n/).slice(start - 1, end);
}

function memo<T>(map: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = map.get(key);
  if (!value) map.set(key, (value = load()));
  return value;
}
