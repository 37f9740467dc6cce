// The walkthrough as a new user meets it: opened from the palette, its steps unchecked, and a
// step checked off by doing what it teaches (here: showing the incidents of a file).
import * as assert from 'node:assert/strict';
import { openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('The Get Started walkthrough', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('opens from the palette and checks a step off when its command runs', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    await page.locator('.codelens-decoration', { hasText: 'INC-142' }).waitFor();
    await runCommand(page, 'Incident Lens: Get Started');
    await page.locator('.gettingStartedContainer', { hasText: 'Get Started with Incident Lens' }).waitFor();
    const step = page.locator('.getting-started-step', { hasText: 'Read a lens and its hover' });
    await step.waitFor();
    const titles = await page.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepEqual(titles.map((t) => t.trim()), ['Link code to an incident', 'Read a lens and its hover', 'Start an incident and log a note', 'Connect your incident platform', 'Ask who knows this code', 'Check a change before you commit']);
    await screenshot(page, 'walkthrough');
    assert.equal(await step.locator('[role=checkbox][aria-checked="true"]').count(), 0, 'not done yet');
    assert.equal(await step.locator('[role=checkbox][aria-checked="false"]').count(), 1, 'an unchecked step');

    await page.locator('.tab', { hasText: 'charge.ts' }).click();
    await page.locator('.tab.active[aria-label^="charge.ts"]').waitFor();
    await runCommand(page, 'Incident Lens: Show Incidents for This File');
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'INC-142' }).first().waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.tab', { hasText: 'Welcome' }).first().click();
    await step.locator('[role=checkbox][aria-checked="true"]').waitFor();
  });
});
