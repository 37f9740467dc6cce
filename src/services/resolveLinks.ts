// The one place the services ask the anchors where a link points: every service (incidents
// at a location, change risk, and what the command line and the agents build on them)
// resolves through here, so a change in src/core/anchors.ts's entry point touches this file only.
import { resolveLink, resolveLinks, type LinkSource, type Resolution, type SourceFile } from '../core/anchors';
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

/**
 * Longest stretch, in milliseconds of wall time, that `resolveInSlices` runs before it
 * gives the event loop a turn. A link's own resolution is bounded (bench:anchors: a few ms,
 * at most about 20 ms for the first link into a big file), so no stretch much exceeds this
 * plus one link: well under the 50 ms an editor may be blocked.
 */
export const SLICE_MS = 10;

/**
 * resolveLink for each of `links`, in their order, with the same answers, for the editor
 * (lenses, hovers, gutter marks, the tree, Problems, Repair Stale Links): every file and
 * file-at-a-commit the links name is asked for at once first (through `source`, which should
 * remember answers: anchors/cachedSource.ts), then the links are resolved one by one, and
 * whenever `sliceMs` have passed since the last turn the event loop gets one (setImmediate),
 * so 1,000 links into one file, or 300 stale ones, never block the extension host for long.
 * `onSlice` (measurement) hears the length of each synchronous stretch it ran, in ms.
 */
export async function resolveInSlices(links: readonly Link[], source: LinkSource, sliceMs = SLICE_MS, onSlice?: (ms: number) => void): Promise<Resolution[]> {
  const asked = new Set<string>();
  const reads: Promise<unknown>[] = [];
  const ask = (key: string, question: () => Promise<unknown> | undefined): void => {
    if (asked.has(key)) return;
    asked.add(key);
    const answer = question();
    if (answer) reads.push(answer.catch(() => undefined));
  };
  for (const link of links) {
    ask(`r\0${link.path}`, () => source.read(link.path));
    if (link.commit && link.lines) ask(`c\0${link.commit}\0${link.path}`, () => source.readAt?.(link.commit as string, link.path));
  }
  await Promise.all(reads);
  const resolutions: Resolution[] = [];
  let started = performance.now();
  for (const link of links) {
    resolutions.push(await resolveLink(link, source));
    const ran = performance.now() - started;
    if (ran >= sliceMs) {
      onSlice?.(ran);
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
  onSlice?.(performance.now() - started);
  return resolutions;
}

function placeFrom(resolution: Resolution): LinkPlace {
  if (resolution.kind === 'stale') return { kind: 'stale', path: resolution.path, reason: resolution.reason };
  const renamed = resolution.renamedFrom ? { renamedFrom: resolution.renamedFrom } : {};
  if (resolution.how === 'file') return { kind: 'file', path: resolution.path, ...renamed };
  return { kind: 'lines', path: resolution.path, lines: resolution.lines, ...renamed };
}
