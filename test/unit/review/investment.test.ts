import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { componentMatcher, parseSince } from '../../../src/core/components';
import type { Fix } from '../../../src/core/gitMining';
import { componentExperts, mergeExperts } from '../../../src/services/componentExperts';
import { investmentJson, whereToInvest, withExperts } from '../../../src/services/investment';
import { loadWorkspace } from '../../../src/services/workspace';
import { makeRepo, runCli } from '../cli/repo';

const DAY_MS = 86_400_000;

interface Spec {
  id: string;
  severity: string;
  /** Days before now it started; undefined: no dates at all. */
  daysAgo?: number;
  links?: string[];
  services?: string[];
  review?: string;
  responders?: string[];
}

function incidentText(spec: Spec, now: Date): string {
  const lines = [`id: ${spec.id}`, `title: ${spec.id} title`, `severity: ${spec.severity}`, 'status: resolved'];
  if (spec.daysAgo !== undefined) lines.push(`started_at: ${new Date(now.getTime() - spec.daysAgo * DAY_MS).toISOString()}`);
  if (spec.services) lines.push(`services: [${spec.services.join(', ')}]`);
  if (spec.responders) lines.push(`responders: [${spec.responders.join(', ')}]`);
  if (spec.links) lines.push('links:', ...spec.links.flatMap((path) => [`  - path: ${path}`, '    role: root-cause']));
  return `${lines.join('\n')}\n${spec.review ?? ''}`;
}

const CONFIG = `services:
  payments: ['src/payments/**']
  api: ['services/api/**/*.ts']
  "__proto__": ['nothing/**']
`;

/** The hand-checked part of the repository: services by glob, folders otherwise, the period's edges. */
function specs(): Spec[] {
  return [
    { id: 'INC-1', severity: 'SEV2', daysAgo: 10, links: ['src/payments/charge.ts'], review: 'review:\n  lessons:\n    - { practice: debuggability, text: no log, links: [0] }\n  follow_ups:\n    - { title: log it, status: open }\n' },
    {
      id: 'INC-2', severity: 'SEV1', daysAgo: 20, links: ['src/payments/refund.ts', 'lib/util/strings.ts'],
      review: 'review:\n  lessons:\n    - { practice: alerting, text: late page }\n    - { practice: blast-radius, text: util took refunds down, links: [1] }\n  follow_ups:\n    - { title: a, status: open }\n    - { title: b, status: done }\n    - { title: c, status: dropped }\n',
    },
    { id: 'INC-3', severity: 'SEV3', daysAgo: 90, links: ['lib/util/x.ts'] },
    { id: 'INC-4', severity: 'SEV1', daysAgo: 90.001, links: ['src/payments/a.ts'] },
    { id: 'INC-5', severity: 'SEV1', links: ['lib/util/y.ts'] },
    { id: 'INC-6', severity: 'SEV4', daysAgo: 5, services: ['api', 'not-configured'] },
    { id: 'INC-7', severity: 'SEV3', daysAgo: 1, links: ['README.md', 'services/api/v1/routes.js'] },
    { id: 'INC-8', severity: 'SEV2', daysAgo: -1, links: ['src/payments/future.ts'] },
  ];
}

function writeRepo(dir: string, all: Spec[], now: Date): void {
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('.incidents/config.yaml', CONFIG);
  for (const spec of all) write(`.incidents/${spec.id}.yaml`, incidentText(spec, now));
}

describe('where to invest: the component roll-up', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'incident-lens-invest-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('groups by service glob, else folder, inside the period, worst first', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    writeRepo(dir, specs(), now);
    const workspace = await loadWorkspace(dir, { git: false });
    assert.deepEqual([...workspace.problems.values()].flat(), []);
    const investment = whereToInvest(workspace.index.incidents(), workspace.config, { since: '90d', now });
    assert.equal(investment.since, '2026-03-03T12:00:00Z');
    assert.deepEqual(investmentJson(investment), {
      since: '2026-03-03T12:00:00Z',
      components: [
        { name: 'payments', incidents: 2, worst: 'SEV1', lessons: { debuggability: 1, 'blast-radius': 0, alerting: 1 }, openFollowUps: 2 },
        { name: 'lib/util', incidents: 2, worst: 'SEV1', lessons: { debuggability: 0, 'blast-radius': 1, alerting: 1 }, openFollowUps: 1 },
        { name: '.', incidents: 1, worst: 'SEV3', lessons: { debuggability: 0, 'blast-radius': 0, alerting: 0 }, openFollowUps: 0 },
        { name: 'services/api/v1', incidents: 1, worst: 'SEV3', lessons: { debuggability: 0, 'blast-radius': 0, alerting: 0 }, openFollowUps: 0 },
        { name: 'api', incidents: 1, worst: 'SEV4', lessons: { debuggability: 0, 'blast-radius': 0, alerting: 0 }, openFollowUps: 0 },
      ],
    });
    assert.deepEqual(investment.components[0]?.incidentIds, ['INC-2', 'INC-1']);
    assert.deepEqual(investment.components[0]?.paths, ['src/payments/charge.ts', 'src/payments/refund.ts']);
    // A date as the start: INC-4 (90.001 days ago) comes in.
    const wider = whereToInvest(workspace.index.incidents(), workspace.config, { since: '2026-03-01', now });
    assert.deepEqual(wider.components[0]?.incidentIds, ['INC-2', 'INC-4', 'INC-1']);
  });

  it('counts a generated repository the way a plain count over its files does', async () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const generated: Spec[] = Array.from({ length: 400 }, (_, i) => ({
      id: `GEN-${i}`, severity: `SEV${(i % 4) + 1}`, daysAgo: i / 2,
      links: i % 3 === 0 ? [`src/payments/m${i % 5}/f.ts`] : [`gen/f${i % 7}/deep/file${i}.ts`, `gen/f${i % 7}/deep/other.ts`],
    }));
    writeRepo(dir, generated, now);
    const workspace = await loadWorkspace(dir, { git: false });
    const { components } = whereToInvest(workspace.index.incidents(), workspace.config, { since: '12w', now });
    const inPeriod = generated.filter((s) => (s.daysAgo ?? 0) <= 84);
    const expected = new Map<string, number>();
    for (const s of inPeriod) {
      const name = s.links?.[0]?.startsWith('src/payments/') ? 'payments' : `gen/f${Number(s.id.slice(4)) % 7}/deep`;
      expected.set(name, (expected.get(name) ?? 0) + 1);
    }
    assert.deepEqual(new Map(components.map((c) => [c.name, c.incidentIds.length])), expected);
    const counts = components.map((c) => c.incidentIds.length);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a));
    assert.ok(components.every((c) => c.worst === 'SEV1'));
  });

  it('matches globs as paths, not as text', () => {
    const componentOf = componentMatcher({ web: ['web/*.ts'], deep: ['lib/**/x.ts'], long: [`${'a'.repeat(300)}/**`] });
    assert.deepEqual(componentOf('web/a.ts'), { name: 'web', kind: 'service' });
    assert.deepEqual(componentOf('web/sub/a.ts'), { name: 'web/sub', kind: 'folder' });
    assert.deepEqual(componentOf('lib/a/b/x.ts'), { name: 'deep', kind: 'service' });
    assert.deepEqual(componentOf(`${'a'.repeat(300)}/b.ts`), { name: 'a'.repeat(300), kind: 'folder' });
  });

  it('reads a period start or says what to write', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    assert.equal(parseSince('90d', now).toISOString(), '2026-03-03T00:00:00.000Z');
    assert.equal(parseSince('2w', now).toISOString(), '2026-05-18T00:00:00.000Z');
    assert.equal(parseSince('2026-01-31', now).toISOString(), '2026-01-31T00:00:00.000Z');
    for (const bad of ['', '90', 'd', '3 months', '2026-13-45', '1e9d']) assert.throws(() => parseSince(bad, now), /is not a period start/);
  });
});

describe('incident-lens report (the built CLI, as a process)', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'incident-lens-report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON shape and a Markdown table, from a subfolder of the repository', async () => {
    writeRepo(dir, [...specs(), { id: 'INC-9', severity: 'SEV2', daysAgo: 3, links: ['x|y*[z](j:a)/<b>.ts'] }], new Date());
    mkdirSync(join(dir, 'src/payments'), { recursive: true });
    const json = await runCli(['report', '--format', 'json'], join(dir, 'src/payments'), process.env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { since: string; components: { name: string }[] };
    assert.deepEqual(Object.keys(report), ['since', 'components']);
    assert.ok(Math.abs(Date.parse(report.since) - (Date.now() - 90 * DAY_MS)) < 60_000, report.since);
    assert.deepEqual(report.components[0], { name: 'payments', incidents: 2, worst: 'SEV1', lessons: { debuggability: 1, 'blast-radius': 0, alerting: 1 }, openFollowUps: 2, experts: [] });
    assert.deepEqual(report.components.map((c) => c.name), ['payments', 'lib/util', 'x|y*[z](j:a)', '.', 'services/api/v1', 'api']);

    const md = await runCli(['report', '--since', '30d'], dir, process.env);
    assert.equal(md.code, 0, md.stderr);
    assert.ok(md.stdout.includes('| Component | Incidents | Worst | Lessons: debuggability | Lessons: blast-radius | Lessons: alerting | Open follow-ups | Experts |'), md.stdout);
    assert.ok(md.stdout.includes('| payments (service) | 2 (INC-2, INC-1) | SEV1 | 1 | 0 | 1 | 2 |  |'), md.stdout);
    assert.ok(md.stdout.includes('| x\\|y\\*\\[z\\](j:a)/ | 1 (INC-9) | SEV2 | 0 | 0 | 0 | 0 |  |'), md.stdout);
    assert.ok(!md.stdout.includes('## Who to ask'), 'nobody to ask: no section');
    assert.ok(!md.stdout.includes('lib/util/ | 2'), 'INC-3 is 90 days old: outside 30d');
  });

  it('rejects a bad period or format with exit code 2 and what to write', async () => {
    writeRepo(dir, specs(), new Date());
    const since = await runCli(['report', '--since', 'last-year'], dir, process.env);
    assert.equal(since.code, 2);
    assert.match(since.stderr, /--since: "last-year" is not a period start: write a number of days or weeks \(90d, 12w\) or a date/);
    const format = await runCli(['report', '--format', 'xml'], dir, process.env);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format xml is not one of markdown, json/);
  });
});

describe('where to invest: the experts of each component', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'incident-lens-experts-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const now = new Date('2026-06-01T12:00:00Z');
  const people: Spec[] = [
    { id: 'INC-1', severity: 'SEV2', daysAgo: 10, links: ['src/payments/charge.ts', 'src/payments/refund.ts'], responders: ['alice', 'bob'] },
    { id: 'INC-2', severity: 'SEV1', daysAgo: 20, links: ['src/payments/refund.ts', 'lib/util/strings.ts'], responders: ['Alice'] },
    { id: 'INC-3', severity: 'SEV3', daysAgo: 200, links: ['src/payments/charge.ts'], responders: ['old-timer'] },
  ];
  // One fix changed two files of payments and one of lib/util; another changed a file nobody linked.
  const fixes: Fix[] = [
    { commit: 'a'.repeat(40), author: { name: 'Fay Fixer', email: 'fay@example.com' }, date: '2026-05-20T10:00:00Z', subject: 'Fix INC-2', incidents: ['INC-2'],
      files: [{ path: 'src/payments/refund.ts', lines: [] }, { path: 'src/payments/charge.ts', lines: [] }, { path: 'lib/util/strings.ts', lines: [] }] },
    { commit: 'b'.repeat(40), author: { name: 'Elsewhere', email: 'else@example.com' }, date: '2026-05-21T10:00:00Z', subject: 'Fix INC-1', incidents: ['INC-1'], files: [{ path: 'docs/x.md', lines: [] }] },
  ];

  it('merges the people of every linked file: each reason once, scores summed by reason, CODEOWNERS once per rule', async () => {
    writeRepo(dir, people, now);
    writeFileSync(join(dir, 'CODEOWNERS'), 'src/payments/ @payments-team\nlib/ @core\n');
    const workspace = await loadWorkspace(dir, { git: false });
    const incidents = workspace.index.incidents();
    const investment = await withExperts(whereToInvest(incidents, workspace.config, { since: '90d', now }), {
      root: dir, incidents, references: workspace.config.references, now, gitAllowed: false, fixes, limit: 10,
    });
    const byName = new Map(investment.components.map((c) => [c.name, c.experts?.map((e) => [e.name, e.score, e.reasons.map((r) => r.detail)])]));
    assert.deepEqual(byName.get('payments'), [
      ['alice', 6, ['responded to INC-1 (linked here as root-cause)', 'responded to INC-2 (linked here as root-cause)']],
      ['bob', 3, ['responded to INC-1 (linked here as root-cause)']],
      ['Fay Fixer', 3, [`wrote the fix for INC-2 (commit aaaaaaa, 2026-05-20)`]],
      ['@payments-team', 1, ['owns src/payments/ by CODEOWNERS (CODEOWNERS line 1)']],
    ]);
    assert.deepEqual(byName.get('lib/util'), [
      ['Alice', 3, ['responded to INC-2 (linked here as root-cause)']],
      ['Fay Fixer', 3, [`wrote the fix for INC-2 (commit aaaaaaa, 2026-05-20)`]],
      ['@core', 1, ['owns lib/ by CODEOWNERS (CODEOWNERS line 2)']],
    ]);
    // Outside the period, INC-3's responder is nobody to ask; the JSON names people and reasons.
    assert.ok(!JSON.stringify(investment).includes('old-timer'));
    assert.deepEqual(investmentJson(investment).components[0]?.experts?.[2], { name: 'Fay Fixer', email: 'fay@example.com', reasons: ['wrote the fix for INC-2 (commit aaaaaaa, 2026-05-20)'] });
  });

  it('keeps the top people per component (3 by default) and a component without files has none', async () => {
    writeRepo(dir, [...people, { id: 'INC-4', severity: 'SEV4', daysAgo: 1, services: ['api'], responders: ['carol'] }], now);
    const workspace = await loadWorkspace(dir, { git: false });
    const incidents = workspace.index.incidents();
    const { components } = whereToInvest(incidents, workspace.config, { since: '90d', now });
    const experts = await componentExperts(components, { root: dir, incidents, references: [], now, gitAllowed: false, fixes });
    assert.equal(experts.length, components.length);
    assert.deepEqual(experts[components.findIndex((c) => c.name === 'payments')]?.map((e) => e.name), ['alice', 'bob', 'Fay Fixer']);
    assert.deepEqual(experts[components.findIndex((c) => c.name === 'api')], []);
  });

  it('mergeExperts joins a person by email, else by name, case-insensitively', () => {
    const merged = mergeExperts([
      { name: 'Ann', email: 'ann@example.com', score: 3, reasons: [{ kind: 'fix-author', detail: 'wrote the fix for INC-1 (commit 1234567, 2026-01-01)', incident: 'INC-1', commit: '1234567' }] },
      { name: 'Ann B.', email: 'ANN@example.com', score: 3, reasons: [{ kind: 'fix-author', detail: 'wrote the fix for INC-1 (commit 1234567, 2026-01-01)', incident: 'INC-1', commit: '1234567' }, { kind: 'owner', detail: 'owns a/ by CODEOWNERS (CODEOWNERS line 1)' }] },
      { name: 'zed', score: 1, reasons: [{ kind: 'owner', detail: 'owns b/' }] },
      { name: 'ZED', score: 1, reasons: [{ kind: 'owner', detail: 'owns c/' }] },
    ], 10);
    assert.deepEqual(merged.map((e) => [e.name, e.email, e.score, e.reasons.length]), [['Ann', 'ann@example.com', 4, 2], ['zed', undefined, 2, 2]]);
  });
});

describe('incident-lens report: experts', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'incident-lens-report-experts-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('names each component\'s experts in the JSON and in the Markdown, escaped as text', async () => {
    writeRepo(dir, [
      { id: 'INC-1', severity: 'SEV2', daysAgo: 3, links: ['src/payments/charge.ts'], responders: ['alice', '"<b>mallory|*</b>"'] },
      { id: 'INC-2', severity: 'SEV3', daysAgo: 4, links: ['lib/util/x.ts'] },
    ], new Date());
    writeFileSync(join(dir, 'CODEOWNERS'), 'src/ @payments-team\n');
    const json = await runCli(['report', '--format', 'json'], dir, process.env);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { components: { name: string; experts: unknown[] }[] };
    assert.deepEqual(report.components.map((c) => [c.name, c.experts]), [
      ['payments', [
        { name: '<b>mallory|*</b>', email: null, reasons: ['responded to INC-1 (linked here as root-cause)'] },
        { name: 'alice', email: null, reasons: ['responded to INC-1 (linked here as root-cause)'] },
        { name: '@payments-team', email: null, reasons: ['owns src/ by CODEOWNERS (CODEOWNERS line 1)'] },
      ]],
      ['lib/util', []],
    ]);
    const md = await runCli(['report'], dir, process.env);
    assert.equal(md.code, 0, md.stderr);
    assert.ok(md.stdout.includes('| payments (service) | 1 (INC-1) | SEV2 | 0 | 0 | 0 | 0 | \\<b\\>mallory\\|\\*\\</b\\>, alice, @payments-team |'), md.stdout);
    assert.ok(md.stdout.includes('## Who to ask\n\n- payments: \\<b\\>mallory\\|\\*\\</b\\> (responded to INC-1 (linked here as root-cause)), alice (responded to INC-1 (linked here as root-cause)), @payments-team (owns src/ by CODEOWNERS (CODEOWNERS line 1))\n'), md.stdout);
  });
});

describe('incident-lens report: experts from git history', () => {
  it('names the author of a fix to the component\'s linked code, from a real repository', async () => {
    const repo = makeRepo();
    try {
      repo.write('src/pay.ts', `${'fixed\n'.repeat(5)}`);
      repo.git('add', '-A');
      repo.git('-c', 'user.name=Fay Fixer', '-c', 'user.email=fay@example.com', 'commit', '-q', '--author=Fay Fixer <fay@example.com>', '-m', 'Add jitter to the retry loop\n\nFixes INC-1');
      const json = await runCli(['report', '--format', 'json'], repo.dir, repo.env);
      assert.equal(json.code, 0, json.stderr);
      const report = JSON.parse(json.stdout) as { components: { name: string; experts: { name: string; email: string | null; reasons: string[] }[] }[] };
      const src = report.components.find((c) => c.name === 'src');
      assert.equal(src?.experts[0]?.name, 'Fay Fixer');
      assert.equal(src?.experts[0]?.email, 'fay@example.com');
      assert.match(src?.experts[0]?.reasons[0] ?? '', /^wrote the fix for INC-1 \(commit [0-9a-f]{7}, \d{4}-\d{2}-\d{2}\)$/);
    } finally {
      repo.remove();
    }
  });
});
