// Git objects read straight from a repository's object store, without starting git: loose
// files (`objects/ab/cdef…`, zlib-deflated) and version-2 pack files (`objects/pack/*.idx` to
// find an object, `*.pack` holding it, deltas resolved against their bases). Used by the miner
// after a commit or a small pull (gitLooseDiff.ts). SHA-1 repositories only; any object that
// is missing, oversized or malformed answers undefined, and the caller asks git. Reads are
// synchronous and positioned: a lookup is two short reads of the index and one of the pack.
import { closeSync, fstatSync, openSync, readdirSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { readRegularBytes } from './workspaceFiles';

export type ObjectType = 'commit' | 'tree' | 'blob' | 'tag';

export interface GitObject {
  type: ObjectType;
  data: Buffer;
}

/** Objects past this size are left to git. */
export const MAX_OBJECT = 1 << 20;
/** Deltas on deltas past this depth are left to git (git's own default depth is 50). */
const MAX_CHAIN = 512;
const TYPES: Record<number, ObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const HEX40 = /^[0-9a-f]{40}$/;

interface Pack {
  idx: number;
  pack: number;
  packSize: number;
  fanout: Buffer;
  count: number;
}

/** The loose object `hash` (40 hex digits) of `gitDir`, or undefined when it is not loose, oversized or malformed. */
export function readLooseObject(gitDir: string, hash: string): GitObject | undefined {
  if (!HEX40.test(hash)) return undefined;
  try {
    const deflated = readRegularBytes(join(gitDir, 'objects', hash.slice(0, 2), hash.slice(2)), MAX_OBJECT);
    if (!Buffer.isBuffer(deflated)) return undefined;
    // Output in one buffer about the object's size (zlib's default is 16 KB chunks, costly for the small objects most are).
    const raw = inflateSync(deflated, { maxOutputLength: MAX_OBJECT + 32, chunkSize: Math.min(MAX_OBJECT, Math.max(256, deflated.length * 4)) });
    const nul = raw.indexOf(0);
    const [type, size] = raw.toString('latin1', 0, Math.max(nul, 0)).split(' ');
    const data = raw.subarray(nul + 1);
    const known = Object.values(TYPES).find((t) => t === type);
    return nul > 0 && known && Number(size) === data.length ? { type: known, data } : undefined;
  } catch {
    return undefined;
  }
}

/** A commit object's headers and message (git's commit format: `tree`, `parent`, `author` lines, a blank line, the message). */
export interface CommitObject {
  tree: string;
  parents: string[];
  /** The `author` line's name, email and `<seconds> <offset>`; undefined when malformed. */
  author?: { name: string; email: string; when: string };
  message: string;
}

/** `object` read as a commit; undefined for anything else or anything unusual (another encoding, bytes not UTF-8, a malformed parent). */
export function commitOf(object: GitObject | undefined): CommitObject | undefined {
  if (object?.type !== 'commit') return undefined;
  const text = object.data.toString('utf8');
  if (text.includes('\ufffd')) return undefined;
  const split = text.indexOf('\n\n');
  const parents: string[] = [];
  let tree: string | undefined;
  let author: CommitObject['author'];
  for (const line of (split < 0 ? text : text.slice(0, split)).split('\n')) {
    if (line.startsWith('tree ')) tree = line.slice(5);
    else if (line.startsWith('parent ')) {
      if (!HEX40.test(line.slice(7))) return undefined;
      parents.push(line.slice(7));
    } else if (line.startsWith('author ')) {
      const found = /^author ([^<>]*?) <([^<>]*)> (\d+ [+-]\d{4})$/.exec(line);
      if (found) author = { name: found[1] as string, email: found[2] as string, when: found[3] as string };
    } else if (line.startsWith('encoding ') && !/^utf-?8$/i.test(line.slice(9).trim())) return undefined;
  }
  return tree === undefined ? undefined : { tree, parents, ...(author ? { author } : {}), message: split < 0 ? '' : text.slice(split + 2) };
}

/** One repository's objects; close() when done (it keeps the pack files open between reads). */
export class ObjectStore {
  private packs: Pack[] | undefined;

  constructor(private readonly gitDir: string) {}

  /** The object `hash` (40 hex digits), or undefined when it cannot be read here. */
  read(hash: string, depth = 0): GitObject | undefined {
    if (!HEX40.test(hash) || depth > MAX_CHAIN) return undefined;
    return this.loose(hash) ?? this.packed(hash, depth);
  }

  close(): void {
    for (const pack of this.packs ?? []) {
      closeSync(pack.idx);
      closeSync(pack.pack);
    }
    this.packs = [];
  }

  private loose(hash: string): GitObject | undefined {
    return readLooseObject(this.gitDir, hash);
  }

  private packed(hash: string, depth: number): GitObject | undefined {
    const key = Buffer.from(hash, 'hex');
    try {
      for (const pack of this.openPacks()) {
        const offset = findOffset(pack, key);
        if (offset !== undefined) return this.readAt(pack, offset, depth);
      }
    } catch {
      // A short read of a truncated file: git is asked instead.
    }
    return undefined;
  }

  private openPacks(): Pack[] {
    if (this.packs) return this.packs;
    this.packs = [];
    let names: string[] = [];
    try {
      names = readdirSync(join(this.gitDir, 'objects', 'pack')).filter((name) => name.endsWith('.idx'));
    } catch {
      return this.packs;
    }
    for (const name of names) {
      const base = join(this.gitDir, 'objects', 'pack', name.slice(0, -4));
      let idx: number | undefined;
      try {
        idx = openSync(`${base}.idx`, 'r');
        const head = Buffer.alloc(8 + 1024);
        readSync(idx, head, 0, head.length, 0);
        if (head.readUInt32BE(0) !== 0xff744f63 || head.readUInt32BE(4) !== 2) throw new Error('not a version 2 index');
        const pack = openSync(`${base}.pack`, 'r');
        const fanout = head.subarray(8);
        this.packs.push({ idx, pack, packSize: fstatSync(pack).size, fanout, count: fanout.readUInt32BE(255 * 4) });
      } catch {
        if (idx !== undefined) closeSync(idx);
      }
    }
    return this.packs;
  }

  private readAt(pack: Pack, offset: number, depth: number): GitObject | undefined {
    // The entry's header and, for a small object, its deflated bytes too, in one read; each
    // link of a delta chain has its own buffer (the base is read while the delta's bytes wait).
    const head = Buffer.allocUnsafe(Math.min(4096, pack.packSize - offset));
    readSync(pack.pack, head, 0, head.length, offset);
    let at = 0;
    let byte = head[at++] as number;
    const type = (byte >> 4) & 7;
    let size = byte & 15;
    for (let shift = 4; byte & 0x80; shift += 7) {
      byte = head[at++] as number;
      size += (byte & 0x7f) * 2 ** shift;
    }
    if (size > MAX_OBJECT) return undefined;
    if (TYPES[type]) {
      const data = inflateAt(pack, offset + at, size, head.subarray(at));
      return data && { type: TYPES[type] as ObjectType, data };
    }
    let base: GitObject | undefined;
    if (type === 6) {
      byte = head[at++] as number;
      let back = byte & 0x7f;
      while (byte & 0x80) {
        byte = head[at++] as number;
        back = (back + 1) * 128 + (byte & 0x7f);
      }
      base = back > 0 && back <= offset ? this.readAt(pack, offset - back, depth + 1) : undefined;
    } else if (type === 7) {
      base = this.read(head.toString('hex', at, at + 20), depth + 1);
      at += 20;
    }
    const delta = base && inflateAt(pack, offset + at, size, head.subarray(at));
    const data = base && delta && applyDelta(base.data, delta);
    return base && data ? { type: base.type, data } : undefined;
  }
}

/** Where `key` sits in `pack`, from its index: the fan-out narrows the names to one first byte, then a binary search. */
function findOffset(pack: Pack, key: Buffer): number | undefined {
  const first = key[0] as number;
  const low = first === 0 ? 0 : pack.fanout.readUInt32BE((first - 1) * 4);
  const high = pack.fanout.readUInt32BE(first * 4);
  if (high <= low) return undefined;
  const names = Buffer.alloc((high - low) * 20);
  readSync(pack.idx, names, 0, names.length, 8 + 1024 + low * 20);
  let lo = 0;
  let hi = high - low;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const order = names.compare(key, 0, 20, mid * 20, mid * 20 + 20);
    if (order === 0) {
      const word = Buffer.alloc(8);
      readSync(pack.idx, word, 0, 4, 8 + 1024 + pack.count * 24 + (low + mid) * 4);
      const offset = word.readUInt32BE(0);
      if (offset < 0x80000000) return offset;
      readSync(pack.idx, word, 0, 8, 8 + 1024 + pack.count * 28 + (offset & 0x7fffffff) * 8);
      return Number(word.readBigUInt64BE(0));
    }
    if (order < 0) lo = mid + 1;
    else hi = mid;
  }
  return undefined;
}

/**
 * The `size` bytes deflated at `at`, `read` being what was already read from there (zlib stops
 * at its stream's end; a stored block adds a few bytes per 64 KB, so size + 1 KB holds it all).
 */
function inflateAt(pack: Pack, at: number, size: number, read: Buffer): Buffer | undefined {
  let chunk = read;
  if (read.length < Math.min(size + 1024, pack.packSize - at)) {
    chunk = Buffer.allocUnsafe(Math.min(size + 1024, pack.packSize - at));
    readSync(pack.pack, chunk, 0, chunk.length, at);
  }
  try {
    // One output buffer of the known size (one spare byte, so zlib does not add a second): its default 16 KB chunk costs more than inflating a small object.
    const data = inflateSync(chunk, { maxOutputLength: Math.max(size, 1), chunkSize: Math.max(size + 1, 64) });
    return data.length === size ? data : undefined;
  } catch {
    return undefined;
  }
}

/** `base` rebuilt by a git delta: its sizes, then copies from the base and inserted bytes. */
export function applyDelta(base: Buffer, delta: Buffer): Buffer | undefined {
  let at = 0;
  const size = () => {
    let value = 0;
    for (let shift = 0; at < delta.length; shift += 7) {
      const byte = delta[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      if (!(byte & 0x80)) return value;
    }
    return -1;
  };
  if (size() !== base.length) return undefined;
  const length = size();
  if (length < 0 || length > MAX_OBJECT) return undefined;
  const out = Buffer.alloc(length);
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++] as number;
    if (op & 0x80) {
      let from = 0;
      let count = 0;
      for (let i = 0; i < 4; i++) if (op & (1 << i)) from += (delta[at++] ?? 0) * 2 ** (8 * i);
      for (let i = 0; i < 3; i++) if (op & (0x10 << i)) count += (delta[at++] ?? 0) * 2 ** (8 * i);
      if (count === 0) count = 0x10000;
      if (from + count > base.length || written + count > length) return undefined;
      base.copy(out, written, from, from + count);
      written += count;
    } else if (op > 0) {
      if (at + op > delta.length || written + op > length) return undefined;
      delta.copy(out, written, at, at + op);
      at += op;
      written += op;
    } else {
      return undefined;
    }
  }
  return written === length ? out : undefined;
}
