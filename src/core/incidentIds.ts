// Ids for new incidents: the next free number in the repository's own naming scheme,
// read from the reference patterns of .incidents/config.yaml (`INC-\d+` by default).
import { matchesWholly } from './references';

/** What an incident id may look like in a file (schemas/incident.schema.json, "id"). */
export const INCIDENT_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;
const DEFAULT_PREFIX = 'INC-';

/** A pattern of the form `<literal prefix><digits>`, such as `INC-\d+` or `SEC-[0-9]{4}`. */
interface NumberedPattern {
  prefix: string;
  /** The fewest digits the pattern accepts; new ids are zero-padded to it (`OPS-\d{4}` gives OPS-0001). */
  minDigits: number;
}

/**
 * The id to propose for a new incident: for the first numbered pattern, the prefix and one
 * more than the highest number an existing id carries with that prefix, padded like the ids
 * already there. Patterns that are not `<prefix><digits>` (such as `PD-[A-Z0-9]{7}`) name ids
 * a platform hands out, so they are skipped; with none left the default `INC-` is used.
 */
export function nextIncidentId(patterns: readonly string[], existingIds: readonly string[]): string {
  const pattern = patterns.map(numberedPattern).find((p): p is NumberedPattern => p !== undefined) ?? { prefix: DEFAULT_PREFIX, minDigits: 1 };
  let highest = 0;
  let width = pattern.minDigits;
  for (const id of existingIds) {
    if (!id.startsWith(pattern.prefix)) continue;
    const digits = id.slice(pattern.prefix.length);
    if (!/^\d+$/.test(digits)) continue;
    highest = Math.max(highest, Number(digits));
    // INC-007 next to INC-012: the repository pads, so keep padding.
    if (digits.startsWith('0')) width = Math.max(width, digits.length);
  }
  return `${pattern.prefix}${String(highest + 1).padStart(width, '0')}`;
}

/** Why `id` cannot name a new incident, or undefined when it can. */
export function incidentIdProblem(id: string, existingIds: readonly string[]): string | undefined {
  if (id === '') return 'Give the incident an id, such as INC-143.';
  if (id.length > 128) return 'An id has at most 128 characters.';
  if (!INCIDENT_ID_SHAPE.test(id)) return 'An id starts with a letter or digit and holds only letters, digits and - _ . :';
  const lower = id.toLowerCase();
  // Ids are file names too: INC-1.yaml and inc-1.yaml are one file on macOS and Windows.
  if (existingIds.some((existing) => existing.toLowerCase() === lower)) return `${id} already exists.`;
  return undefined;
}

/** True when `id` matches one of the patterns as a whole, so references in code will find it. */
export function matchesReferencePatterns(id: string, patterns: readonly string[]): boolean {
  return matchesWholly(id, patterns);
}

function numberedPattern(source: string): NumberedPattern | undefined {
  // Word boundaries and anchors say nothing about the id itself.
  const bare = source.replace(/^(?:\\b|\^)/, '').replace(/(?:\\b|\$)$/, '');
  // Literal characters (an unescaped `.` is a wildcard, so it is not one), then one run of digits.
  const match = /^((?:\\[^A-Za-z0-9]|[A-Za-z0-9_:-])*)(?:\\d|\[0-9\])(\+|\{(\d+)(?:,\d*)?\})$/.exec(bare);
  if (!match) return undefined;
  const prefix = (match[1] ?? '').replace(/\\(.)/g, '$1');
  if (!INCIDENT_ID_SHAPE.test(`${prefix}1`)) return undefined;
  const minDigits = match[2] === '+' ? 1 : Number(match[3]);
  return { prefix, minDigits: Math.max(1, Math.min(minDigits, 12)) };
}
