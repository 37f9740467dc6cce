import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseIncidentFile } from '../../src/core/parseIncident';
import { PD_FROM, PD_TOKEN, pagerDutyIncidents, startFakePagerDuty, type FakePagerDuty } from '../unit/providers/fakes/fakePagerDuty';
import { answerQuickInput, clickRowAction, findNotification, openIncidentLensSidebar, openWorkbench, runCommand, screenshot, treeRow, treeRows, type Workbench } from './workbench';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String).map((f) => join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('Incident platforms', function () {
  this.timeout(180_000);
  let fake: FakePagerDuty;
  let workbench: Workbench;

  before(async () => {
    fake = await startFakePagerDuty(pagerDutyIncidents(5));
    workbench = await openWorkbench({ settings: { 'incidentLens.platforms.pagerduty.baseUrl': fake.url, 'incidentLens.platforms.pagerduty.fromEmail': PD_FROM } });
  });
  afterEach(async function () {
    // A failure's screenshot says more than its timeout.
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `platforms-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => {
    await workbench?.close();
    await fake?.close();
  });

  it('refuses a token the platform rejects, and says why', async () => {
    const { page } = workbench;
    await runCommand(page, 'Incident Lens: Connect Incident Platform…');
    await answerQuickInput(page, 'PagerDuty', { row: 'PagerDuty' });
    await answerQuickInput(page, 'not-the-token', { step: /Connect PagerDuty: token/ });
    const refused = await findNotification(page, 'Not connected');
    assert.match(await refused.innerText(), /PagerDuty rejected the token \(401\)/);
    // Left to hide by itself: the next test finds its own notification by its text.
  });

  it('connects, syncs every page and shows the incidents in the Synced section', async () => {
    const { page } = workbench;
    await runCommand(page, 'Incident Lens: Connect Incident Platform…');
    await answerQuickInput(page, 'PagerDuty', { row: 'PagerDuty' });
    await answerQuickInput(page, PD_TOKEN, { step: /Connect PagerDuty: token/ });
    const connected = await findNotification(page, 'Connected to PagerDuty.');
    await connected.locator('a.monaco-button', { hasText: 'Sync Incidents' }).click();
    await answerQuickInput(page, 'Everything', { row: 'Everything' });
    await answerQuickInput(page, 'All statuses', { row: 'All statuses' });
    await answerQuickInput(page, '', { step: /services and teams \(optional\)/ });
    await openIncidentLensSidebar(page);
    await treeRow(page, 'Incidents', 'Synced').waitFor({ timeout: 60_000 });
    const rows = await treeRows(page, 'Incidents');
    assert.ok(rows.some((r) => r.startsWith('Synced|5')), rows.join('\n'));
    await treeRow(page, 'Incidents', 'Synced').click();
    await treeRow(page, 'Incidents', 'PD-1: Incident 1').waitFor();
    assert.ok(fake.requests.some((r) => r.path === '/incidents'), 'the fake was asked for incidents');
    assert.ok(fake.requests.every((r) => r.headers.authorization === `Token token=${PD_TOKEN}` || r.headers.authorization !== undefined));
    await screenshot(page, 'synced');
  });

  it('starts an incident from one the platform already has open', async () => {
    const { page, workspace } = workbench;
    await runCommand(page, 'Incident Lens: Start Incident…');
    await answerQuickInput(page, 'Incident 2', { row: 'PD-2: Incident 2' });
    const frame = page.frameLocator('iframe.webview >> visible=true').frameLocator('#active-frame');
    await frame.locator('.incident-id', { hasText: 'PD-2' }).waitFor({ timeout: 60_000 });
    const { incident } = parseIncidentFile(readFileSync(join(workspace, '.incidents/PD-2.yaml'), 'utf8'));
    assert.deepEqual(incident?.source, { provider: 'pagerduty', id: 'P000002' });
    assert.equal(incident?.status, 'investigating');
    await treeRow(page, 'Incidents', 'Synced').locator('.label-description', { hasText: '4' }).waitFor();
  });

  it('adds a synced incident to the repository with its source and URL', async () => {
    const { page, workspace } = workbench;
    await clickRowAction(page, treeRow(page, 'Incidents', 'PD-1: Incident 1'), 'Add to Repository');
    const file = join(workspace, '.incidents/PD-1.yaml');
    for (let i = 0; i < 300 && !existsSync(file); i++) await page.waitForTimeout(100);
    const { incident, problems } = parseIncidentFile(readFileSync(file, 'utf8'));
    assert.deepEqual(problems, []);
    assert.deepEqual(incident?.source, { provider: 'pagerduty', id: 'P000001' });
    assert.equal(incident?.title, 'Incident 1');
    await page.locator('.tab.active[aria-label^="PD-1.yaml"]').waitFor();
    // Now in the repository, it leaves the Synced section.
    await treeRow(page, 'Incidents', 'Synced').locator('.label-description', { hasText: '3' }).waitFor();
  });

  it('posts a note logged on it to the platform\'s timeline, exactly once, and shows it as sent', async () => {
    const { page } = workbench;
    const row = treeRow(page, 'Incidents', 'PD-1: Incident 1');
    await row.waitFor();
    await clickRowAction(page, row, 'Open Incident Notes');
    const frame = page.frameLocator('iframe.webview >> visible=true').frameLocator('#active-frame');
    await frame.locator('.incident-id', { hasText: 'PD-1' }).waitFor({ timeout: 60_000 });
    await frame.locator('#note-text textarea').fill('Paging the database team; replica lag is 40 s');
    await frame.locator('#log-note').click();
    const note = frame.locator('.note', { hasText: 'replica lag is 40 s' });
    await note.locator('.delivery-sent', { hasText: 'sent to PagerDuty' }).waitFor({ timeout: 60_000 });
    const posted = fake.notes.get('P000001') ?? [];
    assert.equal(posted.length, 1);
    assert.match(posted[0]?.content ?? '', /^\[observation\] \(.+\) Paging the database team; replica lag is 40 s(\n.+)?\nOpen in your editor: [a-z-]+:\/\/incident-lens\.incident-lens\/open\?incident=PD-1&note=\d+\n/);
    const from = fake.requests.find((r) => r.method === 'POST' && r.path === '/incidents/P000001/notes')?.headers.from;
    assert.equal(from, PD_FROM);
    await screenshot(page, 'note-sent');
  });

  it('two windows on the folder: a note logged while PagerDuty is down arrives exactly once when it is back', async () => {
    const { page, runDir } = workbench;
    fake.faults = () => 'reset';
    // A second window on the same folder: its own extension host, its own outbox over the same storage.
    const second = await page.context().newPage();
    try {
      await second.goto(page.url());
      await second.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      await openIncidentLensSidebar(second);
      await treeRow(second, 'Incidents', 'PD-1: Incident 1').waitFor({ timeout: 60_000 });
      await page.bringToFront();
      const text = 'Logged while PagerDuty was down: failover started';
      const frame = page.frameLocator('iframe.webview >> visible=true').frameLocator('#active-frame');
      await frame.locator('#note-text textarea').fill(text);
      const before = fake.requests.length;
      await frame.locator('#log-note').click();
      const note = frame.locator('.note', { hasText: text });
      await note.waitFor({ timeout: 30_000 });
      // Tried while down: a post (reset, so perhaps landed), then lookups for it before any second post.
      const tries = () => fake.requests.slice(before).filter((r) => r.path === '/incidents/P000001/notes').length;
      const posted = () => fake.requests.slice(before).some((r) => r.method === 'POST' && r.rawBody.includes('failover started'));
      for (let i = 0; i < 600 && !(posted() && tries() >= 3); i++) await page.waitForTimeout(100);
      assert.ok(posted() && tries() >= 3, 'the note was tried while PagerDuty was down');
      fake.faults = () => undefined;
      await note.locator('.delivery-sent', { hasText: 'sent to PagerDuty' }).waitFor({ timeout: 120_000 });
      // Both windows done: nothing left in the outbox's queue on disk.
      const queued = () => filesUnder(runDir).filter((f) => /[\\/]outbox[\\/]note-[0-9a-f]+\.json$/.test(f));
      for (let i = 0; i < 600 && queued().length > 0; i++) await page.waitForTimeout(100);
      assert.deepEqual(queued(), []);
      const arrived = (fake.notes.get('P000001') ?? []).filter((n) => n.content.includes(text));
      assert.equal(arrived.length, 1);
    } finally {
      fake.faults = () => undefined;
      await second.close();
    }
  });

  it('never writes the token to settings or logs', async () => {
    const { runDir } = workbench;
    const leaks = filesUnder(join(runDir, 'user-data')).filter((f) => /\.(log|json)$/.test(f) && readFileSync(f, 'utf8').includes(PD_TOKEN));
    assert.deepEqual(leaks, []);
  });
});
