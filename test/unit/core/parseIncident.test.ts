import * as assert from 'node:assert/strict';
import { parseIncidentFile } from '../../../src/core/parseIncident';

const VALID = `# .incidents/INC-142.yaml
id: INC-142
title: Checkout requests time out under retry storm
severity: SEV1
status: resolved        # triage | investigating | identified | monitoring | resolved | closed
started_at: 2026-03-02T14:05:00Z
resolved_at: 2026-03-02T16:40:00Z
services: [payments-api]
url: https://example.pagerduty.com/incidents/PT4KHLK
source: { provider: pagerduty, id: PT4KHLK }
summary: Retries without jitter amplified a slow database into a full outage.
responders: [alice, bob]
links:
  - path: src/payments/charge.ts          # workspace-relative, forward slashes
    symbol: PaymentService.charge         # optional; resolved through document symbols
    lines: 40-62                          # optional; 1-based, as linked
    fingerprint: 9c41e07d                 # hash of the linked lines, whitespace-normalised
    commit: 3f2a9c1                       # HEAD when linked, optional
    role: root-cause
    note: Retry loop had no jitter
notes:
  - at: 2026-03-02T14:07:11Z
    author: alice
    kind: observation
    text: p99 on /charge jumped to 30s
    code: { path: src/payments/charge.ts, lines: 51-53, commit: 3f2a9c1 }
`;

describe('parseIncidentFile', () => {
  it('reads the design document example into an incident', () => {
    const { incident, problems } = parseIncidentFile(VALID);
    assert.deepEqual(problems, []);
    assert.deepEqual(incident, {
      id: 'INC-142',
      title: 'Checkout requests time out under retry storm',
      severity: 'SEV1',
      status: 'resolved',
      startedAt: '2026-03-02T14:05:00Z',
      resolvedAt: '2026-03-02T16:40:00Z',
      services: ['payments-api'],
      url: 'https://example.pagerduty.com/incidents/PT4KHLK',
      source: { provider: 'pagerduty', id: 'PT4KHLK' },
      summary: 'Retries without jitter amplified a slow database into a full outage.',
      responders: ['alice', 'bob'],
      links: [{
        path: 'src/payments/charge.ts', symbol: 'PaymentService.charge', lines: { start: 40, end: 62 },
        fingerprint: '9c41e07d', commit: '3f2a9c1', role: 'root-cause', note: 'Retry loop had no jitter',
      }],
      notes: [{
        at: '2026-03-02T14:07:11Z', author: 'alice', kind: 'observation', text: 'p99 on /charge jumped to 30s',
        code: { path: 'src/payments/charge.ts', lines: { start: 51, end: 53 }, commit: '3f2a9c1' },
      }],
    });
  });

  it('reports a YAML syntax error at its line and column and loads nothing', () => {
    const { incident, problems } = parseIncidentFile('id: INC-1\ntitle: a: b\nseverity: SEV1\n');
    assert.equal(incident, undefined);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity, p.message]), [
      [2, 8, 'error', 'Nested mappings are not allowed in compact mappings'],
    ]);
  });

  it('points a wrong type at the offending value', () => {
    const text = 'id: INC-2\ntitle: Cache stampede\nseverity: SEV2\nstatus: resolved\nservices: catalog\n';
    const { incident, problems } = parseIncidentFile(text);
    assert.equal(incident, undefined);
    assert.deepEqual(problems.map((p) => [p.line, p.column, p.message]), [[5, 11, 'services must be a list.']]);
  });

  it('names a missing required field', () => {
    const { incident, problems } = parseIncidentFile('id: INC-3\ntitle: No severity\nstatus: triage\n');
    assert.equal(incident, undefined);
    assert.deepEqual(problems.map((p) => p.message), ['Missing required field "severity".']);
  });

  it('rejects an unknown status and an unknown severity where they stand', () => {
    const { problems } = parseIncidentFile('id: INC-4\ntitle: t\nseverity: SEV9\nstatus: done\n');
    assert.deepEqual(problems.map((p) => [p.line, p.message.split(':')[0]]), [
      [4, 'status must be one of'],
      [3, 'Unknown severity "SEV9"'],
    ]);
  });

  it('rejects an invalid date', () => {
    const { problems } = parseIncidentFile('id: INC-5\ntitle: t\nseverity: SEV3\nstatus: resolved\nstarted_at: 2026-02-30T10:00:00Z\n');
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.line, 5);
    assert.match(problems[0]?.message ?? '', /ISO 8601/);
  });

  it('warns about unknown fields at their key and still loads the incident', () => {
    const { incident, problems } = parseIncidentFile('id: INC-6\ntitle: t\nseverity: SEV3\nstatus: resolved\nteam: payments\n');
    assert.equal(incident?.id, 'INC-6');
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.column, p.endColumn]), [['warning', 5, 1, 5]]);
    assert.match(problems[0]?.message ?? '', /Unknown field "team"/);
  });

  it('drops only the link whose path leaves the workspace folder', () => {
    const text = [
      'id: INC-7', 'title: t', 'severity: SEV2', 'status: resolved', 'links:',
      '  - { path: ../secrets.ts, role: trigger }',
      '  - { path: /etc/passwd, role: trigger }',
      '  - { path: src/ok.ts, lines: 3, role: related }',
    ].join('\n');
    const { incident, problems } = parseIncidentFile(text);
    assert.deepEqual(incident?.links, [{ path: 'src/ok.ts', lines: { start: 3, end: 3 }, role: 'related' }]);
    assert.deepEqual(problems.map((p) => p.line), [6, 7]);
    assert.match(problems[0]?.message ?? '', /'\.\.'/);
    assert.match(problems[1]?.message ?? '', /absolute/);
  });

  it('drops a backwards range', () => {
    const { incident, problems } = parseIncidentFile('id: I-8\ntitle: t\nseverity: SEV4\nstatus: closed\nlinks:\n  - { path: a.ts, lines: 9-3, role: related }\n');
    assert.deepEqual(incident?.links, []);
    assert.match(problems[0]?.message ?? '', /ends before it starts/);
  });

  it('survives an alias bomb without expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`);
    const { incident, problems } = parseIncidentFile(bomb.join('\n'));
    assert.equal(incident, undefined);
    assert.match(problems[0]?.message ?? '', /alias/i);
  });

  it('refuses binary content and oversized text', () => {
    assert.match(parseIncidentFile('id: \0\0\0').problems[0]?.message ?? '', /binary/);
    assert.match(parseIncidentFile('x'.repeat(1024 * 1024 + 1)).problems[0]?.message ?? '', /larger than 1 MiB/);
  });

  it('rejects a document that is not a mapping', () => {
    assert.match(parseIncidentFile('- a\n- b\n').problems[0]?.message ?? '', /YAML mapping/);
  });

  it('keeps commit hashes and fingerprints as written, even when YAML would read a number', () => {
    const { incident, problems } = parseIncidentFile([
      'id: I-9', 'title: t', 'severity: SEV2', 'status: resolved', 'links:',
      '  - { path: a.ts, lines: 1-2, fingerprint: 00123456, commit: 1234e56, role: trigger }',
      'notes:', '  - { at: "2026-01-01T00:00:00Z", kind: action, text: x, code: { path: a.ts, commit: 0777777 } }', '',
    ].join('\n'));
    // Read as written, with a warning at each value that other YAML tools would read as a number.
    assert.deepEqual(problems.map((p) => [p.severity, p.line, p.column]), [['warning', 6, 44], ['warning', 6, 62], ['warning', 8, 86]]);
    assert.deepEqual([incident?.links[0]?.fingerprint, incident?.links[0]?.commit, incident?.notes[0]?.code?.commit], ['00123456', '1234e56', '0777777']);
  });

  it('flags duplicate keys', () => {
    const { problems } = parseIncidentFile('id: A-1\nid: A-2\ntitle: t\nseverity: SEV1\nstatus: triage\n');
    assert.equal(problems[0]?.line, 2);
    assert.match(problems[0]?.message ?? '', /unique/i);
  });
});

describe('parseIncidentFile on hostile nesting', () => {
  it('answers deep nesting with a problem instead of a crash or a hang', () => {
    const deep = `id: I-1\ntitle: t\nseverity: SEV1\nstatus: triage\nsummary: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`;
    const { incident, problems } = parseIncidentFile(deep);
    assert.equal(incident, undefined);
    assert.equal(problems.length > 0, true);
    assert.equal(problems[0]?.severity, 'error');
  });
});

describe('parseIncidentFile with linkLines', () => {
  it('gives the line each link starts on, block and flow alike, and nothing unless asked', () => {
    const text = 'id: INC-1\ntitle: T\nseverity: SEV2\nstatus: resolved\nlinks:\n  # first\n  - path: a.ts\n    role: related\n  - { path: b.ts, role: trigger }\n\n  - path: c.ts\n    role: related\n';
    assert.deepEqual(parseIncidentFile(text, { linkLines: true }).linkLines, [7, 9, 11]);
    assert.equal(parseIncidentFile(text).linkLines, undefined);
    assert.deepEqual(parseIncidentFile('id: INC-1\ntitle: T\nseverity: SEV2\nstatus: resolved\n', { linkLines: true }).linkLines, []);
  });
});
