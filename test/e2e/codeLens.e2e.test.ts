import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { AGE, eventually, goToLine, openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

describe('Incident Lens in the workbench', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('shows the incident lens above the linked code of the demo workspace', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    const lens = page.locator('.codelens-decoration', { hasText: 'INC-142' });
    await lens.waitFor({ timeout: 60_000 });
    assert.match((await lens.innerText()).trim(), new RegExp(`^2 incidents · last ${AGE} · SEV1 INC-142$`));
    await screenshot(page, 'codelens');
  });

  it('opens a pick of the incidents behind a lens, and the chosen one', async () => {
    const { page } = workbench;
    await page.locator('.codelens-decoration a', { hasText: 'INC-142' }).click();
    const rows = page.locator('.quick-input-widget .monaco-list-row');
    await rows.first().waitFor();
    const labels = await visibleRowsInOrder(rows);
    assert.equal(labels.length, 2);
    assert.match(labels[0] ?? '', /INC-142: Checkout requests time out under retry storm/);
    assert.match(labels[1] ?? '', /INC-131: Customers charged twice after gateway timeouts/);
    await screenshot(page, 'lens-quick-pick');
    await page.keyboard.press('Enter');
    await page.locator('.tab.active[aria-label^="INC-142.yaml"]').waitFor();
  });

  it('shows the incidents behind linked code on hover', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    await page.locator('.view-line', { hasText: 'attempt++;' }).locator('span', { hasText: 'attempt' }).first().hover();
    const hover = page.locator('.monaco-hover-content', { hasText: 'INC-142: Checkout requests time out under retry storm' });
    await hover.waitFor({ timeout: 60_000 });
    const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(text, /root-cause: Retry loop had no jitter/);
    assert.match(text, /Responders: alice, bob/);
    assert.match(text, /INC-131: Customers charged twice after gateway timeouts/);
    await screenshot(page, 'hover');
    await page.keyboard.press('Escape');
  });

  it('hides one lens from its hover, and Show Hidden Lenses brings it back', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    const lens = page.locator('.codelens-decoration', { hasText: 'SEV1 INC-142' });
    await lens.waitFor({ timeout: 60_000 });
    await page.locator('.view-line', { hasText: 'attempt++;' }).locator('span', { hasText: 'attempt' }).first().hover();
    const hover = page.locator('.monaco-hover-content', { hasText: 'INC-142: Checkout requests time out under retry storm' });
    await hover.waitFor({ timeout: 60_000 });
    // The link is at the hover's end: the pointer moves into the hover (which keeps it open) and scrolls it there.
    const hide = hover.locator('a', { hasText: 'Hide this lens' });
    const box = await hover.boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
    await eventually(async () => {
      await page.mouse.wheel(0, 200);
      const [link, shown] = [await hide.boundingBox(), await hover.locator('xpath=ancestor::*[contains(@class,"monaco-hover")][1]').boundingBox()];
      assert.ok(link && shown && link.y >= shown.y && link.y + link.height <= shown.y + shown.height, 'the hover shows "Hide this lens" in its visible part');
    });
    await screenshot(page, 'hide-lens');
    await hide.click();
    await lens.waitFor({ state: 'detached', timeout: 60_000 });
    await runCommand(page, 'Incident Lens: Show Hidden Lenses');
    await lens.waitFor({ timeout: 60_000 });
  });

  it('colours an incident id in a comment with the reference grammar', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    await goToLine(page, 36, 15);
    await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
    const inspector = page.locator('.token-inspect-widget', { hasText: 'textmate scopes' });
    await inspector.waitFor();
    const text = await inspector.innerText();
    assert.match(text, /textmate scopes\s+constant\.other\.reference\.link\.incident\.incident-lens/);
    assert.match(text, /constant\.other\.reference\.link\.incident\.incident-lens/);
    assert.match(text, /comment\.line\.double-slash\.ts/);
    await page.keyboard.press('Escape');
  });

  it('lists a broken incident file in the Problems panel while the others keep their lenses', async () => {
    const { page, workspace } = workbench;
    writeFileSync(join(workspace, '.incidents/INC-190.yaml'), 'id: INC-190\ntitle: Broken\nseverity: SEV2\nstatus: finished\n');
    await runCommand(page, 'View: Focus Problems');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'status must be one of' });
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.innerText(), /\[Ln 4, Col 9\]/);
    await openFile(page, 'src/payments/charge.ts');
    await page.locator('.codelens-decoration', { hasText: 'SEV1 INC-142' }).waitFor({ timeout: 60_000 });
    await screenshot(page, 'problems');
  });
});

/** List rows as the user sees them: the virtual list's DOM order is not its visual order. */
async function visibleRowsInOrder(rows: Locator): Promise<string[]> {
  const entries = await rows.evaluateAll((elements) => elements.map((e) => [Number(e.getAttribute('data-index')), e.textContent ?? ''] as const));
  return [...entries].sort((a, b) => a[0] - b[0]).map(([, text]) => text);
}
