// Fingerprints of linked line ranges, remembered per git blob between change checks: a blob's
// id names its exact text, so a range's fingerprint there never changes. A check run again on
// the same base (the Source Control view after each stage, a hook, a second run) then hashes
// no linked line again; the bench's 3,277 links into 10 files are 2.5 million characters.
// Kept in a file when one is named (the command line), else in this process's memory (the
// editor). Only the blobs the last check read are kept, so the file stays the size of one
// check's links. The file: `{"version", "blobs": [[blob id, [["start-end", fingerprint], ...]], ...]}`.
import { readCacheJson, writeCacheJson } from './userCache';

const MEMO_VERSION = 1;
const HEX = /^[0-9a-f]{40,64}$/;
const inMemory = new Map<string, Map<string, Map<string, string>>>();

export class FingerprintMemo {
  /** Blob id -> its ranges' fingerprints, as read; what this check used, filled in as it goes. */
  private readonly used = new Map<string, Map<string, string>>();
  private readonly sizes = new Map<string, number>();

  private constructor(private readonly known: ReadonlyMap<string, Map<string, string>>, private readonly file: string | undefined, private readonly memoryKey: string) {}

  /** The memo in `file` (missing or damaged: empty), or, without a file, the one this process keeps for `memoryKey`. */
  static open(file: string | undefined, memoryKey: string): FingerprintMemo {
    return new FingerprintMemo(file ? readBlobs(file) : (inMemory.get(memoryKey) ?? new Map()), file, memoryKey);
  }

  /** The fingerprints known for blob `id` (a Map the anchors fill: SourceFile.fingerprints). */
  forBlob(id: string): Map<string, string> {
    let prints = this.used.get(id);
    if (!prints) {
      prints = new Map(this.known.get(id));
      this.used.set(id, prints);
      this.sizes.set(id, prints.size);
    }
    return prints;
  }

  /** Keeps the blobs this check read, when it computed any fingerprint they did not hold. Never throws. */
  async save(): Promise<void> {
    const grew = [...this.used].some(([id, prints]) => prints.size !== this.sizes.get(id)) || this.used.size !== this.known.size;
    if (!grew) return;
    if (!this.file) {
      inMemory.set(this.memoryKey, new Map(this.used));
      return;
    }
    await writeCacheJson(this.file, { version: MEMO_VERSION, blobs: [...this.used].map(([id, prints]) => [id, [...prints]]) });
  }
}

function readBlobs(file: string): Map<string, Map<string, string>> {
  const parsed = (readCacheJson(file) ?? {}) as { version?: unknown; blobs?: unknown };
  if (parsed.version !== MEMO_VERSION || !Array.isArray(parsed.blobs)) return new Map();
  const blobs = new Map<string, Map<string, string>>();
  for (const entry of parsed.blobs as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !HEX.test(entry[0]) || !Array.isArray(entry[1])) return new Map();
    const prints = new Map<string, string>();
    for (const pair of entry[1] as unknown[]) {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || !/^[0-9a-f]{8}$/.test(pair[1])) return new Map();
      prints.set(pair[0], pair[1]);
    }
    blobs.set(entry[0], prints);
  }
  return blobs;
}
