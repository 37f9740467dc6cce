import * as assert from 'node:assert/strict';
import { addLink, appendNote, indexOfLink, newIncidentText, removeLink, replaceLinkPaths, setStatus, updateLink } from '../../../src/core/incidentEdits';
import type { Incident, Note } from '../../../src/core/model';
import { parseIncidentFile } from '../../../src/core/parseIncident';

const FILE = `# .incidents/INC-142.yaml
id: INC-142
title: Checkout requests time out under retry storm
severity: SEV1
status: investigating   # triage | investigating | identified | monitoring | resolved | closed
started_at: 2026-03-02T14:05:00Z
services: [payments-api]
source: { provider: pagerduty, id: PT4KHLK }
summary: Retries without jitter amplified a slow database into a full outage, and the on-call dashboard lagged by minutes.
team: payments

# What the code had to do with it
links:
  - path: src/payments/charge.ts
    symbol: PaymentService.charge
    lines: 40-62 # 1-based, as linked
    fingerprint: 9c41e07d
    role: root-cause
  - path: src/payments-old/legacy.ts
    role: related
notes:
  - at: 2026-03-02T14:07:11Z
    author: alice
    kind: observation
    text: p99 on /charge jumped to 30s
    code: { path: src/payments/charge.ts, lines: 51-53 }
`;

const NOTE: Note = {
  at: '2026-03-02T15:00:00Z', author: 'bob', kind: 'action', text: 'Cut MAX_ATTEMPTS to 2: config push #1',
  code: { path: 'src/payments/retry.ts', lines: { start: 12, end: 12 }, commit: '3f2a9c1' },
};

function incidentOf(text: string): Incident {
  const { incident, problems } = parseIncidentFile(text);
  assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  assert.ok(incident);
  return incident;
}

/** Every line of `before` that `after` should still hold, in the same order. */
function assertKeeps(after: string, lines: string[]): void {
  let from = 0;
  for (const line of lines) {
    const at = after.indexOf(`${line}\n`, from);
    assert.ok(at >= 0, `lost or moved: ${line}\n---\n${after}`);
    from = at + line.length;
  }
}

const KEPT = [
  '# .incidents/INC-142.yaml', 'id: INC-142', 'services: [payments-api]', 'source: { provider: pagerduty, id: PT4KHLK }',
  'summary: Retries without jitter amplified a slow database into a full outage, and the on-call dashboard lagged by minutes.',
  'team: payments', '', '# What the code had to do with it', 'links:',
];

describe('incident edits', () => {
  const before = incidentOf(FILE);

  it('appends a note after the last line, changing no other line', () => {
    const after = appendNote(FILE, NOTE);
    assert.equal(after, FILE + [
      '  - at: 2026-03-02T15:00:00Z', '    author: bob', '    kind: action', '    text: "Cut MAX_ATTEMPTS to 2: config push #1"',
      '    code: { path: src/payments/retry.ts, lines: 12, commit: 3f2a9c1 }', '',
    ].join('\n'));
    assert.deepEqual(incidentOf(after), { ...before, notes: [...before.notes, NOTE] });
  });

  it('appends a note elsewhere keeping comments, blank lines, order, long lines and unknown fields', () => {
    const notesFirst = FILE.replace('\n# What the code had to do with it\nlinks:', '\nnotes: []\n\n# What the code had to do with it\nlinks:');
    const text = notesFirst.slice(0, notesFirst.lastIndexOf('notes:\n'));
    const after = appendNote(text, NOTE);
    assertKeeps(after, [...KEPT.slice(0, -2), 'notes:', '  - at: 2026-03-02T15:00:00Z', '    code: { path: src/payments/retry.ts, lines: 12, commit: 3f2a9c1 }', '', ...KEPT.slice(-2), '    lines: 40-62 # 1-based, as linked']);
    assert.deepEqual(incidentOf(after), { ...before, notes: [NOTE] });
  });

  it('starts a notes list where the format puts it, and grows `notes: []` into a block list', () => {
    const bare = 'id: INC-1\ntitle: t\nseverity: SEV2\nstatus: triage\nextra: kept\n';
    const note: Note = { at: '2026-03-02T15:00:00Z', kind: 'observation', text: 'first' };
    assert.equal(appendNote(bare, note), `${bare}notes:\n  - at: 2026-03-02T15:00:00Z\n    kind: observation\n    text: first\n`);
    assert.equal(appendNote(`${bare}notes: []\n`, note), appendNote(bare, note));
    assert.deepEqual(incidentOf(appendNote(bare, note)).notes, [note]);
  });

  it("follows the file's own sequence indentation, line endings and multi-line text", () => {
    const unindented = 'id: INC-1\ntitle: t\nseverity: SEV2\nstatus: triage\nnotes:\n- at: 2026-03-02T14:00:00Z\n  kind: observation\n  text: a\n';
    const note: Note = { at: '2026-03-02T15:00:00Z', kind: 'decision', text: 'line one\nline two' };
    const after = appendNote(unindented, note);
    assert.ok(after.startsWith(unindented), after);
    assert.ok(after.endsWith('- at: 2026-03-02T15:00:00Z\n  kind: decision\n  text: |-\n    line one\n    line two\n'), after);
    assert.deepEqual(incidentOf(after).notes[1], note);

    const crlf = appendNote(unindented.replace(/\n/g, '\r\n'), note);
    assert.equal(crlf, after.replace(/\n/g, '\r\n'));
    assert.equal(appendNote(unindented.trimEnd(), note), after);
    const commented = appendNote(`${unindented}# the end\n`, note);
    assert.match(commented, /# the end\n/);
    assert.deepEqual(incidentOf(commented).notes[1], note);
  });

  it('adds a link with lines written as 40-62, in the order of the format', () => {
    const link = { path: './src/api/server.ts', lines: { start: 7, end: 19 }, fingerprint: 'abcdef12', commit: '1234567', role: 'trigger' as const, note: 'Deployed at 14:00' };
    const after = addLink(FILE, link);
    assertKeeps(after, [...KEPT, '  - path: src/api/server.ts', '    lines: 7-19', '    fingerprint: abcdef12', '    commit: "1234567"', '    role: trigger', '    note: Deployed at 14:00', 'notes:']);
    assert.deepEqual(incidentOf(after).links, [...before.links, { ...link, path: 'src/api/server.ts' }]);
  });

  it('removes a link, and refuses one that is not there', () => {
    const after = removeLink(FILE, 0);
    assertKeeps(after, [...KEPT, '  - path: src/payments-old/legacy.ts', 'notes:']);
    assert.deepEqual(incidentOf(after).links, before.links.slice(1));
    assert.throws(() => removeLink(FILE, 2), /no link number 3 \(it has 2\)/);
  });

  it('updates a link in place: comments kept, new fields in order, removed fields gone', () => {
    const after = updateLink(FILE, 0, { lines: { start: 44, end: 66 }, commit: 'abc1234', symbol: undefined });
    assertKeeps(after, [...KEPT, '  - path: src/payments/charge.ts', '    lines: 44-66 # 1-based, as linked', '    fingerprint: 9c41e07d', '    commit: abc1234', '    role: root-cause']);
    assert.doesNotMatch(after, /symbol:/);
    const expected = { ...before.links[0]!, lines: { start: 44, end: 66 }, commit: 'abc1234' };
    delete expected.symbol;
    assert.deepEqual(incidentOf(after).links, [expected, before.links[1]]);
    assert.match(updateLink(FILE, 1, { lines: { start: 9, end: 9 } }), /path: src\/payments-old\/legacy.ts\n {4}lines: 9\n/);
    assert.throws(() => updateLink(FILE, 0, { path: '../outside.ts' }), /Cannot change the link: .*would leave the workspace folder/);
  });

  it('moves links and note code references after a file or folder rename, and nothing else', () => {
    const file = replaceLinkPaths(FILE, 'src/payments/charge.ts', 'src/billing/charge.ts');
    assert.deepEqual(incidentOf(file).links.map((l) => l.path), ['src/billing/charge.ts', 'src/payments-old/legacy.ts']);
    assert.equal(incidentOf(file).notes[0]?.code?.path, 'src/billing/charge.ts');
    // Only the path values change: every other byte stays as written.
    assert.equal(file, FILE.split('src/payments/charge.ts').join('src/billing/charge.ts'));

    const folder = replaceLinkPaths(FILE, 'src/payments/', 'src/billing');
    assert.deepEqual(incidentOf(folder).links.map((l) => l.path), ['src/billing/charge.ts', 'src/payments-old/legacy.ts']);
    assert.equal(replaceLinkPaths(FILE, 'src/unrelated', 'src/elsewhere'), FILE);
    assert.throws(() => replaceLinkPaths(FILE, 'src/payments', '/tmp/payments'), /Cannot move the links: the path "\/tmp\/payments" is absolute/);
    assert.throws(() => replaceLinkPaths(FILE, '/src/payments', 'src/billing'), /is absolute/);
  });

  it('sets the status, keeping its comment, and resolved_at where the format puts it', () => {
    const after = setStatus(FILE, 'resolved', '2026-03-02T16:40:00Z');
    assert.equal(after, FILE.replace('status: investigating   #', 'status: resolved   #').replace('started_at: 2026-03-02T14:05:00Z\n', 'started_at: 2026-03-02T14:05:00Z\nresolved_at: 2026-03-02T16:40:00Z\n'));
    assert.deepEqual(incidentOf(after), { ...before, status: 'resolved', resolvedAt: '2026-03-02T16:40:00Z' });
    assert.equal(incidentOf(setStatus(after, 'monitoring')).resolvedAt, '2026-03-02T16:40:00Z');
    assert.throws(() => setStatus(FILE, 'done' as 'closed'), /Unknown status "done": expected one of triage, /);
    assert.throws(() => setStatus(FILE, 'resolved', 'yesterday'), /resolution time: .*ISO 8601/);
  });

  it('writes a new incident file with a leading comment that reads back as given', () => {
    const fields = {
      id: 'INC-200', title: 'Cart: totals wrong #2', severity: 'SEV2', status: 'triage' as const, startedAt: '2026-04-01T09:00:00Z',
      services: ['cart', 'pricing'], summary: 'Rounding differed between services.', url: 'https://example.com/i/200', source: { provider: 'custom', id: '200' },
    };
    const text = newIncidentText(fields);
    assert.match(text, /^# Incident INC-200\. .*\nid: INC-200\ntitle: "Cart: totals wrong #2"\n/);
    assertKeeps(text, ['severity: SEV2', 'status: triage # triage | investigating | identified | monitoring | resolved | closed', 'services: [ cart, pricing ]', 'source: { provider: custom, id: "200" }']);
    const { startedAt, ...rest } = fields;
    assert.deepEqual(incidentOf(text), { ...rest, startedAt, responders: [], links: [], notes: [] });
    assert.throws(() => newIncidentText({ ...fields, id: 'bad id' }), /Cannot create the incident: id has an invalid form/);
    // A severity label from the repository's config is the caller's to check.
    const custom = newIncidentText({ id: 'X-1', title: 't', severity: 'P1', status: 'triage' });
    assert.equal(parseIncidentFile(custom, { severities: ['P1'] }).incident?.severity, 'P1');
  });

  it('refuses text that is not an incident, and values that would break the file, with a clear message', () => {
    const edits: ((text: string) => string)[] = [
      (t) => appendNote(t, NOTE), (t) => addLink(t, { path: 'a.ts', role: 'related' }), (t) => removeLink(t, 0),
      (t) => updateLink(t, 0, { lines: { start: 1, end: 2 } }), (t) => replaceLinkPaths(t, 'a', 'b'), (t) => setStatus(t, 'closed'),
    ];
    for (const edit of edits) {
      assert.throws(() => edit('id: INC-1\ntitle: [unclosed\n'), /^Error: The incident file is not valid YAML: .* \(line \d+, column \d+\)\.$/);
      assert.throws(() => edit('- just\n- a list\n'), /The file is not an incident: it must be a YAML mapping/);
      assert.throws(() => edit('id: INC-1\ntitle: t\nstatus: triage\n'), /The incident file is not valid: Missing required field "severity"/);
      assert.throws(() => edit('id: INC-1\ntitle: t\nseverity: SEV1\nstatus: triage\nnotes: nope\n'), /notes must be a list/);
    }
    assert.throws(() => appendNote(FILE, { ...NOTE, text: '' }), /Cannot add the note: text must not be empty/);
    assert.throws(() => appendNote(FILE, { ...NOTE, kind: 'rumour' as 'action' }), /Cannot add the note: kind must be one of/);
    assert.throws(() => addLink(FILE, { path: '/etc/passwd', role: 'related' }), /Cannot add the link: .*is absolute/);
    assert.throws(() => addLink(FILE, { path: 'a.ts', lines: { start: 9, end: 3 }, role: 'related' }), /ends before it starts/);
  });

  it('still edits a file with one broken link, leaving that link as it was', () => {
    const text = FILE.replace('  - path: src/payments-old/legacy.ts\n', '  - path: ../legacy.ts\n');
    const after = appendNote(text, NOTE);
    assert.match(after, /- path: \.\.\/legacy\.ts\n/);
    assert.equal(parseIncidentFile(after).incident?.notes.length, 2);
  });
});

describe('indexOfLink', () => {
  it('finds a parsed link in the raw list even when invalid links were dropped before it', () => {
    const text = [
      'id: INC-1', 'title: t', 'severity: SEV1', 'status: resolved', 'links:',
      '  - { path: ../outside.ts, role: trigger }',
      '  - { path: ./src/a.ts, lines: 3-9, role: root-cause }',
      '  - { path: src/a.ts, symbol: A.run, role: related }', '',
    ].join('\n');
    assert.equal(indexOfLink(text, { path: 'src/a.ts', lines: { start: 3, end: 9 }, role: 'root-cause' }), 1);
    assert.equal(indexOfLink(text, { path: 'src/a.ts', symbol: 'A.run', role: 'related' }), 2);
    assert.equal(indexOfLink(text, { path: 'src/b.ts', role: 'related' }), -1);
  });
});

describe('updateLink in place', () => {
  const text = [
    'id: INC-1', 'title: t', 'severity: SEV1', 'status: resolved', 'services: [api]', 'links:',
    '  - { path: src/a.ts, lines: 3-9, fingerprint: abcdef12, role: root-cause }   # keep me',
    'notes:', '  - { at: "2026-01-01T00:00:00Z", kind: observation, text: x, code: { path: src/a.ts, lines: 4 } }', '',
  ].join('\n');

  it('changes only the values it replaces, byte for byte', () => {
    const after = updateLink(text, 0, { lines: { start: 5, end: 11 }, fingerprint: '00001234' });
    assert.equal(after, text.replace('lines: 3-9', 'lines: 5-11').replace('fingerprint: abcdef12', 'fingerprint: "00001234"'));
    assert.equal(parseIncidentFile(after).incident?.links[0]?.fingerprint, '00001234');
  });

  it('re-renders when a key is added or removed', () => {
    const after = updateLink(text, 0, { symbol: 'A.run', fingerprint: undefined });
    assert.deepEqual(parseIncidentFile(after).incident?.links[0], { path: 'src/a.ts', symbol: 'A.run', lines: { start: 3, end: 9 }, role: 'root-cause' });
  });
});
