// Edits to an incident file's review block: add a lesson, add a follow-up, set a follow-up's
// status. Like incidentEdits.ts, yaml's Document API changes only the nodes touched, so comments,
// key order and unknown fields survive. Pure: text in, text out; every function throws an Error
// whose message the caller can show, and leaves validation to the same rules as the file.
import { Document, isMap, isScalar, isSeq, parseDocument, stringify, type YAMLMap, type YAMLSeq } from 'yaml';
import { describeSchemaError, validateIncidentValue } from './incidentSchema';
import { FOLLOW_UP_STATUSES, type FollowUp, type FollowUpStatus, type Lesson } from './model';
import { parseIncidentFile } from './parseIncident';

const MAX_ALIASES = 64;
type Parsed = Document.Parsed;

/** Appends `lesson` to review.lessons, creating the review block (at the end of the file) if needed. */
export function addLesson(text: string, lesson: Lesson): string {
  const doc = load(text);
  const raw = given({ practice: lesson.practice.trim(), text: lesson.text.trim(), links: lesson.links && lesson.links.length > 0 ? [...lesson.links] : undefined });
  assertValid({ review: { lessons: [raw] } }, 'Cannot add the lesson');
  const linkCount = listAt(doc, ['links'])?.items.length ?? 0;
  const missing = lesson.links?.find((index) => index >= linkCount);
  if (missing !== undefined) throw new Error(`Cannot add the lesson: the incident has no link ${missing} (it has ${linkCount}, numbered from 0).`);
  return appendEntry(text, doc, 'lessons', raw);
}

/** Appends `followUp` to review.follow_ups (status open unless given), creating the review block if needed. */
export function addFollowUp(text: string, followUp: Omit<FollowUp, 'status'> & { status?: FollowUpStatus }): string {
  const doc = load(text);
  const { title, owner, status = 'open', url, openedAt } = followUp;
  const raw = given({ title: title.trim(), owner: owner?.trim() || undefined, status, url: url?.trim() || undefined, opened_at: openedAt });
  assertValid({ review: { follow_ups: [raw] } }, 'Cannot add the follow-up');
  return appendEntry(text, doc, 'follow_ups', raw);
}

/**
 * Sets the status of review.follow_ups[index] (the index as written in the file, from 0), in place.
 * With `expectedTitle`, refuses when the follow-up there has another title (the file changed since it was shown).
 */
export function setFollowUpStatus(text: string, index: number, status: FollowUpStatus, expectedTitle?: string): string {
  if (!(FOLLOW_UP_STATUSES as readonly string[]).includes(status)) {
    throw new Error(`Unknown follow-up status "${String(status)}": expected one of ${FOLLOW_UP_STATUSES.join(', ')}.`);
  }
  const doc = load(text);
  const items = listAt(doc, ['review', 'follow_ups'])?.items ?? [];
  const item = Number.isInteger(index) ? items[index] : undefined;
  if (!isMap(item)) {
    throw new Error(`The review has no follow-up number ${index + 1} (it has ${items.length}); it may have been changed by someone else. Reload and try again.`);
  }
  if (expectedTitle !== undefined && String(item.get('title') ?? '') !== expectedTitle) {
    throw new Error(`Follow-up number ${index + 1} is no longer "${expectedTitle.slice(0, 80)}"; the file was changed. Reload and try again.`);
  }
  const current = item.get('status', true);
  if (isScalar(current) && current.value === status) return text;
  // A status as written is replaced where it stands: every other byte stays.
  if (isScalar(current) && current.range) return checked(text, splice(text, current.range[0], current.range[1], status), 'follow_ups', 0);
  item.set('status', status);
  return checked(text, dump(doc, text), 'follow_ups', 0);
}

/**
 * Appends one entry to review.<key> by inserting its lines where the list (or the review) ends,
 * so no other byte of the file changes; only a review written in flow style (`review: { ... }`)
 * is re-rendered through the Document.
 */
function appendEntry(text: string, doc: Parsed, key: 'lessons' | 'follow_ups', raw: Record<string, unknown>): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const step = styleOf(text);
  const item = renderItem(raw);
  const review = (doc.contents as YAMLMap).get('review', true);
  let result: string | undefined;
  if (review === undefined) {
    const block = `review:\n${indent(`${key}:\n${indent(item, step.seq)}`, step.indent)}`;
    result = insertLines(text, text.length, block, eol);
  } else if (isMap(review) && !review.flow && review.items.length > 0 && review.range) {
    const list = review.get(key, true);
    if (isSeq(list) && !list.flow && list.items.length > 0 && list.range) {
      result = insertLines(text, list.range[1], indent(item, columnOf(text, list.range[0])), eol);
    } else if (list === undefined) {
      const column = columnOf(text, review.range[0]);
      const block = indent(`${key}:\n${indent(item, step.seq)}`, column);
      // Lessons go first in the review, follow-ups last, as the format lists them.
      result = key === 'lessons' ? insertLines(text, review.range[0] - column, block, eol) : insertLines(text, review.range[1], block, eol);
    }
  }
  if (result === undefined) {
    if (!isMap(review) && review !== null && !(isScalar(review) && review.value === null)) throw new Error('The incident\'s review is not a mapping; fix it by hand, then try again.');
    result = appendThroughDocument(doc, text, key, raw);
  }
  return checked(text, result, key, 1);
}

/** The fallback for a review in flow style or an empty one: yaml's Document renders the file. */
function appendThroughDocument(doc: Parsed, text: string, key: 'lessons' | 'follow_ups', raw: Record<string, unknown>): string {
  const map = doc.contents as YAMLMap;
  const found = map.get('review', true);
  const reviewMap = isMap(found) ? found : (doc.createNode({}) as YAMLMap);
  if (!isMap(found)) map.set('review', reviewMap);
  const list = reviewMap.get(key, true);
  const node = doc.createNode(raw) as YAMLMap;
  const links = node.get('links', true);
  if (isSeq(links)) links.flow = true;
  if (list === undefined || (isScalar(list) && list.value === null)) reviewMap.set(key, doc.createNode([node]));
  else if (isSeq(list)) list.items.push(node);
  else throw new Error(`The review's ${key} is not a list; fix it by hand, then try again.`);
  return dump(doc, text);
}

/** One list entry as block YAML: `- practice: alerting\n  text: ...\n`, values quoted where YAML would misread them. */
function renderItem(raw: Record<string, unknown>): string {
  const doc = new Document([raw]);
  const links = doc.getIn([0, 'links'], true);
  if (isSeq(links)) links.flow = true; // links: [0, 2]
  return doc.toString({ lineWidth: 0, indent: 2, flowCollectionPadding: false });
}

/** `lines` (ending in \n) inserted at `offset`, on a line of their own, in the file's line endings. */
function insertLines(text: string, offset: number, lines: string, eol: string): string {
  const before = text.slice(0, offset);
  const lead = before === '' || before.endsWith('\n') ? '' : eol;
  return `${before}${lead}${lines.replace(/\r?\n/g, eol)}${text.slice(offset)}`;
}

function indent(lines: string, columns: number): string {
  return lines.replace(/^(?=[^\r\n])/gm, ' '.repeat(columns));
}

function columnOf(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

function splice(text: string, start: number, end: number, value: string): string {
  return text.slice(0, start) + value + text.slice(end);
}

/** The file's indentation step and how far list items sit under their key. */
function styleOf(text: string): { indent: number; seq: number } {
  const step = /:[ \t]*(?:#.*)?\r?\n( +)\S/.exec(text)?.[1]?.length;
  const indentStep = step && step <= 8 ? step : 2;
  return { indent: indentStep, seq: /^[^\s#][^:\n]*:[ \t]*(?:#.*)?\r?\n-[ \t]/m.test(text) ? 0 : indentStep };
}

/**
 * The edited text, if it reads back with `added` more entries in review.<key> and everything else
 * as it was: an edit that would change anything else is a bug, never a write.
 */
function checked(before: string, after: string, key: 'lessons' | 'follow_ups', added: number): string {
  const read = (text: string) => parseIncidentFile(text.replace(/^\uFEFF/, '')).incident;
  const was = read(before);
  const now = read(after);
  const count = (incident: typeof now) => (key === 'lessons' ? incident?.review?.lessons.length : incident?.review?.followUps.length) ?? 0;
  const same = now !== undefined && was !== undefined && JSON.stringify({ ...now, review: undefined }) === JSON.stringify({ ...was, review: undefined });
  if (!same || count(now) !== count(was) + added) {
    throw new Error('Incident Lens could not make this edit without changing other parts of the file; nothing was changed. Please report this.');
  }
  return after;
}

function listAt(doc: Parsed, path: string[]): YAMLSeq | undefined {
  const node = doc.getIn(path, true);
  return isSeq(node) ? node : undefined;
}

/** Parses `text` for editing, or says in the user's terms why it cannot be edited (the rules of incidentEdits.ts). */
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
  const fatal = validateIncidentValue(value).find(
    (e) => e.keyword !== 'additionalProperties' && !/^\/(?:(?:links|notes)\/\d+|review\/(?:lessons|follow_ups)\/\d+)(\/|$)/.test(e.instancePath),
  );
  if (fatal) throw new Error(`The incident file is not valid: ${describeSchemaError(fatal)} Fix it, then try again.`);
  return doc;
}

/** Renders the edited document keeping the file's line endings, BOM and long lines. */
function dump(doc: Document, original: string): string {
  const indent = /:[ \t]*(?:#.*)?\r?\n( +)\S/.exec(original)?.[1]?.length;
  let text = doc.toString({
    lineWidth: 0,
    indent: indent && indent <= 8 ? indent : 2,
    indentSeq: !/^[^\s#][^:\n]*:[ \t]*(?:#.*)?\r?\n-[ \t]/m.test(original),
  });
  if (original.includes('\r\n')) text = text.replace(/\r?\n/g, '\r\n');
  if (original.startsWith('\uFEFF') && !text.startsWith('\uFEFF')) text = `\uFEFF${text}`;
  return text;
}

/** Parses a tiny incident holding `fields` and throws its first error: the same rules as the file. */
function assertValid(fields: Record<string, unknown>, action: string): void {
  const probe = stringify({ id: 'PROBE', title: 'probe', severity: 'SEV1', status: 'resolved', links: [], ...fields });
  const error = parseIncidentFile(probe).problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`${action}: ${error.message}`);
}

function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
