import * as assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { answerQuickInput, openFile, openIncidentLensSidebar, openWorkbench, runCommand, screenshot, treeRow, type Workbench } from './workbench';

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

  it('writes nothing into the workspace: CodeLens toggle and Group By act for the session, Export stays unsaved', async () => {
    const { page, workspace } = workbench;
    const written = () => existsSync(join(workspace, '.vscode')) || readdirSync(join(workspace, '.incidents')).some((name) => name.endsWith('.review.md'));
    await openFile(page, 'src/payments/charge.ts');
    const lens = page.locator('.codelens-decoration', { hasText: 'SEV1 INC-142' });
    await lens.waitFor({ timeout: 30_000 });

    await runCommand(page, 'Toggle Incident CodeLens');
    await lens.waitFor({ state: 'detached', timeout: 30_000 });
    await runCommand(page, 'Toggle Incident CodeLens');
    await lens.waitFor({ timeout: 30_000 });

    await openIncidentLensSidebar(page);
    await runCommand(page, 'Group Incidents By…');
    await answerQuickInput(page, 'Severity', { row: 'Severity' });
    await treeRow(page, 'Incidents', 'SEV1').waitFor({ timeout: 30_000 });

    await runCommand(page, 'Export Incident Timeline');
    await answerQuickInput(page, 'INC-142', { row: 'INC-142' });
    await page.locator('.notifications-toasts', { hasText: 'nothing is written into the workspace' }).waitFor({ timeout: 30_000 });
    await page.locator('.tab.active', { hasText: 'Untitled' }).waitFor();
    await page.locator('.monaco-editor .view-lines', { hasText: 'INC-142: Checkout requests time out' }).first().waitFor();
    await screenshot(page, 'untrusted-export');
    assert.equal(written(), false, 'something was written into the workspace');
  });
});
