import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type IncidentConfig } from '../../../src/core/config';
import type { IndexedLink } from '../../../src/core/incidentIndex';
import type { Incident, Link, Role } from '../../../src/core/model';
import { anchorRisks, churnFactor, decay, fileRisk, hotspots, incidentAgeDays, MAX_CHURN_FACTOR, riskLevel } from '../../../src/core/risk';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY_MS = 86_400_000;

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY_MS).toISOString();
}

function incident(id: string, severity: string, startedAt: string | undefined, extra: Partial<Incident> = {}): Incident {
  return { id, title: id, severity, status: 'resolved', services: [], responders: [], links: [], notes: [], ...(startedAt ? { startedAt } : {}), ...extra };
}

function linked(inc: Incident, role: Role, where: Partial<Link> = {}): IndexedLink {
  return { incident: inc, link: { path: 'src/a.ts', role, ...where } };
}

function near(actual: number, expected: number): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} is not ${expected}`);
}

describe('risk', () => {
  it('halves an incident every half-life', () => {
    near(fileRisk([linked(incident('I-0', 'SEV1', daysAgo(0)), 'root-cause')], NOW, DEFAULT_CONFIG).score, 8);
    near(fileRisk([linked(incident('I-1', 'SEV1', daysAgo(180)), 'root-cause')], NOW, DEFAULT_CONFIG).score, 4);
    near(fileRisk([linked(incident('I-2', 'SEV1', daysAgo(360)), 'root-cause')], NOW, DEFAULT_CONFIG).score, 2);
    const fasterDecay: IncidentConfig = { ...DEFAULT_CONFIG, halfLifeDays: 90 };
    near(fileRisk([linked(incident('I-3', 'SEV1', daysAgo(180)), 'root-cause')], NOW, fasterDecay).score, 2);
    near(decay(45, 90), Math.SQRT1_2);
  });

  it('dates an incident by its start, else its resolution, else weighs it in full', () => {
    near(incidentAgeDays(incident('I-1', 'SEV1', daysAgo(30), { resolvedAt: daysAgo(10) }), NOW) ?? NaN, 30);
    near(incidentAgeDays(incident('I-2', 'SEV1', undefined, { resolvedAt: daysAgo(10) }), NOW) ?? NaN, 10);
    assert.equal(incidentAgeDays(incident('I-3', 'SEV1', undefined), NOW), undefined);
    assert.equal(incidentAgeDays(incident('I-4', 'SEV1', daysAgo(-5)), NOW), 0, 'a future date counts as today');
    const undated = fileRisk([linked(incident('I-5', 'SEV2', undefined), 'root-cause')], NOW, DEFAULT_CONFIG);
    assert.equal(undated.score, 4);
    assert.equal(undated.incidents[0]?.ageDays, undefined);
  });

  it('weighs each role as configured', () => {
    const weights = (config: IncidentConfig) =>
      (['root-cause', 'trigger', 'contributing', 'mitigation', 'detection', 'related'] as const)
        .map((role) => fileRisk([linked(incident('I-1', 'SEV1', daysAgo(0)), role)], NOW, config).score);
    weights(DEFAULT_CONFIG).forEach((score, i) => near(score, [8, 6.4, 4.8, 2.4, 2.4, 1.6][i] ?? NaN));
    const custom = { ...DEFAULT_CONFIG, roleWeights: { ...DEFAULT_CONFIG.roleWeights, related: 0, detection: 1 } };
    assert.deepEqual(weights(custom).slice(4), [8, 0]);
  });

  it('counts an incident linked several times once, with its strongest role', () => {
    const inc = incident('INC-1', 'SEV2', daysAgo(0));
    const risk = fileRisk([linked(inc, 'related'), linked(inc, 'trigger', { symbol: 'f' }), linked(inc, 'mitigation', { lines: { start: 1, end: 2 } })], NOW, DEFAULT_CONFIG);
    near(risk.score, 3.2);
    assert.deepEqual(risk.incidents.map((item) => [item.incident.id, item.role]), [['INC-1', 'trigger']]);
    // The same id read from two files is still one incident.
    const twice = fileRisk([linked(inc, 'root-cause'), linked({ ...inc }, 'root-cause')], NOW, DEFAULT_CONFIG);
    assert.equal(twice.score, 4);
    assert.equal(twice.incidents.length, 1);
  });

  it('prefers the role listed first when two roles weigh the same', () => {
    const inc = incident('INC-1', 'SEV1', daysAgo(0));
    assert.equal(fileRisk([linked(inc, 'detection'), linked(inc, 'mitigation')], NOW, DEFAULT_CONFIG).incidents[0]?.role, 'mitigation');
  });

  it('weighs severities the config does not know as 0 and lists them last', () => {
    const risk = fileRisk([linked(incident('X-1', 'CRITICAL', daysAgo(0)), 'root-cause'), linked(incident('X-2', 'SEV4', daysAgo(400)), 'related')], NOW, DEFAULT_CONFIG);
    assert.deepEqual(risk.incidents.map((item) => [item.incident.id, item.weight > 0]), [['X-2', true], ['X-1', false]]);
    assert.equal(risk.level, 'none');
  });

  it('keeps the churn factor between 1 and 2, rising with commits', () => {
    for (const unknown of [undefined, NaN, -3, 0]) assert.equal(churnFactor(unknown), 1);
    assert.deepEqual([1, 3, 7, 15].map(churnFactor), [1.25, 1.5, 1.75, 2]);
    assert.equal(churnFactor(1_000_000), MAX_CHURN_FACTOR);
    assert.equal(churnFactor(Infinity), MAX_CHURN_FACTOR);
    const risk = fileRisk([linked(incident('I-1', 'SEV2', daysAgo(0)), 'root-cause')], NOW, DEFAULT_CONFIG, 3);
    assert.deepEqual([risk.churnFactor, risk.score, risk.level], [1.5, 6, 'high']);
  });

  it('turns a score into a level at the thresholds', () => {
    const { thresholds } = DEFAULT_CONFIG;
    assert.deepEqual([0, 0.99, 1, 2.99, 3, 5.99, 6, 100].map((score) => riskLevel(score, thresholds)), ['none', 'none', 'low', 'low', 'medium', 'medium', 'high', 'high']);
    assert.equal(riskLevel(0, { low: 0, medium: 0, high: 0 }), 'none', 'no incident weight is never a risk');
    const sev1RootCause = (days: number) => fileRisk([linked(incident('I-1', 'SEV1', daysAgo(days)), 'root-cause')], NOW, DEFAULT_CONFIG).level;
    assert.deepEqual([0, 70, 80, 250, 260, 540, 550].map(sev1RootCause), ['high', 'high', 'medium', 'medium', 'low', 'low', 'none']);
  });

  it('scores each linked symbol, range and the file itself apart', () => {
    const a = incident('A', 'SEV1', daysAgo(0));
    const b = incident('B', 'SEV3', daysAgo(0));
    const parts = anchorRisks([linked(a, 'related'), linked(b, 'root-cause', { symbol: 'Cart.total' }), linked(a, 'root-cause', { lines: { start: 3, end: 9 } })], NOW, DEFAULT_CONFIG, 7);
    assert.deepEqual(parts.map((part) => [part.anchor, part.risk.score]), [
      [{ kind: 'lines', lines: { start: 3, end: 9 } }, 14],
      [{ kind: 'symbol', symbol: 'Cart.total' }, 3.5],
      [{ kind: 'file' }, 2.8000000000000003],
    ]);
  });

  it('ranks hotspots by score, then worst severity, with the incidents behind each', () => {
    const sev1 = incident('S1', 'SEV1', daysAgo(180)); // 4
    const sev2 = incident('S2', 'SEV2', daysAgo(0)); // 4
    const sev3 = incident('S3', 'SEV3', daysAgo(0)); // 2
    const unknown = incident('U', 'P0', daysAgo(0)); // 0
    const files = [
      { folder: '/w', path: 'unknown.ts', links: [linked(unknown, 'root-cause')] },
      { folder: '/w', path: 'b.ts', links: [linked(sev2, 'root-cause', { symbol: 'B.run' })] },
      { folder: '/w', path: 'a.ts', links: [linked(sev1, 'root-cause', { symbol: 'A.go' }), linked(sev3, 'related', { lines: { start: 1, end: 4 } })] },
      { folder: '/w', path: 'hot.ts', links: [linked(sev3, 'root-cause')] }, // 2, doubled by churn: ties with b.ts, ranks below its SEV2
      { folder: '/w', path: 'empty.ts', links: [] },
    ];
    const churn = new Map([['hot.ts', 15]]);
    const ranked = hotspots(files, NOW, DEFAULT_CONFIG, (_folder, path) => churn.get(path));
    assert.deepEqual(ranked.map((spot) => [spot.path, spot.risk.score, spot.risk.level]), [
      ['a.ts', 4.4, 'medium'],
      ['b.ts', 4, 'medium'],
      ['hot.ts', 4, 'medium'],
      ['unknown.ts', 0, 'none'],
    ]);
    assert.deepEqual(ranked[0]?.risk.incidents.map((item) => item.incident.id), ['S1', 'S3']);
    assert.deepEqual(ranked[0]?.parts.map((part) => [part.anchor.kind, part.risk.incidents[0]?.incident.id]), [['symbol', 'S1'], ['lines', 'S3']]);
    assert.deepEqual(ranked[2]?.parts, [], 'a link to the whole file is not a part');
  });
});
