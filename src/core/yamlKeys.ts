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
