import * as assert from 'node:assert/strict';
import { openFile, openWorkbench, screenshot, type Workbench } from './workbench';

describe('An untrusted workspace', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ trustWorkspaces: false });
    // A folder nobody trusted opens in Restricted Mode.
    await workbench.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 60_000 });
  });
  after(async () => workbench?.close());

  it('still shows the incident history above the code', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    const lens = page.locator('.codelens-decoration', { hasText: 'SEV1 INC-142' });
    await lens.waitFor({ timeout: 60_000 });
    await screenshot(page, 'untrusted');
  });

  it('offers none of the commands that write, run git or reach a platform', async () => {
    const { page } = workbench;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.fill('>Incident Lens:');
    await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
    const titles = await page.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts();
    await page.keyboard.press('Escape');
    const offered = titles.join('\n');
    assert.match(offered, /Show Incidents for This File/);
    for (const hidden of ['Link Selection to Incident', 'Start Incident', 'Log Incident Note', 'Connect Incident Platform', 'Sync Incidents', 'New Incident', 'Repair Stale Links']) {
      assert.doesNotMatch(offered, new RegExp(hidden), `${hidden} is offered in Restricted Mode`);
    }
  });
});
