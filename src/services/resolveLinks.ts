// The one place the services ask the anchors where a link points: every service (incidents
// at a location, change risk, and what the command line and the agents build on them)
// resolves through here, so a change in src/core/anchors.ts's entry point touches this file only.
import { prepareInSteps, resolveLink, resolveLinks, type LinkSource, type Resolution, type SourceFile } from '../core/anchors';
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
 * gives the event loop a turn. A link's own resolution is bounded (bench:anchors: at most a
 * few ms of CPU once the file's shared work is prepared), and so is a preparation step, so no
 * stretch much exceeds this plus one of them: well under the 50 ms an editor may be blocked.
 */
export const SLICE_MS = 10;

/**
 * resolveLink for each of `links`, in their order, with the same answers, for the editor
 * (lenses, hovers, gutter marks, the tree, Problems, Repair Stale Links): every file and
 * file-at-a-commit the links name is asked for at once first (through `source`, which should
 * remember answers: anchors/cachedSource.ts), then what the links into each file share is
 * prepared in steps (core/anchors.ts prepareInSteps: the file normalised, git's alignment),
 * then the links are resolved one by one; whenever `sliceMs` have passed since the last turn
 * the event loop gets one (setImmediate), so 1,000 links into one file, 300 stale ones, or
 * links into a 60,000-line file never block the extension host for long.
 * `onSlice` (measurement) hears the length of each synchronous stretch it ran, in ms.
 */
export async function resolveInSlices(links: readonly Link[], source: LinkSource, sliceMs = SLICE_MS, onSlice?: (ms: number) => void): Promise<Resolution[]> {
  const files = new Map<string, SourceFile | undefined>();
  const texts = new Map<string, string | undefined>();
  const reads: Promise<unknown>[] = [];
  for (const { path, commit, lines } of links) {
    if (!files.has(path)) {
      files.set(path, undefined);
      reads.push(source.read(path).then((file) => files.set(path, file), () => undefined));
    }
    const key = `${commit}\0${path}`;
    if (commit && lines && source.readAt && !texts.has(key)) {
      texts.set(key, undefined);
      reads.push(source.readAt(commit, path).then((text) => texts.set(key, text), () => undefined));
    }
  }
  await Promise.all(reads);
  let started = performance.now();
  const turn = async (): Promise<void> => {
    const ran = performance.now() - started;
    if (ran < sliceMs) return;
    onSlice?.(ran);
    await new Promise<void>((resolve) => setImmediate(resolve));
    started = performance.now();
  };
  // What the links into each file share (a big file's normalisation and git's alignment) goes first, in steps.
  for (const [path, file] of files) {
    const steps = file && prepareInSteps(file, links, (commit) => texts.get(`${commit}\0${path}`));
    while (steps && !steps.next().done) await turn();
  }
  const resolutions: Resolution[] = [];
  for (const link of links) {
    resolutions.push(await resolveLink(link, source));
    await turn();
  }
  onSlice?.(performance.now() - started);
  return resolutions;
}

function placeFrom(resolution: Resolution): LinkPlace {
  if (resolution.kind === 'stale') return { kind: 'stale', path: resolution.path, reason: resolution.reason };
  // Spelled out rather than spread: a change check places thousands of links.
  const { path, renamedFrom } = resolution;
  if (resolution.how === 'file') return renamedFrom ? { kind: 'file', path, renamedFrom } : { kind: 'file', path };
  return renamedFrom ? { kind: 'lines', path, lines: resolution.lines, renamedFrom } : { kind: 'lines', path, lines: resolution.lines };
}
