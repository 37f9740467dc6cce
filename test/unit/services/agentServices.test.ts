import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_TOOLS, type AgentContext } from '../../../src/services/agentTools';
import { rankHotspots } from '../../../src/services/hotspots';
import { searchIncidents } from '../../../src/services/search';
import { incidentsForStackTrace } from '../../../src/services/stackTrace';
import { loadWorkspace, type LoadedWorkspace } from '../../../src/services/workspace';
import { copyDemoWithHistory, FIXER, repo, type DemoRepository } from './fixtureWorkspace';

const NOW = new Date('2026-11-30T00:00:00Z');

describe('agent services over the demo workspace', function () {
  this.timeout(30_000);
  let demo: DemoRepository;
  let workspace: LoadedWorkspace;
  let context: AgentContext;

  before(async () => {
    // A repository whose history has Priya Shah's commit "Fixes INC-142" on charge.ts lines 36-39.
    demo = copyDemoWithHistory();
    workspace = await loadWorkspace(demo.root);
    context = { folders: [workspace], now: NOW };
  });
  after(() => demo.dispose());

  const tool = (name: string) => {
    const found = AGENT_TOOLS.find((t) => t.name === name);
    assert.ok(found, name);
    return found;
  };

  it('finds the incidents at the frames of a Node trace, skips the rest and names who to ask', async () => {
    const trace = [
      'TypeError: gateway timeout',
      `    at PaymentService.charge (${join('/srv/app', 'src/payments/charge.ts')}:37:13)`,
      '    at HttpPaymentGateway.charge (C:\\build\\app\\src\\payments\\gateway.ts:20:9)',
      '    at Router.handle (/srv/app/node_modules/express/lib/router/index.js:284:7)',
      '    at Server.listen (/srv/app/src/api/server.ts:5:1)',
      '    at processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    const report = await incidentsForStackTrace(workspace, trace);
    assert.deepEqual(report.frames.map((f) => [f.path ?? f.skipped, f.linked.map((l) => l.incident.id)]), [
      ['src/payments/charge.ts', ['INC-142', 'INC-131']],
      ['src/payments/gateway.ts', ['INC-142', 'INC-170']],
      ['library code (node_modules)', []],
      ['src/api/server.ts', []],
      ['runtime internals', []],
    ]);
    assert.deepEqual(report.incidents.map((i) => i.id), ['INC-142', 'INC-170', 'INC-131']);
    // bob responded to INC-142 (at both frames) and INC-170; Priya wrote the fix of line 37 and changed it lately.
    assert.deepEqual(report.people.map((p) => [p.name, p.score]), [['bob', 9], ['alice', 6], ['Priya Shah', 5], ['carol', 3], ['@payments-team', 2]]);
    const priya = report.people.find((p) => p.name === FIXER.name);
    assert.equal(priya?.email, FIXER.email);
    assert.deepEqual(priya?.reasons.map((r) => r.detail), [`wrote the fix for INC-142 (commit ${demo.fix.slice(0, 7)}, ${demo.fixDay})`, 'changed this line in the last year']);
  });

  it('names only responders and CODEOWNERS where git may not run (an untrusted workspace)', async () => {
    const untrusted = await loadWorkspace(demo.root, { git: false });
    const report = await incidentsForStackTrace(untrusted, '    at f (/srv/app/src/payments/charge.ts:37:1)');
    assert.deepEqual(report.people.map((p) => [p.name, p.reasons.map((r) => r.detail)]), [
      ['alice', ['responded to INC-142 (linked here as root-cause)']],
      ['bob', ['responded to INC-142 (linked here as root-cause)']],
      ['carol', ['responded to INC-131 (linked here as contributing)']],
      ['@payments-team', ['owns src/payments/ by CODEOWNERS (.github/CODEOWNERS line 1)']],
    ]);
  });

  it('finds nothing for a frame on a line outside every linked range', async () => {
    const report = await incidentsForStackTrace(workspace, '  File "/srv/app/src/payments/charge.ts", line 3, in charge\n');
    assert.equal(report.frames[0]?.path, 'src/payments/charge.ts');
    assert.deepEqual(report.incidents, []);
  });

  it('searches by words, service, severity and date, most recent first', () => {
    assert.deepEqual(searchIncidents([workspace.index], { services: ['payments-api'] }).hits.map((h) => h.incident.id), ['INC-170', 'INC-142', 'INC-163', 'INC-131']);
    assert.deepEqual(searchIncidents([workspace.index], { text: 'retry storm' }).hits.map((h) => h.incident.id), ['INC-142']);
    assert.deepEqual(searchIncidents([workspace.index], { severities: ['SEV3'], until: '2026-08-20' }).hits.map((h) => h.incident.id), ['INC-131']);
    assert.equal(searchIncidents([workspace.index], { since: '2026-11-01', limit: 1 }).total > 1, true);
    assert.throws(() => searchIncidents([workspace.index], { since: 'last tuesday' }), /since "last tuesday" is not a date/);
  });

  it('ranks hotspots with the core risk score, the retry loop first', () => {
    const ranked = rankHotspots(workspace.index, NOW, () => workspace.config);
    assert.equal(ranked[0]?.path, 'src/payments/charge.ts');
    assert.ok(ranked.every((spot, i) => i === 0 || (ranked[i - 1]?.risk.score ?? 0) >= spot.risk.score));
  });

  it('answers incidents_at_location with severity, role, link note, summary, notes at the code and people', async () => {
    const text = await tool('incidents_at_location').run({ path: 'src/payments/charge.ts', line: 37 }, context);
    assert.match(text, /^2 incidents are linked at src\/payments\/charge\.ts:37:/);
    assert.match(text, /INC-142 · SEV1 · resolved · started 2026-11-13/);
    assert.match(text, /Linked: root-cause at src\/payments\/charge\.ts:23-42 \(symbol PaymentService\.charge\) — Retry loop had no jitter/);
    assert.match(text, /Summary: Retries without jitter amplified a slow database into a full outage\./);
    assert.match(text, /Note 2026-11-13T14:07:11Z alice observation \(src\/payments\/charge\.ts:36-39\): p99 on \/charge jumped to 30s/);
    assert.ok(text.endsWith([
      'People to ask:',
      `  Priya Shah <priya@example.com>: wrote the fix for INC-142 (commit ${demo.fix.slice(0, 7)}, ${demo.fixDay}); changed this line in the last year`,
      '  alice: responded to INC-142 (linked here as root-cause)',
      '  bob: responded to INC-142 (linked here as root-cause)',
      '  carol: responded to INC-131 (linked here as contributing)',
      '  @payments-team: owns src/payments/ by CODEOWNERS (.github/CODEOWNERS line 1)',
    ].join('\n')), text);
    assert.match(await tool('incidents_at_location').run({ path: `${demo.root}/src/payments/charge.ts:3` }, context), /^No incidents are linked at src\/payments\/charge\.ts:3\./);
    await assert.rejects(tool('incidents_at_location').run({}, context), /Give "path"/);
    await assert.rejects(tool('incidents_at_location').run({ path: '/etc/passwd' }, context), /outside the workspace/);
  });

  it('answers by symbol, search, hotspots and trace in text an agent can cite', async () => {
    assert.match(await tool('incidents_at_location').run({ path: 'src/payments/gateway.ts', symbol: 'charge' }, context), /INC-142/);
    const search = await tool('search_incidents').run({ text: 'gateway' }, context);
    assert.match(search, /INC-131 · SEV3 · closed/);
    assert.match(search, /Linked code: src\/payments\/charge\.ts:23-42/);
    assert.match(await tool('incident_hotspots').run({ limit: 2 }, context), /^2 riskiest linked files[^\n]*\n1\. src\/payments\//);
    const trace = await tool('incidents_for_stack_trace').run({ trace: '    at f (/srv/app/src/payments/charge.ts:30:1)' }, context);
    assert.match(trace, /#1 f src\/payments\/charge\.ts:30 → INC-142 SEV1 root-cause; INC-131 SEV3 contributing/);
    await assert.rejects(tool('log_incident_note').run({ text: 'x' }, context), /not allowed/);
  });

  it('declares in package.json the same language-model tools, names and schemas as the catalogue', () => {
    const manifest = JSON.parse(readFileSync(join(repo(), 'package.json'), 'utf8')) as { contributes: { languageModelTools: { name: string; toolReferenceName: string; modelDescription: string; inputSchema: unknown; canBeReferencedInPrompt: boolean }[] } };
    const declared = manifest.contributes.languageModelTools;
    assert.deepEqual(declared.map((t) => t.name), AGENT_TOOLS.map((t) => t.lmName));
    for (const t of AGENT_TOOLS) {
      const entry = declared.find((d) => d.name === t.lmName);
      assert.deepEqual(entry?.inputSchema, t.inputSchema, t.lmName);
      assert.equal(entry?.modelDescription, t.description, t.lmName);
      assert.equal(entry?.toolReferenceName, t.referenceName);
      assert.equal(entry?.canBeReferencedInPrompt, true);
    }
  });
});
