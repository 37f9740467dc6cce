// Duplicate keys in a YAML document, found in linear time. yaml's own `uniqueKeys` option compares
// every key of a map with every other (20,000 keys take ~20 s), which a file from a stranger must
// not be able to cost: parse with `uniqueKeys: false`, then ask here.
import { isMap, isScalar, visit, type Document } from 'yaml';

/** A repeated key: where it is (character offsets of the later one) and the message yaml would give. */
export interface DuplicateKey {
  pos: [number, number];
  message: string;
}

/**
 * Every key that repeats an earlier key of the same map, in document order. Scalar keys are
 * compared by type and value as yaml does; a collection as a key is not compared (it never
 * names a field of an incident or a config).
 */
export function duplicateKeys(doc: Document): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  visit(doc, {
    Map(_, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value: unknown = pair.key.value;
        const id = `${typeof value}:${String(value)}`;
        if (seen.has(id)) {
          const range = pair.key.range;
          found.push({ pos: range ? [range[0], range[1]] : [0, 0], message: 'Map keys must be unique' });
        } else seen.add(id);
      }
    },
  });
  return found;
}

/**
 * The 1-based line where a top-level `key:` starts in a file's UTF-8 bytes (the key at the start of
 * a line, then spaces or tabs, then a colon), or undefined. One pass of byte compares: no decoding,
 * no string per line (splitting 1 MiB of line breaks into lines and testing each took the extension
 * host 70 to 100 ms). `key` is ASCII.
 */
export function topLevelKeyLine(bytes: Uint8Array, key: string): number | undefined {
  const codes = Array.from(key, (c) => c.charCodeAt(0));
  const n = bytes.length;
  let line = 1;
  for (let start = 0; start < n; line++) {
    let at = start;
    while (at < n && at - start < codes.length && bytes[at] === codes[at - start]) at++;
    if (at - start === codes.length) {
      while (bytes[at] === 0x20 || bytes[at] === 0x09) at++;
      if (bytes[at] === 0x3a) return line;
    }
    while (at < n && bytes[at] !== 0x0a) at++;
    start = at + 1;
  }
  return undefined;
}
