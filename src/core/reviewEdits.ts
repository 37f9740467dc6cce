// Edits to an incident file's review block: add a lesson, add a follow-up, set a follow-up's
// status. Lossless, on the same layer as incidentEdits.ts: each edit finds what it changes in
// the file as written (parsed with incidentYaml.ts's failsafe rule) and splices exactly those
// characters (yamlSplice.ts), so every other byte (comments, key order, unknown fields, quoting,
// flow or block style, BOM and line endings) stays as the author wrote it. New values are
// written so that every YAML tool reads them back as given. Pure: text in, text out; every
// function throws an Error whose message the caller can show.
import { isMap, isScalar, isSeq, stringify, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import { loadForEdit, styleOf } from './incidentEdits';
import { quoteWhereNeeded, scalarSource } from './incidentYaml';
import { FOLLOW_UP_STATUSES, type FollowUp, type FollowUpStatus, type Lesson } from './model';
import { parseIncidentFile } from './parseIncident';
import { appendItem, applySplices, asLines, columnOf, eolOf, insertPair, nextLineStart, render, replaceScalar, type Splice } from './yamlSplice';

type ReviewList = 'lessons' | 'follow_ups';

/** Appends `lesson` to review.lessons, creating the review block (after the file's last field) if needed. */
export function addLesson(text: string, lesson: Lesson): string {
  const raw = given({ practice: lesson.practice.trim(), text: lesson.text.trim(), links: lesson.links && lesson.links.length > 0 ? [...lesson.links] : undefined });
  assertValid({ review: { lessons: [raw] } }, 'Cannot add the lesson');
  const doc = load(text);
  const links = (doc.contents as YAMLMap).get('links', true);
  const linkCount = isSeq(links) ? links.items.length : 0;
  const missing = lesson.links?.find((index) => index >= linkCount);
  if (missing !== undefined) throw new Error(`Cannot add the lesson: the incident has no link ${missing} (it has ${linkCount}, numbered from 0).`);
  return appendEntry(text, doc, 'lessons', raw);
}

/** Appends `followUp` to review.follow_ups (status open unless given), creating the review block if needed. */
export function addFollowUp(text: string, followUp: Omit<FollowUp, 'status'> & { status?: FollowUpStatus }): string {
  const { title, owner, status = 'open', url, openedAt } = followUp;
  const raw = given({ title: title.trim(), owner: owner?.trim() || undefined, status, url: url?.trim() || undefined, opened_at: openedAt });
  assertValid({ review: { follow_ups: [raw] } }, 'Cannot add the follow-up');
  return appendEntry(text, load(text), 'follow_ups', raw);
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
  const list = listOf(reviewOf(doc), 'follow_ups');
  const items = isSeq(list?.value) ? list.value.items : [];
  const item = Number.isInteger(index) ? items[index] : undefined;
  if (!isMap(item)) {
    throw new Error(`The review has no follow-up number ${index + 1} (it has ${items.length}); it may have been changed by someone else. Reload and try again.`);
  }
  const title = item.get('title');
  if (expectedTitle !== undefined && (typeof title === 'string' ? title : '') !== expectedTitle) {
    throw new Error(`Follow-up number ${index + 1} is no longer "${expectedTitle.slice(0, 80)}"; the file was changed. Reload and try again.`);
  }
  const current = pairOf(item, 'status')?.value;
  if (!isScalar(current)) throw new Error(`Follow-up number ${index + 1} has no single status value in the file; fix it by hand, then try again.`);
  if (current.value === status) return text;
  const splice = replaceScalar(text, current, scalarSource(status, 'status', current.type));
  return checked(text, applySplices(text, [splice]), 'follow_ups', 0);
}

/**
 * Appends one entry to review.<key>: after the list's last item; as a new list in the review
 * (lessons first, follow-ups last, as the format lists them); or as a new review after the
 * file's last field. Block or flow, as the review around it is written.
 */
function appendEntry(text: string, doc: Document.Parsed, key: ReviewList, raw: Record<string, unknown>): string {
  const style = styleOf(text);
  const step = style.indent ?? 2;
  const seqStep = style.indentSeq === false ? 0 : step;
  const eol = eolOf(text);
  const node = quoteWhereNeeded(doc.createNode(raw)) as YAMLMap;
  const links = node.get('links', true);
  if (isSeq(links)) links.flow = true; // links: [0, 2]
  const flowItem = render(node.clone() as YAMLMap, style, true);
  // In block items only `links` is in flow style: bracketed as the file's lists are, `[0]` when it has none.
  const listStyle = { ...style, flowCollectionPadding: (text.match(/[:-] \[ [^\s\]]/g)?.length ?? 0) > (text.match(/[:-] \[[^\s\]]/g)?.length ?? 0) };
  const blockItems = render(doc.createNode([node]) as Node, listStyle, false);
  const top = doc.contents as YAMLMap;
  const reviewPair = pairOf(top, 'review');
  const review = reviewPair?.value;
  let splices: Splice[];
  if (!reviewPair) {
    const block = render(doc.createNode({ [key]: [node] }) as Node, listStyle, false);
    splices = [insertPair(text, top, top.items.at(-1), 'review', eol + indentLines(block, step, eol).trimEnd())];
  } else if (isEmpty(review)) {
    const column = columnOf(text, (reviewPair.key as Node).range?.[0] ?? 0) + step;
    const block = render(doc.createNode({ [key]: [node] }) as Node, listStyle, false);
    splices = [fillEmpty(text, reviewPair, indentLines(block, column, eol), eol)];
  } else {
    const reviewMap = review as YAMLMap;
    const listPair = listOf(reviewMap, key);
    const list = listPair?.value;
    if (!listPair) {
      const value = reviewMap.flow
        ? ` [${flowItem}]`
        : eol + indentLines(blockItems, columnOf(text, (reviewMap.items[0]?.key as Node | undefined)?.range?.[0] ?? 0) + seqStep, eol).trimEnd();
      // Lessons go first in the review, follow-ups last, as the format lists them.
      splices = [insertPair(text, reviewMap, key === 'lessons' ? undefined : reviewMap.items.at(-1), key, value)];
    } else if (isEmpty(list)) {
      const column = columnOf(text, (listPair.key as Node).range?.[0] ?? 0) + seqStep;
      splices = reviewMap.flow ? [replaceScalar(text, list as Scalar, ` [${flowItem}]`)] : [fillEmpty(text, listPair, indentLines(blockItems, column, eol), eol)];
    } else {
      const seq = list as YAMLSeq;
      const last = seq.items.at(-1);
      if (seq.flow && seq.items.length === 0 && reviewMap.flow) {
        // `review: { lessons: [] }` stays in flow style: the item goes between the brackets.
        const open = (seq.range?.[0] ?? 0) + 1;
        splices = [{ start: open, end: open, text: flowItem }];
      } else {
        // A new entry looks like the one before it: block or flow.
        const block = isMap(last) && last.flow && !seq.flow ? `- ${flowItem}\n` : blockItems;
        splices = appendItem(text, seq, block, flowItem, step, listPair.key as Node);
      }
    }
  }
  return checked(text, applySplices(text, splices), key, 1);
}

/** `key:` with nothing after it gets `lines` (whole lines, already indented) on the lines below it. */
function fillEmpty(text: string, pair: Pair, lines: string, eol: string): Splice {
  // An empty value holds nothing past its key's line but a comment (its node's range may run further).
  const at = nextLineStart(text, (pair.key as Node).range?.[1] ?? 0);
  return asLines(text, at, lines, eol);
}

/** Each non-empty line of `lines` indented by `column` spaces, with the file's line ending. */
function indentLines(lines: string, column: number, eol: string): string {
  return lines.replace(/^(?=[^\r\n])/gm, ' '.repeat(column)).replace(/\r?\n/g, eol);
}

/**
 * Parses for editing; the review, if any, must be a mapping whose lists are lists. A broken
 * lesson or follow-up costs the edit nothing, as parsing drops only that entry.
 */
function load(text: string): Document.Parsed {
  const doc = loadForEdit(text);
  const review = reviewOf(doc);
  if (review === undefined) return doc;
  if (!isMap(review)) throw new Error('The incident file is not valid: review must be a mapping. Fix it, then try again.');
  for (const key of ['lessons', 'follow_ups'] as const) {
    const list = listOf(review, key)?.value;
    if (list !== undefined && !isSeq(list) && !isEmpty(list)) throw new Error(`The incident file is not valid: review.${key} must be a list. Fix it, then try again.`);
  }
  return doc;
}

/** The review's node: undefined when the file has none or it is empty (`review:`). */
function reviewOf(doc: Document.Parsed): unknown {
  const value = pairOf(doc.contents as YAMLMap, 'review')?.value;
  return isEmpty(value) ? undefined : value;
}

/** `key:` with no value: failsafe reads it as an empty plain scalar. */
function isEmpty(node: unknown): boolean {
  return node === null || (isScalar(node) && node.value === '' && node.type === 'PLAIN');
}

function listOf(review: unknown, key: ReviewList): Pair | undefined {
  return isMap(review) ? pairOf(review, key) : undefined;
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key)) === key);
}

/**
 * The edited text, if it reads back with `added` more entries in review.<key> and everything else
 * as it was: an edit that would change anything else is a bug, never a write.
 */
function checked(before: string, after: string, key: ReviewList, added: number): string {
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

/** Parses a tiny incident holding `fields` and throws its first error: the same rules as the file. */
function assertValid(fields: Record<string, unknown>, action: string): void {
  const probe = stringify({ id: 'PROBE', title: 'probe', severity: 'SEV1', status: 'resolved', links: [], ...fields });
  const error = parseIncidentFile(probe).problems.find((p) => p.severity === 'error');
  if (error) throw new Error(`${action}: ${error.message}`);
}

function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}
