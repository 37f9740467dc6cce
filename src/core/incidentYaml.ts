// How an incident file's YAML is read, and how a value is written back, by one rule:
// every scalar is the characters as written. YAML's core schema would read `id: 0042` as the
// number 42, `1e3` as 1000 and `~` as null, and YAML 1.1 tools read `yes`/`no`/`on`/`off` as
// booleans and `2026-01-01` as a date; none of the format's fields means a number or a boolean,
// so the file is parsed with the failsafe schema (all scalars are strings) and a plain value
// another tool would read otherwise gets a warning saying to quote it. The JSON Schema agrees:
// text fields are `type: string`, so the YAML extension flags the same values.
import { isPair, isScalar, parseDocument, visit, YAMLParseError, type Document, type LineCounter, type Node, type Scalar } from 'yaml';
import { duplicateKeys } from './yamlKeys';

/** The fields whose plain value may be a number (`lines: 40`) or a date-time: not warned about. */
const NOT_TEXT = new Set(['lines', 'at', 'started_at', 'resolved_at', 'opened_at']);
/** The format's text fields (schemas/incident.schema.json). */
const TEXT_FIELDS = new Set([
  'id', 'title', 'severity', 'status', 'summary', 'url', 'provider', 'services', 'responders',
  'path', 'symbol', 'fingerprint', 'commit', 'role', 'note', 'author', 'kind', 'text',
]);

/** Parses an incident file as written (failsafe schema); the caller checks doc.errors. */
export function parseIncidentYaml(text: string, lineCounter?: LineCounter): Document.Parsed {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, prettyErrors: false, ...(lineCounter ? { lineCounter } : {}) });
  // Duplicate keys checked in linear time (yamlKeys.ts): yaml's own uniqueKeys is quadratic in the keys.
  doc.errors.push(...duplicateKeys(doc).map((d) => new YAMLParseError(d.pos, 'DUPLICATE_KEY', d.message)));
  return doc;
}

/**
 * The yaml library's own number and date tests for YAML 1.1 and 1.2 (yaml/dist/schema), widened:
 * decimal and float, with underscores and an exponent (`.` and `1.` included, as 1.1 reads them);
 * sexagesimal; hex, octal and binary; infinity and NaN; dates and date-times.
 */
const MAY_BE_NUMBER_OR_DATE = [
  /^[-+]?(?:\d[\d_]*)?(?:\.[\d_]*)?(?:[eE][-+]?\d+)?$/,
  /^[-+]?\d[\d_]*(?::[0-5]?\d)+(?:\.[\d_]*)?$/,
  /^[-+]?0(?:[xX][\da-fA-F_]+|[oO]?[0-7_]+|[bB][01_]+)$/,
  /^[-+]?\.(?:inf|nan)$/i,
  /^\d{4}-\d\d?-\d\d?/,
];

/**
 * What YAML (1.2 core or 1.1) would read the plain text `source` as, when not as that text:
 * 'a number', 'true or false', 'null', 'a date'; undefined when every YAML tool reads it as written.
 */
export function readsOtherwise(source: string): string | undefined {
  if (source === '') return undefined;
  // Only these can read as a number, date, boolean or null in YAML 1.1 or 1.2: a digit, sign, dot
  // or tilde first, or one of the words. Everything else skips two parses per value (a file of
  // 10,000 links has 20,000 such values).
  if (!/^[-+.~\d]/.test(source) && !/^(?:y|n|yes|no|true|false|on|off|null)$/i.test(source)) return undefined;
  // Of those, only these shapes can be a number or a date (a superset of YAML 1.1's and 1.2's
  // forms): a fingerprint or commit such as 9c41e07d is none of them, and skips its two parses.
  if (/^[-+.\d]/.test(source) && !MAY_BE_NUMBER_OR_DATE.some((shape) => shape.test(source))) return undefined;
  return yamlReadsAs(source);
}

/**
 * What YAML 1.2 (core schema) or else YAML 1.1 reads the plain text `source` as, found by parsing
 * it both ways (no shortcut): 'a number', 'true or false', 'null', 'a date', or undefined when
 * both read it as text. readsOtherwise is this with the parses skipped where they cannot matter.
 * Parsed as a mapping's value, where a field's text stands: alone, `...` or `---` would be a
 * document marker, which no value can be.
 */
export function yamlReadsAs(source: string): string | undefined {
  for (const version of ['1.2', '1.1'] as const) {
    const doc = parseDocument(`v: ${source}`, { version, prettyErrors: false });
    const pair = doc.errors.length > 0 ? undefined : (doc.contents as { items?: unknown[] } | null)?.items?.[0];
    if (!isPair(pair) || !isScalar(pair.value)) continue;
    const value: unknown = pair.value.value;
    if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
    if (typeof value === 'boolean') return 'true or false';
    if (value === null) return 'null';
    if (value instanceof Date) return 'a date';
  }
  return undefined;
}

/** The plain text fields of `doc` that another YAML tool would read otherwise, with what to do. */
export function asWrittenWarnings(doc: Document): { node: Scalar; message: string }[] {
  const found: { node: Scalar; message: string }[] = [];
  visit(doc, {
    Scalar(key, node, path) {
      if (key === 'key' || node.type !== 'PLAIN' || typeof node.source !== 'string') return;
      const field = fieldOf(path);
      if (!field || NOT_TEXT.has(field) || !TEXT_FIELDS.has(field)) return;
      const other = readsOtherwise(node.source);
      if (!other) return;
      found.push({
        node,
        message: `${field} is read as the text ${node.source}, as written; other YAML tools read it as ${other}. Quote it ("${node.source}") so that every tool reads the same value.`,
      });
    },
  });
  return found;
}

/** The key of the nearest pair above a scalar: its field name (`services` for an item of it). */
function fieldOf(path: readonly unknown[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const item = path[i];
    if (isPair(item)) return isScalar(item.key) ? String(item.key.value) : undefined;
  }
  return undefined;
}

/**
 * `value` as YAML source that reads back as exactly that value under the rule above: plain when
 * it is plain-safe and no YAML tool would read it otherwise (or, for `lines` and date-times, when
 * YAML 1.2 reads it as written), double-quoted otherwise. Keeps single quotes when `style` had them.
 */
export function scalarSource(value: string | number, field: string, style?: Scalar['type']): string {
  const text = String(value);
  if (style === 'QUOTE_SINGLE' && !/[\n\r\t\\]/.test(text)) return `'${text.replace(/'/g, "''")}'`;
  if (style !== 'QUOTE_DOUBLE' && style !== 'QUOTE_SINGLE' && isPlainSafe(text) && (NOT_TEXT.has(field) || !readsOtherwise(text))) return text;
  return JSON.stringify(text);
}

/** True when `text` written plain, in block or flow context, reads back as the same characters. */
function isPlainSafe(text: string): boolean {
  if (!/^[^\s\-?:,[\]{}#&*!|>'"%@`][^\n\r\t,[\]{}]*$/.test(text) || /\s$/.test(text) || /: |:$| #/.test(text)) return false;
  const back = parseDocument(`k: ${text}`, { schema: 'failsafe' });
  return back.errors.length === 0 && back.get('k') === text;
}

/** Marks every string of a new node that some YAML tool would read otherwise to be written double-quoted. */
export function quoteWhereNeeded(node: Node): Node {
  visit(node, {
    Scalar(key, scalar, path) {
      if (key === 'key' || typeof scalar.value !== 'string') return;
      const field = fieldOf(path);
      if (field !== undefined && !NOT_TEXT.has(field) && readsOtherwise(scalar.value)) scalar.type = 'QUOTE_DOUBLE';
    },
  });
  return node;
}
