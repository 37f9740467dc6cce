import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGE, openIncidentLensSidebar, openWorkbench, screenshot, treeRow, treeRows, widenSidebar, type Workbench } from './workbench';

describe('The Incident Lens sidebar and status bar', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('lists live incidents first, then the rest of the repository, most recent first', async () => {
    const { page } = workbench;
    await openIncidentLensSidebar(page);
    await widenSidebar(page, 560);
    await treeRow(page, 'Incidents', 'INC-142').waitFor({ timeout: 60_000 });
    const rows = (await treeRows(page, 'Incidents')).filter((r) => !r.startsWith('|'));
    assert.deepEqual(rows.slice(0, 2).map((r) => r.split('|')[0]), ['Live', 'INC-170: Gateway latency spikes in eu-west']);
    assert.match(rows[1] ?? '', new RegExp(`\\|SEV3 · investigating · ${AGE}$`));
    assert.deepEqual(rows.slice(2).map((r) => r.split('|')[0]), [
      'In this repository',
      'INC-142: Checkout requests time out under retry storm',
      'INC-163: New checkout flow shown to every user after a bad rollout value',
      'INC-157: Catalog database saturated by a cache stampede',
      'INC-131: Customers charged twice after gateway timeouts',
    ]);
  });

  it('expands an incident to its links, notes and responders, and opens a link at its line', async () => {
    const { page } = workbench;
    await treeRow(page, 'Incidents', 'INC-142').click();
    const link = treeRow(page, 'Incidents', 'PaymentService.charge');
    await link.waitFor();
    // The row's hover (its title and summary) opens below the pointer and covers the rows under it,
    // for as long as the pointer rests there: move it away, as a user would, and let the hover close.
    await page.mouse.move(700, 450);
    await page.locator('.context-view', { hasText: 'INC-142: Checkout' }).waitFor({ state: 'hidden' });
    const rows = await treeRows(page, 'Incidents');
    assert.ok(rows.includes('PaymentService.charge|src/payments/charge.ts:23 · root-cause'), rows.join('\n'));
    assert.ok(rows.includes('HttpPaymentGateway.charge|src/payments/gateway.ts:16 · contributing'), rows.join('\n'));
    assert.ok(rows.includes('Notes|4'), rows.join('\n'));
    assert.ok(rows.includes('Responders|alice, bob'), rows.join('\n'));
    await screenshot(page, 'incidents-tree');
    await link.click();
    await page.locator('.tab.active[aria-label^="charge.ts"]').waitFor();
    await page.locator('.statusbar-item', { hasText: 'Ln 23, Col 1' }).waitFor();
  });

  it('ranks hotspots by risk score', async () => {
    const { page } = workbench;
    await treeRow(page, 'Hotspots', 'charge.ts').waitFor({ timeout: 60_000 });
    const files = (await treeRows(page, 'Hotspots')).map((r) => r.split('|')[0]);
    // charge.ts: SEV1 root cause + SEV3 contributing; gateway.ts: SEV1 contributing + SEV3 related;
    // productCache.ts: SEV2 root cause; featureFlags.ts: SEV2 trigger, a month newer.
    assert.deepEqual(files, ['charge.ts', 'gateway.ts', 'productCache.ts', 'featureFlags.ts']);
    const rows = await treeRows(page, 'Hotspots');
    assert.match(rows[0] ?? '', /^charge\.ts\|2 incidents · SEV1 · src\/payments$/);
    await screenshot(page, 'hotspots-tree');
  });

  it('shows the live incident in the status bar, and a new incident file in the tree without a reload', async () => {
    const { page, workspace } = workbench;
    const status = page.locator('.statusbar-item', { hasText: 'INC-170' });
    await status.waitFor();
    assert.match(await status.innerText(), /INC-170 · (\d+d )?\d\d:\d\d/);
    writeFileSync(join(workspace, '.incidents/INC-175.yaml'), [
      'id: INC-175', 'title: Refunds stuck in pending', 'severity: SEV1', 'status: investigating',
      `started_at: ${new Date(Date.now() - 5 * 60_000).toISOString()}`, 'services: [payments-api]', '',
    ].join('\n'));
    await treeRow(page, 'Incidents', 'INC-175').waitFor({ timeout: 60_000 });
    const live = page.locator('.statusbar-item', { hasText: 'INC-175' });
    await live.waitFor({ timeout: 60_000 });
    assert.match(await live.innerText(), /INC-175 · 00:0[4-6]/);
    await screenshot(page, 'status-bar');
  });
});

describe('The welcome view', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ workspace: (runDir) => {
      const folder = join(runDir, 'empty-service');
      mkdirSync(join(folder, 'src'), { recursive: true });
      writeFileSync(join(folder, 'src/index.ts'), 'export const answer = 42;\n');
      return folder;
    } });
  });
  after(async () => workbench?.close());

  it('explains Incident Lens and offers to create the first incident in a workspace without .incidents/', async () => {
    const { page } = workbench;
    await openIncidentLensSidebar(page);
    const welcome = page.locator('.welcome-view-content', { hasText: 'No incidents in this workspace yet.' });
    await welcome.waitFor({ timeout: 60_000 });
    await welcome.locator('a.monaco-button', { hasText: 'Create First Incident' }).waitFor();
    await screenshot(page, 'welcome');
  });
});
