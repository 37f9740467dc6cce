// Issue 12: incident files read exactly as their authors wrote them.
import * as assert from 'node:assert/strict';
import { formatAge, parseTimestamp, timeOf } from '../../../src/core/time';
import { appendNote, newIncidentText, setStatus } from '../../../src/core/incidentEdits';
import { parseIncidentFile } from '../../../src/core/parseIncident';
import { exportTimeline } from '../../../src/core/timelineExport';

const HEAD = 'id: INC-1\ntitle: t\nseverity: SEV2\nstatus: triage\n';

describe('values as written', () => {
  it('example 2: source { provider: custom, id: 0042 } is the id 0042, with a Problems entry saying to quote it', () => {
    const { incident, problems } = parseIncidentFile(`${HEAD}source: { provider: custom, id: 0042 }\n`);
    assert.deepEqual(incident?.source, { provider: 'custom', id: '0042' });
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.column]), [['warning', 5, 33]]);
    assert.match(problems[0]?.message ?? '', /read as the text 0042, as written; other YAML tools read it as a number\. Quote it \("0042"\)/);
    assert.deepEqual(parseIncidentFile(`${HEAD}source: { provider: custom, id: "0042" }\n`).problems, []);
  });

  it("reads every text field's other YAML readings as the characters written", () => {
    const text = [
      'id: 0x1F', 'title: 1e3', 'severity: SEV1', 'status: triage', 'services: [yes, off, .inf, 2026-01-01]', 'responders: [~, on, NO, 012]',
      'summary: null', 'links:', '  - { path: 123, symbol: true, lines: 7, commit: 0777777, role: related, note: 1_000 }', '',
    ].join('\n');
    const { incident, problems } = parseIncidentFile(text);
    assert.ok(incident, JSON.stringify(problems));
    assert.deepEqual([incident.id, incident.title, incident.services, incident.responders, incident.summary],
      ['0x1F', '1e3', ['yes', 'off', '.inf', '2026-01-01'], ['~', 'on', 'NO', '012'], 'null']);
    assert.deepEqual(incident.links[0], { path: '123', symbol: 'true', lines: { start: 7, end: 7 }, commit: '0777777', role: 'related', note: '1_000' });
    // Each one other YAML tools would read otherwise is named, at its place; `lines: 7` means a number and is not.
    assert.equal(problems.filter((p) => p.severity === 'warning').length, 15);
    assert.ok(problems.every((p) => p.severity === 'warning' && /Quote it/.test(p.message)));
  });

  it('writes a value that YAML would read otherwise in quotes, so it reads back the same everywhere', () => {
    const after = appendNote(HEAD, { at: '2026-03-02T15:00:00Z', author: 'yes', kind: 'observation', text: '0042' });
    assert.equal(after, `${HEAD}notes:\n  - at: 2026-03-02T15:00:00Z\n    author: "yes"\n    kind: observation\n    text: "0042"\n`);
    assert.deepEqual(parseIncidentFile(after).problems, []);
  });
});

describe('adding a synced incident', () => {
  it('writes platform values YAML would read otherwise in quotes, and they read back as given', () => {
    const text = newIncidentText({ id: 'PD-0042', title: 'yes', severity: 'SEV2', status: 'triage', services: ['on', '1e3'], source: { provider: 'custom', id: '0042' }, startedAt: '2026-11-29T21:05:00+01' });
    const { incident, problems } = parseIncidentFile(text);
    assert.deepEqual(problems, []);
    assert.deepEqual([incident?.title, incident?.services, incident?.source?.id, timeOf(incident?.startedAt)], ['yes', ['on', '1e3'], '0042', Date.UTC(2026, 10, 29, 20, 5)]);
  });
});

describe('timestamps', () => {
  it('example 3: 2026-11-29T21:05:00+01 is read as 20:05 UTC, in the export and the ages alike', () => {
    const text = `${HEAD}started_at: 2026-11-29T21:05:00+01\n`;
    const { incident, problems } = parseIncidentFile(text);
    assert.deepEqual(problems, []);
    assert.equal(timeOf(incident?.startedAt), Date.UTC(2026, 10, 29, 20, 5));
    assert.equal(formatAge(timeOf(incident?.startedAt) ?? NaN, new Date('2026-11-30T06:00:00Z')), 'today');
    const review = exportTimeline(incident!, { now: new Date('2026-11-30T06:00:00Z'), permalinks: {} });
    assert.doesNotMatch(review, /not recorded|NaN|Invalid/);
    assert.match(review, /2026-11-29 20:05 UTC/);
  });

  it('reads the offsets ISO 8601 allows to the right instant, and refuses what it cannot read at its line', () => {
    const utc = Date.UTC(2026, 2, 2, 14, 5);
    for (const text of ['2026-03-02T14:05:00Z', '2026-03-02t14:05:00z', '2026-03-02 14:05:00Z', '2026-03-02T15:05:00+01:00', '2026-03-02T15:05:00+0100', '2026-03-02T15:05:00+01', '2026-03-02T09:35:00-04:30']) {
      assert.equal(parseTimestamp(text), utc, text);
    }
    assert.equal(parseTimestamp('2026-03-02T14:05:00.250Z'), utc + 250);
    for (const text of ['2026-03-02T14:05:00', '2026-02-30T00:00:00Z', '2026-03-02T24:00:00Z', '2026-03-02T14:05:60Z', '2026-03-02T14:05:00+24:00', '2026-03-02', 'yesterday']) {
      assert.equal(parseTimestamp(text), undefined, text);
      const { incident, problems } = parseIncidentFile(`${HEAD}started_at: "${text}"\n`);
      assert.equal(incident, undefined, text);
      assert.deepEqual(problems.map((p) => [p.line, p.message]), [[5, 'started_at must be an ISO 8601 date and time with a time zone, such as 2026-03-02T14:05:00Z.']], text);
    }
    assert.equal(parseTimestamp('2024-02-29T00:00:00Z'), Date.UTC(2024, 1, 29));
    assert.equal(parseTimestamp('2026-02-29T00:00:00Z'), undefined);
  });

  it('reads the usual form digit by digit as Date.UTC does, and refuses the same impossible dates', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    for (const year of [1, 99, 100, 1900, 2000, 2023, 2024, 2100, 9999]) {
      for (let month = 0; month <= 13; month++) {
        for (const day of [0, 1, 28, 29, 30, 31, 32]) {
          const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T23:59:59Z`;
          const valid = month >= 1 && month <= 12 && day >= 1 && new Date(Date.UTC(2000, month - 1, day)).getUTCMonth() === month - 1 && !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
          const expected = valid ? new Date(Date.UTC(2000, month - 1, day, 23, 59, 59)).setUTCFullYear(year) : undefined;
          assert.equal(parseTimestamp(text), expected, text);
          assert.equal(parseTimestamp(text.replace('T', ' ').replace('Z', 'z')), expected, text);
        }
      }
    }
    for (const text of ['2026-03-02T14:05:0aZ', '2026-03-02T14:05:00+', '2026-03-02X14:05:00Z', '2026-03-0214:05:00Z ', '２026-03-02T14:05:00Z']) assert.equal(parseTimestamp(text), undefined, text);
  });

  it('never shows NaN for a time that is not one', () => {
    assert.equal(formatAge(NaN, new Date()), 'at an unknown time');
  });
});

describe('lossless edits', () => {
  it('example 1: Resolve Incident keeps aligned trailing comments byte for byte', () => {
    const text = [
      '# .incidents/INC-7.yaml', 'id: INC-7                 # as referenced in code', 'title: Checkout retries',
      'severity: SEV1            # SEV1 (worst) to SEV4', 'status: investigating     # triage | investigating | ...',
      'started_at: 2026-03-02T14:05:00Z   # first page', 'services: [ payments ]    # see config.yaml', '',
    ].join('\n');
    const after = setStatus(text, 'resolved', '2026-03-02T16:40:00Z');
    assert.equal(after, text
      .replace('status: investigating     #', 'status: resolved     #')
      .replace('# first page\n', '# first page\nresolved_at: 2026-03-02T16:40:00Z\n'));
  });

  it('example 4: a note logged to a file with a BOM keeps one BOM at the start, and the file reads back with both notes', () => {
    const text = `\uFEFF${HEAD}notes:\n  - at: 2026-03-02T14:07:11Z\n    kind: observation\n    text: first\n`;
    const after = appendNote(text, { at: '2026-03-02T15:00:00Z', kind: 'action', text: 'second' });
    assert.equal(after, `${text}  - at: 2026-03-02T15:00:00Z\n    kind: action\n    text: second\n`);
    assert.equal(after.split('\uFEFF').length, 2);
    const { incident, problems } = parseIncidentFile(after);
    assert.deepEqual(problems, []);
    assert.deepEqual(incident?.notes.map((n) => n.text), ['first', 'second']);
  });

  it('keeps CRLF line endings in every line it writes', () => {
    const text = `${HEAD}started_at: 2026-03-02T14:05:00Z # c\n`.replace(/\n/g, '\r\n');
    const resolved = setStatus(text, 'resolved', '2026-03-02T16:40:00Z');
    assert.equal(resolved, text.replace('status: triage', 'status: resolved') + 'resolved_at: 2026-03-02T16:40:00Z\r\n');
    const noted = appendNote(resolved, { at: '2026-03-02T15:00:00Z', kind: 'action', text: 'two\nlines' });
    assert.doesNotMatch(noted.replace(/\r\n/g, ''), /\n/);
    assert.deepEqual(parseIncidentFile(noted).incident?.notes.map((n) => n.text), ['two\nlines']);
  });
});
