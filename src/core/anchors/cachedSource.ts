// A LinkSource that asks its inner source each question once: a tree expansion or a file's
// lenses resolve many links into the same few files and commits, and each file should be
// read once and each `git show` run once. Git questions also run a few at a time, so 1,000
// links never start 1,000 processes at once.
import type { LinkSource, SourceFile } from '../anchors';

/** Git questions (readAt, diff, renames) running at once through one cached source. */
export const GIT_CONCURRENCY = 4;

/**
 * Wraps `source` so each distinct question is asked once for the life of the wrapper (make
 * one per expansion, per document version, per repair run), with at most `concurrency` git
 * questions in flight. Answers, including undefined, are remembered; a rejected promise is
 * answered as undefined.
 */
export function cachedSource(source: LinkSource, concurrency = GIT_CONCURRENCY): LinkSource {
  const limit = limiter(concurrency);
  const reads = new Map<string, Promise<SourceFile | undefined>>();
  const texts = new Map<string, Promise<string | undefined>>();
  const diffs = new Map<string, Promise<string | undefined>>();
  const renames = new Map<string, Promise<ReadonlyMap<string, string>>>();
  const once = <T>(memo: Map<string, Promise<T>>, key: string, ask: () => Promise<T>, fallback: T): Promise<T> => {
    let answer = memo.get(key);
    if (!answer) memo.set(key, (answer = ask().catch(() => fallback)));
    return answer;
  };
  const { readAt, diff, renamesSince } = source;
  return {
    read: (path) => once(reads, path, () => source.read(path), undefined),
    ...(readAt ? { readAt: (commit: string, path: string) => once(texts, `${commit}\0${path}`, () => limit(() => readAt.call(source, commit, path)), undefined) } : {}),
    ...(diff ? { diff: (commit: string, path: string) => once(diffs, `${commit}\0${path}`, () => limit(() => diff.call(source, commit, path)), undefined) } : {}),
    ...(renamesSince ? { renamesSince: (commit: string | undefined) => once(renames, commit ?? '', () => limit(() => renamesSince.call(source, commit)), new Map()) } : {}),
  };
}

/** Runs at most `concurrency` tasks at once, the rest in the order they came. */
export function limiter(concurrency: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiting one, so none can slip in between.
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
