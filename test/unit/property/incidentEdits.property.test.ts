// Property: random edits through the extension's own edit functions, on random well-formed
// incident files written in many styles (aligned comments, blank lines, BOM, CRLF, flow and
// block lists, indented or flush sequences), leave every line they do not edit byte-identical,
// and the result still parses to the incident with the edit applied.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isMap, isSeq, LineCounter, type Node, type YAMLMap } from 'yaml';
import { addLink, appendNote, appendNoteByLines, removeLink, replaceLinkPaths, setStatus, updateLink } from '../../../src/core/incidentEdits';
import { parseIncidentYaml } from '../../../src/core/incidentYaml';
import { ROLES, STATUSES, type Link, type Note } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';

const word = fc.constantFrom('alpha', 'beta', 'yes', '0042', 'on', '1e3', 'a b', 'x: y', '#tag', "it's", 'null', 'caf\u00e9');
const path = fc.constantFrom('src/a.ts', 'src/b/c.py', 'lib/x.go', 'src/b/d.rs');
const hex = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${min},${max}}$`));
const lines = fc.tuple(fc.integer({ min: 1, max: 90 }), fc.integer({ min: 0, max: 9 })).map(([start, span]) => ({ start, end: start + span }));
const timestamp = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));

const linkArb: fc.Arbitrary<Link> = fc.record({
  path, role: fc.constantFrom(...ROLES),
  symbol: fc.option(fc.constantFrom('A.run', 'Retry.loop'), { nil: undefined }), lines: fc.option(lines, { nil: undefined }),
  fingerprint: fc.option(hex(8, 8), { nil: undefined }), commit: fc.option(hex(7, 7), { nil: undefined }), note: fc.option(word, { nil: undefined }),
}, { requiredKeys: ['path', 'role'] }).map((link) => Object.fromEntries(Object.entries(link).filter(([, v]) => v !== undefined)) as unknown as Link);

const noteArb: fc.Arbitrary<Note> = fc.record({
  at: timestamp, kind: fc.constantFrom('observation', 'hypothesis', 'action', 'decision', 'resolution' as const),
  text: fc.oneof(word, fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim() !== '')),
  author: fc.option(word, { nil: undefined }),
}).map((note) => Object.fromEntries(Object.entries(note).filter(([, v]) => v !== undefined)) as unknown as Note);

/** A random incident file in a random but well-formed style. */
const fileArb = fc.record({
  crlf: fc.boolean(), bom: fc.boolean(), flushSeq: fc.boolean(), comments: fc.array(fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }), { minLength: 40, maxLength: 40 }),
  blank: fc.boolean(), status: fc.constantFrom(...STATUSES), started: fc.option(timestamp, { nil: undefined }), flowServices: fc.boolean(),
  links: fc.array(fc.tuple(linkArb, fc.boolean()), { maxLength: 4 }), notes: fc.oneof(fc.constant('none' as const), fc.constant('empty' as const), fc.array(noteArb, { minLength: 1, maxLength: 3 })),
  extra: fc.boolean(), trailingNewline: fc.boolean(),
}).map((style) => {
  const out: string[] = ['# An incident, written by hand', 'id: INC-42', 'title: "Checkout: retries"', 'severity: SEV2', `status: ${style.status}`];
  if (style.started) out.push(`started_at: ${style.started}`);
  out.push(style.flowServices ? 'services: [ payments, "0042" ]' : 'services:', ...(style.flowServices ? [] : [`${style.flushSeq ? '' : '  '}- payments`]));
  if (style.extra) out.push('team: payments');
  if (style.blank) out.push('');
  const item = style.flushSeq ? '' : '  ';
  const value = (v: string | number) => (typeof v === 'number' || /^[a-z0-9./-]+$/.test(v) && !/^(yes|on|null|\d+|[\d.]*e\d+)$/.test(v) ? String(v) : JSON.stringify(v));
  if (style.links.length > 0) {
    out.push('links:');
    for (const [link, flow] of style.links) {
      const fields = Object.entries({ ...link, lines: link.lines && `${link.lines.start}-${link.lines.end}` }).filter(([, v]) => v !== undefined);
      if (flow) out.push(`${item}- { ${fields.map(([k, v]) => `${k}: ${value(v as string)}`).join(', ')} }`);
      else fields.forEach(([k, v], i) => out.push(`${item}${i === 0 ? '- ' : '  '}${k}: ${value(v as string)}`));
    }
  }
  if (style.notes === 'empty') out.push('notes: []');
  else if (style.notes !== 'none') {
    out.push('notes:');
    for (const note of style.notes) Object.entries(note).forEach(([k, v], i) => out.push(`${item}${i === 0 ? '- ' : '  '}${k}: ${JSON.stringify(v)}`));
  }
  // Trailing comments aligned by spaces on some lines (never on the first, the comment).
  const commented = out.map((line, i) => (i > 0 && line !== '' && style.comments[i] !== undefined ? `${line}${' '.repeat(style.comments[i] ?? 1)}# note ${i}` : line));
  const eol = style.crlf ? '\r\n' : '\n';
  return `${style.bom ? '\uFEFF' : ''}${commented.join(eol)}${style.trailingNewline ? eol : ''}`;
});

type Edit = { name: string; apply: (text: string) => string; touches: (text: string) => Set<number> };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.tuple(fc.constantFrom(...STATUSES), fc.option(timestamp, { nil: undefined })).map(([status, at]) => ({
    name: `setStatus ${status} ${at}`, apply: (t: string) => setStatus(t, status, at), touches: (t: string) => linesOfKeys(t, ['status', 'resolved_at']),
  })),
  noteArb.map((note) => ({ name: `appendNote ${JSON.stringify(note)}`, apply: (t: string) => appendNote(t, note), touches: (t: string) => flowListLines(t, 'notes') })),
  linkArb.map((link) => ({ name: `addLink ${JSON.stringify(link)}`, apply: (t: string) => addLink(t, link), touches: (t: string) => flowListLines(t, 'links') })),
  fc.nat(3).map((i) => ({ name: `removeLink ${i}`, apply: (t: string) => removeLink(t, i), touches: (t: string) => new Set([...linkLines(t, i), ...flowListLines(t, 'links'), ...linesOfKeys(t, ['links'])]) })),
  fc.tuple(fc.nat(3), fc.record({ lines: fc.option(lines, { nil: undefined }), commit: hex(7, 12), symbol: fc.option(fc.constant('B.go'), { nil: undefined }) }, { requiredKeys: [] })).map(([i, changes]) => ({
    name: `updateLink ${i} ${JSON.stringify(changes)}`, apply: (t: string) => updateLink(t, i, changes), touches: (t: string) => linkLines(t, i),
  })),
  fc.tuple(fc.constantFrom('src/b', 'src/a.ts', 'lib'), fc.constantFrom('pkg/moved', 'src/z.ts')).map(([from, to]) => ({
    name: `replaceLinkPaths ${from} ${to}`, apply: (t: string) => replaceLinkPaths(t, from, to), touches: (t: string) => pathLines(t),
  })),
);

describe('incident edits (property)', () => {
  it('random edits on random incident files change only the lines they edit, and the file still parses', () => {
    fc.assert(fc.property(fileArb, editArb, (text, edit) => {
      const before = parseIncidentFile(text);
      assert.ok(before.incident, `generated file does not parse: ${JSON.stringify(before.problems)}\n${text}`);
      let after: string;
      try {
        after = edit.apply(text);
      } catch (error) {
        // Refusing (no link number 4, nothing to rename) is allowed; breaking the file is not.
        assert.match((error as Error).message, /no link number|Cannot change the link/, `${edit.name}\n${text}`);
        return;
      }
      const parsed = parseIncidentFile(after);
      assert.ok(parsed.incident, `${edit.name} broke the file:\n${after}\n${JSON.stringify(parsed.problems)}`);
      assert.deepEqual(parsed.problems.filter((p) => p.severity === 'error'), [], `${edit.name}\n${after}`);
      assert.equal(after.startsWith('\uFEFF'), text.startsWith('\uFEFF'));
      assert.equal(after.split('\uFEFF').length, text.split('\uFEFF').length, 'one BOM at most, at the start');
      if (text.includes('\r\n')) assert.doesNotMatch(after, /[^\r]\n/, `${edit.name} wrote a bare LF into a CRLF file`);
      const allowed = edit.touches(text);
      // A last line without a line break gets one when something is written after it.
      if (!text.endsWith('\n')) allowed.add(text.split('\n').length - 1);
      const kept = unchangedLines(text.split('\n'), after.split('\n'), allowed);
      text.split('\n').forEach((line, i) => {
        if (!kept.has(i) && !allowed.has(i)) assert.fail(`${edit.name} changed line ${i + 1} it does not edit: ${JSON.stringify(line)}\n--- before\n${text}\n--- after\n${after}`);
      });
    }), { numRuns: Number(process.env.INCIDENT_LENS_PROPERTY_RUNS ?? 300) });
  });

  it('a note appended by reading lines is the note appendNote appends, byte for byte, or none', () => {
    let byLines = 0;
    fc.assert(fc.property(fileArb, noteArb, fc.constantFrom('', '# trailing\n', '  # indented trailing\n', '\n', 'review:\n  lessons: []\n'), (file, note, tail) => {
      const text = file.endsWith('\n') || tail === '' ? file + tail : `${file}\n${tail}`;
      const fast = appendNoteByLines(text, note);
      if (fast === undefined) return;
      byLines++;
      assert.equal(fast, appendNote(text, note), text);
    }), { numRuns: 400 });
    assert.ok(byLines > 100, `only ${byLines} of 400 files took the line path`);
  });
});

/**
 * Indices of `a`'s lines kept, in order, in `b`: a common subsequence that keeps as many lines
 * outside `allowed` as it can (each worth more than all allowed lines together), so that where
 * lines repeat (two identical links) the alignment credits the edit with the lines it meant.
 */
function unchangedLines(a: string[], b: string[], allowed: Set<number>): Set<number> {
  const weight = (i: number) => (allowed.has(i) ? 1 : a.length + 1);
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) {
    table[i]![j] = Math.max(table[i + 1]![j]!, table[i]![j + 1]!, a[i] === b[j] ? table[i + 1]![j + 1]! + weight(i) : 0);
  }
  const kept = new Set<number>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j] && table[i]![j] === table[i + 1]![j + 1]! + weight(i)) {
      kept.add(i++);
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return kept;
}

function docOf(text: string): { root: YAMLMap; line: (offset: number) => number } {
  const counter = new LineCounter();
  const doc = parseIncidentYaml(text, counter);
  return { root: doc.contents as YAMLMap, line: (offset) => counter.linePos(offset).line - 1 };
}

function span(set: Set<number>, node: Node | null | undefined, line: (offset: number) => number): void {
  if (!node?.range) return;
  for (let l = line(node.range[0]); l <= line(Math.max(node.range[0], node.range[1] - 1)); l++) set.add(l);
}

function linesOfKeys(text: string, keys: string[]): Set<number> {
  const { root, line } = docOf(text);
  const set = new Set<number>();
  for (const pair of root.items) if (keys.includes(String((pair.key as { value?: unknown }).value))) span(set, pair.key as Node, line);
  return set;
}

function flowListLines(text: string, key: string): Set<number> {
  const { root, line } = docOf(text);
  const list = root.get(key, true);
  const set = new Set<number>();
  if (isSeq(list) && list.flow) span(set, list, line);
  return set;
}

function linkLines(text: string, index: number): Set<number> {
  const { root, line } = docOf(text);
  const links = root.get('links', true);
  const set = new Set<number>();
  if (isSeq(links)) span(set, links.items[index] as Node, line);
  return set;
}

function pathLines(text: string): Set<number> {
  const { root, line } = docOf(text);
  const set = new Set<number>();
  const links = root.get('links', true);
  if (isSeq(links)) for (const link of links.items) if (isMap(link)) span(set, link.get('path', true) as Node, line);
  return set;
}
