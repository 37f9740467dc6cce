// Edits to an incident file's text. yaml's Document API changes only the touched nodes, so
// the user's comments, key order, unknown fields, blank lines and flow/block styles survive.
// Pure: text in, text out; every function throws an Error whose message the caller can show.
import { Document, isCollection, isMap, isScalar, isSeq, parse, parseDocument, stringify, type Pair, type Scalar, type ToStringOptions, type YAMLMap } from 'yaml';
import { describeSchemaError, validateIncidentValue } from './incidentSchema';
import { STATUSES, type CodeRef, type Incident, type LineRange, type Link, type Note, type Status } from './model';
import { parseIncidentFile } from './parseIncident';
import { normalizePath, unsafePathReason } from './paths';

export type LinkChanges = Partial<Pick<Link, 'path' | 'lines' | 'fingerprint' | 'commit' | 'symbol'>>;

export type NewIncidentFields = Pick<Incident, 'id' | 'title' | 'severity' | 'status'> &
  Partial<Pick<Incident, 'startedAt' | 'services' | 'summary' | 'url' | 'source'>>;

// Where a missing key goes: the order of the file format (DESIGN.md, "Data").
const INCIDENT_KEYS = ['id', 'title', 'severity', 'status', 'started_at', 'resolved_at', 'services', 'url', 'source', 'summary', 'responders', 'links', 'notes'];
const LINK_KEYS = ['path', 'symbol', 'lines', 'fingerprint', 'commit', 'role', 'note'];
const MAX_ALIASES = 64;

type Parsed = Document.Parsed;

export function appendNote(text: string, note: Note): string {
  const raw = rawNote(note);
  assertValid({ notes: [raw] }, 'Cannot add the note');
  return appendEntry(load(text), text, 'notes', raw);
}

export function addLink(text: string, link: Link): string {
  const raw = rawLink(link);
  assertValid({ links: [raw] }, 'Cannot add the link');
  return appendEntry(load(text), text, 'links', raw);
}

export function removeLink(text: string, index: number): string {
  const doc = load(text);
  linkAt(doc, index);
  doc.deleteIn(['links', index]);
  return dump(doc, text);
}

/**
 * Where `link` (as parsed) stands in the file's raw `links` list. Parsing drops invalid
 * links, so a parsed position is not a raw index; path, lines, symbol and role identify it.
 */
export function indexOfLink(text: string, link: Pick<Link, 'path' | 'lines' | 'symbol' | 'role'>): number {
  const links = load(text).toJS({ maxAliasCount: MAX_ALIASES }).links as unknown;
  if (!Array.isArray(links)) return -1;
  const wantedLines = link.lines ? formatLines(link.lines) : undefined;
  return links.findIndex((raw: Record<string, unknown> | null) => raw !== null && typeof raw === 'object'
    && cleanPath(String(raw.path)) === link.path && raw.role === link.role && (raw.symbol ?? undefined) === link.symbol
    && String(raw.lines ?? '') === String(wantedLines ?? ''));
}

/** Sets each field given; a field given as undefined is removed from the link. */
export function updateLink(text: string, index: number, changes: LinkChanges): string {
  const doc = load(text);
  const link = linkAt(doc, index);
  const wanted = Object.entries(changes).map(([key, value]) => [key, value === undefined ? undefined
    : key === 'lines' ? formatLines(value as LineRange) : key === 'path' ? cleanPath(String(value)) : value] as const);
  assertValid({ links: [{ ...(link.toJS(doc) as object), ...Object.fromEntries(wanted.filter(([, v]) => v !== undefined)) }] }, 'Cannot change the link');

  // Values that replace existing scalars are spliced in place, so nothing else in the
  // file moves; only adding or removing a key needs the Document to re-render.
  const splices: { node: Scalar; value: string | number }[] = [];
  let structural = false;
  for (const [key, value] of wanted) {
    const node = link.get(key, true);
    if (value === undefined) structural ||= node !== undefined;
    else if (isScalar(node) && String(node.value) === String(value)) continue;
    else if (isScalar(node) && (typeof value === 'string' || typeof value === 'number')) splices.push({ node, value });
    else structural = true;
  }
  if (!structural) return spliceScalars(text, splices);
  for (const [key, value] of wanted) {
    if (value === undefined) link.delete(key);
    else setOrdered(doc, link, key, value, LINK_KEYS);
  }
  return dump(doc, text);
}

/**
 * After `oldPath` (a file or a folder, workspace-relative) was renamed to `newPath`: rewrites
 * every link and note code reference to it or under it. Returns `text` itself when none matched.
 */
export function replaceLinkPaths(text: string, oldPath: string, newPath: string): string {
  for (const path of [oldPath, newPath]) {
    const unsafe = unsafePathReason(path);
    if (unsafe) throw new Error(`Cannot move the links: the path "${path}" ${unsafe}.`);
  }
  const from = normalizePath(oldPath);
  const to = normalizePath(newPath);
  const doc = load(text);
  const edits: { node: Scalar; value: string | number }[] = [];
  const rename = (ref: unknown) => {
    const path = isMap(ref) ? ref.get('path', true) : undefined;
    if (!isScalar(path) || typeof path.value !== 'string' || unsafePathReason(path.value)) return;
    const current = normalizePath(path.value);
    if (current === from) edits.push({ node: path, value: to });
    else if (from !== '' && current.startsWith(`${from}/`)) edits.push({ node: path, value: to + current.slice(from.length) });
  };
  itemsOf(doc, 'links').forEach(rename);
  itemsOf(doc, 'notes').forEach((note) => rename(isMap(note) ? note.get('code', true) : undefined));
  return spliceScalars(text, edits);
}

/**
 * Replaces scalar values where they stand in the text, so every other byte of the file
 * (spacing inside `{ }`, comments, quoting elsewhere) stays exactly as the user wrote it.
 */
function spliceScalars(text: string, edits: readonly { node: Scalar; value: string | number }[]): string {
  let result = text;
  for (const { node, value } of [...edits].sort((a, b) => (b.node.range?.[0] ?? 0) - (a.node.range?.[0] ?? 0))) {
    const range = node.range;
    if (!range) continue;
    result = result.slice(0, range[0]) + scalarSource(value, node.type) + result.slice(range[1]);
  }
  return result;
}

function scalarSource(value: string | number, style: Scalar['type']): string {
  if (typeof value === 'number') return String(value);
  // A string YAML would read as a number, boolean or null (a fingerprint of digits) is quoted.
  if (typeof parse(value) !== 'string') return JSON.stringify(value);
  if (style === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (style !== 'QUOTE_DOUBLE' && /^[A-Za-z0-9_./@+~][^\s#:,{}[\]'"]*$/.test(value)) return value;
  return JSON.stringify(value);
}

/** Sets the status, and resolved_at when given; an existing resolved_at is otherwise left as is. */
export function setStatus(text: string, status: Status, resolvedAt?: string): string {
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw new Error(`Unknown status "${status}": expected one of ${STATUSES.join(', ')}.`);
  }
  if (resolvedAt !== undefined) assertValid({ resolved_at: resolvedAt }, 'Cannot set the resolution time');
  const doc = load(text);
  const map = doc.contents as YAMLMap;
  setOrdered(doc, map, 'status', status, INCIDENT_KEYS);
  if (resolvedAt !== undefined) setOrdered(doc, map, 'resolved_at', resolvedAt, INCIDENT_KEYS);
  return dump(doc, text);
}

export function newIncidentText(fields: NewIncidentFields): string {
  const { id, title, severity, status, startedAt, services, url, source, summary } = fields;
  const raw = given({ id, title, severity, status, started_at: startedAt, services, url, source: source && { provider: source.provider, id: source.id }, summary });

  const doc = new Document(raw);
  const map = doc.contents as YAMLMap;
  map.commentBefore = ` Incident ${id}. Edit freely: Incident Lens keeps comments, key order and extra fields when it writes.`;
  for (const key of ['services', 'source']) {
    const node = map.get(key, true);
    if (isCollection(node)) node.flow = true;
  }
  const statusNode = map.get('status', true);
  if (isScalar(statusNode)) statusNode.comment = ` ${STATUSES.join(' | ')}`;

  const text = doc.toString({ lineWidth: 0 });
  // The caller has checked the severity against .incidents/config.yaml; everything else is checked here.
  const error = parseIncidentFile(text, { severities: [severity] }).problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`Cannot create the incident: ${error.message}`);
  return text;
}

/** Parses `text` for editing, or says in the user's terms why it cannot be edited. */
function load(text: string): Parsed {
  const doc = parseDocument(text, { uniqueKeys: true });
  const [syntax] = doc.errors;
  if (syntax) {
    const where = syntax.linePos?.[0];
    const message = (syntax.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new Error(`The incident file is not valid YAML: ${message}${where ? ` (line ${where.line}, column ${where.col})` : ''}.`);
  }
  if (!isMap(doc.contents)) throw new Error('The file is not an incident: it must be a YAML mapping with id, title, severity and status.');
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    throw new Error(`The incident file could not be read: ${(error as Error).message}`);
  }
  // As in parseIncidentFile: a broken link, note or review entry costs only that entry, an unknown field
  // only a warning; anything else means the file no longer stands for an incident.
  const fatal = validateIncidentValue(value).find(
    (e) => e.keyword !== 'additionalProperties' && !/^\/(?:(?:links|notes)\/\d+|review)(\/|$)/.test(e.instancePath),
  );
  if (fatal) throw new Error(`The incident file is not valid: ${describeSchemaError(fatal)} Fix it, then try again.`);
  return doc;
}

/** Renders the edited document in the file's own indentation, line endings and line lengths. */
function dump(doc: Document, original: string): string {
  let text = doc.toString(styleOf(original));
  if (original.includes('\r\n')) text = text.replace(/\r?\n/g, '\r\n');
  if (original.startsWith('\uFEFF')) text = `\uFEFF${text}`;
  return text;
}

function styleOf(original: string): ToStringOptions {
  const indent = /:[ \t]*(?:#.*)?\r?\n( +)\S/.exec(original)?.[1]?.length;
  // yaml pads all flow collections or none: follow the style most of the file uses.
  const padded = original.match(/[:-] [[{] [^\s\]}]/g)?.length ?? 0;
  const unpadded = original.match(/[:-] [[{][^\s\]}]/g)?.length ?? 0;
  return {
    lineWidth: 0, // never fold a long line the user wrote on one line
    indent: indent && indent <= 8 ? indent : 2,
    indentSeq: !/^[^\s#][^:\n]*:[ \t]*(?:#.*)?\r?\n-[ \t]/m.test(original),
    flowCollectionPadding: padded >= unpadded,
  };
}

/** Parses a tiny incident holding `fields` and throws the first error: the same rules as the file. */
function assertValid(fields: Record<string, unknown>, action: string): void {
  const probe = stringify({ id: 'PROBE', title: 'probe', severity: 'SEV1', status: 'triage', ...fields });
  const error = parseIncidentFile(probe).problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`${action}: ${error.message}`);
}

function appendEntry(doc: Parsed, text: string, key: 'links' | 'notes', raw: Record<string, unknown>): string {
  const node = doc.createNode(raw);
  const code = node.get('code', true);
  if (isCollection(code)) code.flow = true; // { path: src/a.ts, lines: 51-53 }
  const map = doc.contents as YAMLMap;
  const list = map.get(key, true);
  if (!isSeq(list)) {
    setOrdered(doc, map, key, doc.createNode([node]), INCIDENT_KEYS);
    return dump(doc, text);
  }
  // Usually notes, at the end: then the entry goes after the file's last line and no other line changes.
  const appendsText = map.items.at(-1)?.value === list && !list.flow && list.items.length > 0 && text.slice(list.range?.[1]).trim() === '';
  const last = list.items.at(-1);
  if (isCollection(last)) {
    node.flow = last.flow; // a new entry looks like the one before it
    node.spaceBefore = last.spaceBefore;
  }
  if (list.items.length === 0) list.flow = false; // `notes: []` grows into a block list
  if (!appendsText) {
    list.items.push(node);
    return dump(doc, text);
  }
  const start = list.range?.[0] ?? 0;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  const entry = dump(new Document([node]), text).replace(/^(?=[^\r\n])/gm, ' '.repeat(column));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const head = text.slice(0, list.range?.[1]);
  return `${head}${head.endsWith('\n') ? '' : eol}${node.spaceBefore ? eol : ''}${entry.replace(/^\uFEFF/, '')}`;
}

function setOrdered(doc: Parsed, map: YAMLMap, key: string, value: unknown, order: readonly string[]): void {
  // set() on an existing scalar keeps the node, and so its comment and quoting style.
  if (map.has(key)) return map.set(key, value);
  const rank = order.indexOf(key);
  const next = map.items.findIndex((pair) => order.indexOf(keyOf(pair)) > rank);
  map.items.splice(next < 0 ? map.items.length : next, 0, doc.createPair(key, value) as Pair<unknown, unknown>);
}

function linkAt(doc: Parsed, index: number): YAMLMap {
  const links = itemsOf(doc, 'links');
  const link = Number.isInteger(index) ? links[index] : undefined;
  if (!isMap(link)) {
    throw new Error(`The incident has no link number ${index + 1} (it has ${links.length}); it may have been changed by someone else. Reload and try again.`);
  }
  return link;
}

function itemsOf(doc: Parsed, key: 'links' | 'notes'): unknown[] {
  const list = (doc.contents as YAMLMap).get(key, true);
  return isSeq(list) ? list.items : [];
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** `./src//a.ts` as `src/a.ts`; an unsafe path is kept as given so that validation rejects it. */
function cleanPath(path: string): string {
  return unsafePathReason(path) ? path : normalizePath(path);
}

function formatLines(lines: LineRange): string | number {
  return lines.start === lines.end ? lines.start : `${lines.start}-${lines.end}`;
}

/** The fields in the order the file format lists them, leaving out those not given. */
function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

function rawNote({ at, author, kind, text, code }: Note): Record<string, unknown> {
  return given({ at, author, kind, text, code: code && rawCode(code) });
}

function rawCode({ path, lines, commit }: CodeRef): Record<string, unknown> {
  return given({ path: cleanPath(path), lines: lines && formatLines(lines), commit });
}

function rawLink({ path, symbol, lines, fingerprint, commit, role, note }: Link): Record<string, unknown> {
  return given({ path: cleanPath(path), symbol, lines: lines && formatLines(lines), fingerprint, commit, role, note });
}
