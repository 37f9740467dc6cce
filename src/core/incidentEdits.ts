// Edits to an incident file's text, lossless: each edit finds what it changes in the parsed
// Document and splices exactly those characters (yamlSplice.ts), so every other byte of the
// file (comments and their alignment, key order, unknown fields, blank lines, quoting, flow or
// block style, BOM and line endings) stays as the author wrote it. Values are written so that
// they read back as given (incidentYaml.ts). Pure: text in, text out; every function throws an
// Error whose message the caller can show.
import { Document, isMap, LineCounter, isScalar, isSeq, stringify, type Node, type Pair, type ToStringOptions, type YAMLMap, type YAMLSeq } from 'yaml';
import { describeSchemaError, validateIncidentValue } from './incidentSchema';
import { parseIncidentYaml, quoteWhereNeeded, scalarSource } from './incidentYaml';
import { STATUSES, type CodeRef, type Incident, type LineRange, type Link, type Note, type Status } from './model';
import { parseIncidentFile } from './parseIncident';
import { normalizePath, unsafePathReason } from './paths';
import { appendItem, applySplices, eolOf, insertPair, removeItem, removePair, render, replaceScalar, type Splice } from './yamlSplice';

export type LinkChanges = Partial<Pick<Link, 'path' | 'lines' | 'fingerprint' | 'commit' | 'symbol'>>;

export type NewIncidentFields = Pick<Incident, 'id' | 'title' | 'severity' | 'status'> &
  Partial<Pick<Incident, 'startedAt' | 'services' | 'summary' | 'url' | 'source'>>;

// Where a missing key goes: the order of the file format (DESIGN.md, "Data").
const INCIDENT_KEYS = ['id', 'title', 'severity', 'status', 'started_at', 'resolved_at', 'services', 'url', 'source', 'summary', 'responders', 'links', 'notes'];
const LINK_KEYS = ['path', 'symbol', 'lines', 'fingerprint', 'commit', 'role', 'note'];
const MAX_ALIASES = 64;
/** Schema errors at these paths cost the edit nothing: a broken link, note or review entry, or the review as a whole. */
const TOLERATED = /^\/(?:(?:links|notes)\/\d+|review)(\/|$)/;

type Parsed = Document.Parsed;

export function appendNote(text: string, note: Note): string {
  const raw = rawNote(note);
  assertValid({ notes: [raw] }, 'Cannot add the note');
  return appendEntry(loadForEdit(text), text, 'notes', raw);
}

/**
 * `appendNote`'s result, found by reading lines instead of parsing the file: for the hot path
 * of a live incident (a note a minute into a file that may hold thousands of links), where a
 * parse of the whole file costs a second. Recognises only the plain layout, a top-level block
 * `notes:` list of items; undefined for anything else (no list yet, a flow list, a second
 * `notes:` line), and the caller then uses appendNote. Unchecked: the caller must parse the
 * result and confirm it reads as the incident before plus this note (noteWriter.ts does),
 * since a file that only looks plain (a block scalar ending in a `#` line) can fool a line reader.
 */
export function appendNoteByLines(text: string, note: Note): string | undefined {
  const raw = rawNote(note);
  assertValid({ notes: [raw] }, 'Cannot add the note');
  const keys = [...text.matchAll(/^notes:[ \t]*(?:#[^\r\n]*)?\r?$/gm)];
  const key = keys[0];
  if (keys.length !== 1 || key?.index === undefined) return undefined;
  // The list's lines: indented, list items, comments and blank lines, up to the next top-level key or document marker.
  const lines: { start: number; end: number; text: string }[] = [];
  for (let start = text.indexOf('\n', key.index) + 1; start > 0 && start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    const line = text.slice(start, end).replace(/\r?\n$/, '');
    if (/^(?:---|\.\.\.)(?:\s|$)/.test(line) || !/^(?:[ \t]|-[ \t]|-$|#|$)/.test(line)) break;
    lines.push({ start, end, text: line });
    start = end;
  }
  const content = lines.filter((line) => !/^[ \t]*(?:#.*)?$/.test(line.text));
  const first = content[0];
  const last = content.at(-1);
  const column = /^( *)- /.exec(first?.text ?? '')?.[1]?.length;
  if (!first || !last || column === undefined) return undefined;
  const itemStart = (line: { text: string }) => line.text.startsWith(`${' '.repeat(column)}- `) || line.text === `${' '.repeat(column)}-`;
  const items = content.filter(itemStart);
  const lastItem = items.at(-1) as (typeof lines)[number];
  const style = styleOf(text);
  const eol = eolOf(text);
  const doc = parseIncidentYaml('');
  const node = quoteWhereNeeded(doc.createNode(raw)) as YAMLMap;
  const code = node.get('code', true);
  if (isMap(code)) code.flow = true;
  // A new entry looks like the one before it (block or flow), and is spaced like it by a blank line.
  const block = lastItem.text.slice(column).startsWith('- {') ? `- ${render(node, style, true)}\n` : render(doc.createNode([node]) as Node, style, false);
  const before = lines[lines.indexOf(lastItem) - 1];
  const spaced = items.length > 1 && before !== undefined && /^[ \t]*$/.test(before.text);
  const at = last.end;
  const needsBreak = at === text.length && !text.endsWith('\n');
  const pad = ' '.repeat(column);
  const indented = block.split('\n').map((line) => (line === '' ? line : pad + line)).join('\n').replace(/\n/g, eol);
  return text.slice(0, at) + (needsBreak ? eol : '') + (spaced ? eol : '') + indented + text.slice(at);
}

export function addLink(text: string, link: Link): string {
  const raw = rawLink(link);
  assertValid({ links: [raw] }, 'Cannot add the link');
  return appendEntry(loadForEdit(text), text, 'links', raw);
}

export function removeLink(text: string, index: number): string {
  const doc = loadForEdit(text);
  linkAt(doc, index);
  const { key, seq } = listOf(doc, 'links');
  return checked(text, applySplices(text, removeItem(text, seq as YAMLSeq, index, key as Node)));
}

/**
 * Where `link` (as parsed) stands in the file's raw `links` list. Parsing drops invalid
 * links, so a parsed position is not a raw index; path, lines, symbol and role identify it.
 */
export function indexOfLink(text: string, link: Pick<Link, 'path' | 'lines' | 'symbol' | 'role'>): number {
  const links = loadForEdit(text).toJS({ maxAliasCount: MAX_ALIASES }).links as unknown;
  if (!Array.isArray(links)) return -1;
  const wantedLines = link.lines ? formatLines(link.lines) : undefined;
  return links.findIndex((raw: Record<string, unknown> | null) => raw !== null && typeof raw === 'object'
    && cleanPath(String(raw.path)) === link.path && raw.role === link.role && (raw.symbol ?? undefined) === link.symbol
    && String(raw.lines ?? '') === String(wantedLines ?? ''));
}

/** Sets each field given; a field given as undefined is removed from the link. */
export function updateLink(text: string, index: number, changes: LinkChanges): string {
  const doc = loadForEdit(text);
  const link = linkAt(doc, index);
  const wanted = Object.entries(changes).map(([key, value]) => [key, value === undefined ? undefined
    : key === 'lines' ? formatLines(value as LineRange) : key === 'path' ? cleanPath(String(value)) : value] as const);
  assertValid({ links: [{ ...(link.toJS(doc) as object), ...Object.fromEntries(wanted.filter(([, v]) => v !== undefined)) }] }, 'Cannot change the link');

  const splices: Splice[] = [];
  // New keys go after the pair the format puts before them; several new keys after one pair keep the format's order.
  for (const [key, value] of [...wanted].sort(([a], [b]) => LINK_KEYS.indexOf(a) - LINK_KEYS.indexOf(b))) {
    const pair = pairOf(link, key);
    if (value === undefined) {
      if (pair) splices.push(removePair(text, link, pair));
    } else if (pair && isScalar(pair.value)) {
      if (String(pair.value.value) !== String(value)) splices.push(replaceScalar(text, pair.value, scalarSource(value as string | number, key, pair.value.type)));
    } else if (pair) {
      throw new Error(`The link's ${key} is not a single value in the file; change it by hand.`);
    } else {
      splices.push(insertPair(text, link, pairBefore(link, key, LINK_KEYS), key, ` ${scalarSource(value as string | number, key)}`));
    }
  }
  return checked(text, applySplices(text, ordered(splices)));
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
  const doc = loadForEdit(text);
  const splices: Splice[] = [];
  const rename = (ref: unknown) => {
    const path = isMap(ref) ? ref.get('path', true) : undefined;
    if (!isScalar(path) || typeof path.value !== 'string' || unsafePathReason(path.value)) return;
    const current = normalizePath(path.value);
    const moved = current === from ? to : from !== '' && current.startsWith(`${from}/`) ? to + current.slice(from.length) : undefined;
    if (moved !== undefined) splices.push(replaceScalar(text, path, scalarSource(moved, 'path', path.type)));
  };
  itemsOf(doc, 'links').forEach(rename);
  itemsOf(doc, 'notes').forEach((note) => rename(isMap(note) ? note.get('code', true) : undefined));
  return splices.length === 0 ? text : checked(text, applySplices(text, splices));
}

/** Sets the status, and resolved_at when given; an existing resolved_at is otherwise left as is. */
export function setStatus(text: string, status: Status, resolvedAt?: string): string {
  if (!(STATUSES as readonly string[]).includes(status)) {
    throw new Error(`Unknown status "${status}": expected one of ${STATUSES.join(', ')}.`);
  }
  if (resolvedAt !== undefined) assertValid({ resolved_at: resolvedAt }, 'Cannot set the resolution time');
  const doc = loadForEdit(text);
  const map = doc.contents as YAMLMap;
  const splices = [setTopLevel(text, map, 'status', status)];
  if (resolvedAt !== undefined) splices.push(setTopLevel(text, map, 'resolved_at', resolvedAt));
  return checked(text, applySplices(text, ordered(splices.filter((s): s is Splice => s !== undefined))));
}

export function newIncidentText(fields: NewIncidentFields): string {
  const { id, title, severity, status, startedAt, services, url, source, summary } = fields;
  const raw = given({ id, title, severity, status, started_at: startedAt, services, url, source: source && { provider: source.provider, id: source.id }, summary });

  const doc = new Document(raw);
  const map = doc.contents as YAMLMap;
  quoteWhereNeeded(map);
  map.commentBefore = ` Incident ${id}. Edit freely: Incident Lens keeps comments, key order and extra fields when it writes.`;
  for (const key of ['services', 'source']) {
    const node = map.get(key, true);
    if (isMap(node) || isSeq(node)) node.flow = true;
  }
  const statusNode = map.get('status', true);
  if (isScalar(statusNode)) statusNode.comment = ` ${STATUSES.join(' | ')}`;

  const text = doc.toString({ lineWidth: 0 });
  // The caller has checked the severity against .incidents/config.yaml; everything else is checked here.
  const error = parseIncidentFile(text, { severities: [severity] }).problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`Cannot create the incident: ${error.message}`);
  return text;
}

/**
 * Parses `text` for editing (as written: incidentYaml.ts), or says in the user's terms why it
 * cannot be edited. Schema errors at paths `tolerated` matches do not stop an edit.
 */
export function loadForEdit(text: string, tolerated: RegExp = TOLERATED): Parsed {
  const lines = new LineCounter();
  const doc = parseIncidentYaml(text, lines);
  const [syntax] = doc.errors;
  if (syntax) {
    const where = lines.linePos(syntax.pos[0]);
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
  const fatal = validateIncidentValue(value).find((e) => e.keyword !== 'additionalProperties' && !tolerated.test(e.instancePath));
  if (fatal) throw new Error(`The incident file is not valid: ${describeSchemaError(fatal)} Fix it, then try again.`);
  return doc;
}

/** The edited text, if it still parses: a splice that broke the file is a bug, never a write. */
function checked(before: string, after: string): string {
  if (after === before) return before;
  const doc = parseIncidentYaml(after);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new Error(`Incident Lens could not make this edit without breaking the file (${doc.errors[0]?.message.split('\n')[0] ?? 'not a mapping'}); nothing was changed. Please report this.`);
  }
  return after;
}

/** The file's style for new entries: indentation, sequence indentation, flow padding. */
export function styleOf(original: string): ToStringOptions {
  const indent = /:[ \t]*(?:#.*)?\r?\n( +)\S/.exec(original)?.[1]?.length;
  const padded = original.match(/[:-] [[{] [^\s\]}]/g)?.length ?? 0;
  const unpadded = original.match(/[:-] [[{][^\s\]}]/g)?.length ?? 0;
  return {
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
  const style = styleOf(text);
  const eol = eolOf(text);
  const node = quoteWhereNeeded(doc.createNode(raw)) as YAMLMap;
  const code = node.get('code', true);
  if (isMap(code)) code.flow = true; // { path: src/a.ts, lines: 51-53 }
  const map = doc.contents as YAMLMap;
  const { key: keyNode, seq } = listOf(doc, key);
  if (!isSeq(seq)) {
    if (pairOf(map, key)) throw new Error(`The incident's ${key} is not a list; fix it by hand, then try again.`);
    const column = style.indentSeq ? style.indent ?? 2 : 0;
    const block = render(doc.createNode([node]) as Node, style, false).trimEnd().replace(/^(?=[^\r\n])/gm, ' '.repeat(column)).replace(/\r?\n/g, eol);
    return checked(text, applySplices(text, [insertPair(text, map, pairBefore(map, key, INCIDENT_KEYS), key, eol + block)]));
  }
  const last = seq.items.at(-1);
  // A new entry looks like the one before it: block or flow.
  const block = isMap(last) && last.flow && !seq.flow ? `- ${render(node, style, true)}\n` : render(doc.createNode([node]) as Node, style, false);
  const after = applySplices(text, appendItem(text, seq, block, render(node, style, true), style.indent ?? 2, keyNode as Node));
  // The hot path while an incident is live (a note a minute into a file that only grows) is whole
  // lines that yaml rendered, after a block list's last line: not re-parsed, since that would double
  // the cost of a note; the property test (test/unit/property) holds this splice to parsing.
  return seq.flow ? checked(text, after) : after;
}

function setTopLevel(text: string, map: YAMLMap, key: string, value: string): Splice | undefined {
  const pair = pairOf(map, key);
  if (pair && isScalar(pair.value)) {
    return String(pair.value.value) === value ? undefined : replaceScalar(text, pair.value, scalarSource(value, key, pair.value.type));
  }
  if (pair) throw new Error(`The incident's ${key} is not a single value; fix it by hand, then try again.`);
  return insertPair(text, map, pairBefore(map, key, INCIDENT_KEYS), key, ` ${scalarSource(value, key)}`);
}

/** The last pair of `map` that the format puts before `key` (undefined: `key` goes first). */
function pairBefore(map: YAMLMap, key: string, order: readonly string[]): Pair | undefined {
  const rank = order.indexOf(key);
  const next = map.items.findIndex((pair) => order.indexOf(keyOf(pair)) > rank);
  const index = (next < 0 ? map.items.length : next) - 1;
  // A list item's first key shares its line with `- ` and never moves: a new key goes after it.
  return map.items[index] ?? (order === LINK_KEYS && !map.flow ? map.items[0] : undefined);
}

/** Splices at one position apply in the order they were made (applySplices goes back to front). */
function ordered(splices: Splice[]): Splice[] {
  return splices.map((splice, i) => ({ ...splice, order: i })).sort((a, b) => a.start - b.start || b.order - a.order);
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => keyOf(pair) === key);
}

function listOf(doc: Parsed, key: 'links' | 'notes'): { key: Node | undefined; seq: unknown } {
  const pair = pairOf(doc.contents as YAMLMap, key);
  return { key: pair?.key as Node | undefined, seq: pair?.value };
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
