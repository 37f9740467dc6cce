// The order in which a load of one folder takes its incident files, so that the open files'
// lenses do not wait for the whole index (IncidentStore.loadFolder): what the cache vouches for
// first, then, whenever code paths are wanted, the files that could link them, then the rest.
// Reading is paced: it waits while too much text is queued for the parser, and yields.
import { TimeSlices, type CachedFile } from './indexCache';

/** A file handed to the parser: its parse, and the text it holds until parsed. */
export interface PendingParse {
  done: Promise<void>;
  /** The text (or the file's bytes) handed to the parser: held until parsed, for a wanted path's scan to look at without reading the file again. */
  text: string | Buffer;
  /** Moves the parse ahead of the files not asked for first, while it waits (IncidentParser.parse's `place`). */
  promote?: () => void;
}

/** What a load does per file, for loadInOrder to call in its order; `i` indexes `files`. */
export interface FolderLoadSteps {
  /** Absolute paths of the folder's incident files, by name. */
  readonly files: readonly string[];
  /** Per file, the cache's entry if it has one; set to undefined here when the file changed since. */
  readonly cached: (CachedFile | undefined)[];
  /**
   * Reads file i (taking its cached entry while size and mtime match) and hands its text to the
   * parser, ahead of the queue when `first`: the pending parse, or undefined when it was applied at once.
   */
  read(i: number, first: boolean): PendingParse | undefined;
  /** Whether file i still stands as cached (one lstat): the read this check counts as, or undefined. */
  unchanged(i: number): number | undefined;
  /** Applies file i's cached entry, unless a read of it newer than `read` began since. */
  applyUnchanged(i: number, read: number): void;
  /** The code paths (folder-relative) asked for first and not settled yet. */
  wanted(): string[];
  /** Whether file i's text (`text` when handed to the parser, else read) could link a code file named one of `names` (incidentFiles.mayLink). */
  mayLink(i: number, names: readonly string[], text?: string | Buffer): boolean;
  /** `paths` are settled: every file that could link them is in the index. `loaded`: the files loaded since the last call. */
  settle(paths: readonly string[], loaded: string[]): void;
}

/** Parses handed to the parser in one lane (first or the rest), oldest first, and how many characters they hold. */
interface Lane {
  parsing: Promise<void>[];
  oldest: number;
  queued: number;
}

/**
 * Loads every file of `steps.files` once, in the order above, and resolves when all are parsed.
 * `sliceMs`: the longest stretch of work before yielding to the host. `maxQueuedChars`: text
 * handed to the parser and not parsed yet, at most, per lane (parses of a lane finish in the order
 * given, so waiting for the oldest frees the most). The files read first for wanted paths have
 * their own lane: the parser takes them ahead of the rest, so their reading waits only for them,
 * never for the up to `maxQueuedChars` of other text handed before (at most twice that in all).
 */
export async function loadInOrder(steps: FolderLoadSteps, sliceMs: number, maxQueuedChars: number): Promise<void> {
  const { files, cached } = steps;
  const slices = new TimeSlices(sliceMs);
  const done = new Uint8Array(files.length);
  const rest: Lane = { parsing: [], oldest: 0, queued: 0 };
  const first: Lane = { parsing: [], oldest: 0, queued: 0 };
  let unreported: string[] = [];
  /** Cached entries whose file was found unchanged (by one lstat) and that wait until the wanted paths settle. */
  const fresh = new Uint8Array(files.length);
  /** For each of those, the read it counts as (a refresh of the file since makes the entry out of date). */
  const freshRead = new Float64Array(files.length);
  /** Per file handed to the parser and not parsed yet: its parse. */
  const handed: (PendingParse | undefined)[] = [];
  /** Loads file `i`: its pending parse, if any. */
  const load = (i: number, lane = rest): Promise<void> | undefined => {
    done[i] = 1;
    unreported.push(files[i] as string);
    if (fresh[i]) return void steps.applyUnchanged(i, freshRead[i] as number);
    const read = steps.read(i, lane === first);
    if (!read) return undefined;
    handed[i] = read;
    lane.parsing.push(read.done);
    lane.queued += read.text.length;
    void read.done.then(() => {
      lane.queued -= read.text.length;
      handed[i] = undefined;
    });
    return read.done;
  };
  // Undefined when nothing is due, so the loops below await (a microtask each) only when it is.
  const pace = (lane = rest): Promise<void> | undefined => {
    if (lane.queued <= maxQueuedChars && !slices.due) return undefined;
    return (async () => {
      while (lane.queued > maxQueuedChars && lane.oldest < lane.parsing.length) await lane.parsing[lane.oldest++];
      if (slices.due) await slices.next();
    })();
  };
  // What the cache vouches for costs no parse: all of it first. While paths are wanted (open
  // files), only the entries that link them are applied now; the others, found unchanged, wait
  // until those paths settle, so the open files' lenses do not wait for the whole index.
  const firstWanted = new Set(steps.wanted());
  for (let i = 0; i < files.length; i++) {
    const entry = cached[i];
    if (entry === undefined) continue;
    if (firstWanted.size > 0 && !linksAny(entry, firstWanted)) {
      const read = steps.unchanged(i);
      if (read !== undefined) [fresh[i], freshRead[i]] = [1, read];
      else cached[i] = undefined;
    } else load(i);
    const paced = pace();
    if (paced) await paced;
  }
  // Then, whenever paths are wanted, the files that could link them (settled once parsed); then the rest.
  let next = 0;
  for (;;) {
    const wanted = steps.wanted();
    if (wanted.length > 0) {
      const names = wanted.map((path) => path.slice(path.lastIndexOf('/') + 1));
      const paths = new Set(wanted);
      const pending: Promise<void>[] = [];
      for (let i = 0; i < files.length; i++) {
        // Handed before the path was asked for and still queued: its parse counts too, and goes first.
        const parse = handed[i];
        if (parse && steps.mayLink(i, names, parse.text)) {
          parse.promote?.();
          pending.push(parse.done);
        }
        else if (!done[i] && (fresh[i] ? linksAny(cached[i] as CachedFile, paths) : steps.mayLink(i, names))) {
          const read = load(i, first);
          if (read) pending.push(read);
        }
        const paced = pace(first);
        if (paced) await paced;
      }
      await Promise.all(pending);
      steps.settle(wanted, unreported);
      unreported = [];
    }
    while (next < files.length && done[next]) next++;
    if (next < files.length) load(next);
    // Every file handed: the parses are awaited one at a time, so a path asked for meanwhile settles early.
    else if (rest.oldest < rest.parsing.length) await rest.parsing[rest.oldest++];
    else break;
    const paced = pace();
    if (paced) await paced;
  }
  await Promise.all([...rest.parsing, ...first.parsing]);
}

/** Whether a cached entry's incident links one of `paths`. */
function linksAny(entry: CachedFile, paths: ReadonlySet<string>): boolean {
  return entry.incident?.links.some((link) => paths.has(link.path)) ?? false;
}
