// Fingerprints of linked line ranges, remembered per git blob between change checks: a blob's
// id names its exact text, so a range's fingerprint there never changes. A check run again on
// the same base (the Source Control view after each stage, a hook, a second run) then hashes
// no linked line again; the bench's 3,277 links into 10 files are 2.5 million characters.
// Kept in a file when one is named (the command line), else in this process's memory (the
// editor). Only the blobs the last check read are kept, so the file stays the size of one
// check's links. The file: `{"version": 2, "blobs": [[blob id, [start, end, fingerprint, ...]], ...]}`,
// each range as three numbers (the fingerprint's 8 hex digits as one 32-bit number): after a big
// index is loaded, JSON.parse takes ~8 ms to make thousands of short strings, ~0.4 ms for numbers.
import { readCacheJson, writeCacheJson } from './userCache';

const MEMO_VERSION = 2;
const HEX = /^[0-9a-f]{40,64}$/;
/** A range key as the anchors write it (core/anchors/locate.ts storedFingerprint), and a fingerprint (core/fingerprint.ts). */
const RANGE_KEY = /^(\d+)-(\d+)$/;
const FINGERPRINT = /^[0-9a-f]{8}$/;
const inMemory = new Map<string, Map<string, Map<string, string>>>();

/** A blob's fingerprints: as the anchors use them, or as the file holds them (start, end, fingerprint, ...). */
type Known = Map<string, string> | readonly unknown[];

export class FingerprintMemo {
  /** Blob id -> its ranges' fingerprints, as read; what this check used, filled in as it goes. */
  private readonly used = new Map<string, Map<string, string>>();
  private readonly sizes = new Map<string, number>();

  private constructor(private readonly known: ReadonlyMap<string, Known>, private readonly file: string | undefined, private readonly memoryKey: string) {}

  /** The memo in `file` (missing or damaged: empty), or, without a file, the one this process keeps for `memoryKey`. */
  static open(file: string | undefined, memoryKey: string): FingerprintMemo {
    return new FingerprintMemo(file ? readBlobs(file) : (inMemory.get(memoryKey) ?? new Map()), file, memoryKey);
  }

  /** The fingerprints known for blob `id` (a Map the anchors fill: SourceFile.fingerprints). */
  forBlob(id: string): Map<string, string> {
    let prints = this.used.get(id);
    if (!prints) {
      // Kept in memory, filled in place: a blob's fingerprints are the same for every check that reads it.
      const known = this.known.get(id);
      prints = known instanceof Map ? known : fromNumbers(known ?? []);
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
    await writeCacheJson(this.file, { version: MEMO_VERSION, blobs: [...this.used].map(([id, prints]) => [id, toNumbers(prints)]) });
  }
}

/** A blob's ranges as the anchors look them up; empty when any is damaged (line numbers from 1, start <= end, 32-bit fingerprints). */
function fromNumbers(numbers: readonly unknown[]): Map<string, string> {
  const prints = new Map<string, string>();
  if (numbers.length % 3 !== 0) return prints;
  for (let i = 0; i < numbers.length; i += 3) {
    const start = numbers[i];
    const end = numbers[i + 1];
    const print = numbers[i + 2];
    if (!isLine(start) || !isLine(end) || end < start || !Number.isInteger(print) || (print as number) < 0 || (print as number) > 0xffffffff) return new Map();
    prints.set(`${start}-${end}`, (print as number).toString(16).padStart(8, '0'));
  }
  return prints;
}

function isLine(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

function toNumbers(prints: ReadonlyMap<string, string>): number[] {
  const numbers: number[] = [];
  for (const [range, print] of prints) {
    const bounds = RANGE_KEY.exec(range);
    if (bounds && FINGERPRINT.test(print)) numbers.push(Number(bounds[1]), Number(bounds[2]), parseInt(print, 16));
  }
  return numbers;
}

/** The file's blobs (a damaged or older file: none, and every fingerprint is hashed again); each blob's ranges are checked when it is asked for. */
function readBlobs(file: string): Map<string, readonly unknown[]> {
  const parsed = (readCacheJson(file) ?? {}) as { version?: unknown; blobs?: unknown };
  if (parsed.version !== MEMO_VERSION || !Array.isArray(parsed.blobs)) return new Map();
  const blobs = new Map<string, readonly unknown[]>();
  for (const entry of parsed.blobs as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !HEX.test(entry[0]) || !Array.isArray(entry[1])) return new Map();
    blobs.set(entry[0], entry[1] as unknown[]);
  }
  return blobs;
}
