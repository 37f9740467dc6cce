// An incident review as a team holds it: Start Incident Review on a resolved incident, a
// lesson and a follow-up added through the notes panel's Review section, then seen in the
// incident file on disk, in the open follow-ups lens over the linked code, and in Hotspots
// grouped by component with the component's experts.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { answerQuickInput, goToLine, openFile, openIncidentLensSidebar, openWorkbench, runCommand, screenshot, treeRow, type Workbench } from './workbench';

const LESSON = 'No log line named the <b>gateway</b> call';
const FOLLOW_UP = 'Log the gateway call id';

function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview >> visible=true').frameLocator('#active-frame');
}

async function waitForFile(file: string, check: (text: string) => boolean): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = readFileSync(file, 'utf8');
    if (check(text)) return text;
    if (Date.now() > deadline) throw new Error(`${file} never reached the expected state:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('Incident review', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `review-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => workbench?.close());

  it('adds a lesson and a follow-up through the Review section, written to the file', async () => {
    const { page } = workbench;
    const file = join(workbench.workspace, '.incidents', 'INC-292.yaml');
    const started = new Date(Date.now() - 5 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    writeFileSync(file, `id: INC-292\ntitle: Gateway timeouts at checkout\nseverity: SEV1\nstatus: resolved\nstarted_at: ${started}\nlinks:\n  - path: src/payments/charge.ts\n    role: root-cause\n`);

    await runCommand(page, 'Start Incident Review');
    await answerQuickInput(page, 'INC-292', { row: 'INC-292' });
    const review = panel(page).locator('#review');
    await review.locator('.practice[data-practice="debuggability"]').waitFor({ timeout: 60_000 });
    assert.match(await review.locator('.practice[data-practice="alerting"] .prompt').textContent() ?? '', /Did the signal lead straight to the cause/);

    await review.locator('.practice[data-practice="debuggability"] vscode-text-area textarea').fill(LESSON);
    await review.locator('.practice[data-practice="debuggability"] vscode-button[data-action="add-lesson"]').click();
    await review.locator('.practice[data-practice="debuggability"] .lessons li', { hasText: LESSON }).waitFor({ timeout: 60_000 });

    await review.locator('vscode-text-area.follow-up-title textarea').fill(FOLLOW_UP);
    await review.locator('vscode-text-area.follow-up-owner textarea').fill('payments-oncall');
    await review.locator('vscode-button[data-action="add-follow-up"]').click();
    await review.locator('.follow-up .title', { hasText: FOLLOW_UP }).waitFor({ timeout: 60_000 });

    const text = await waitForFile(file, (t) => t.includes(FOLLOW_UP));
    assert.ok(text.startsWith('id: INC-292\ntitle: Gateway timeouts at checkout\n'), text);
    assert.ok(text.includes(`review:\n  lessons:\n    - practice: debuggability\n      text: ${LESSON}\n  follow_ups:\n    - title: ${FOLLOW_UP}\n      owner: payments-oncall\n      status: open\n      opened_at: `), text);
  });

  it('exports the review: lessons by practice and the follow-ups in the Markdown draft', async () => {
    const { page } = workbench;
    await runCommand(page, 'Export Incident Timeline');
    await answerQuickInput(page, 'INC-292', { row: 'INC-292' });
    await page.locator('.tab.active', { hasText: 'INC-292.review.md' }).waitFor();
    // The draft's end: the Lessons section by practice, then the review's follow-up as a task, with its owner.
    await goToLine(page, 53);
    const lines = page.locator('.monaco-editor .view-lines').first();
    await lines.locator('.view-line', { hasText: '- [ ] Log the gateway call id (owner: payments-oncall)' }).waitFor();
    await lines.locator('.view-line', { hasText: '## Follow-ups' }).waitFor();
    await lines.locator('.view-line', { hasText: '### blast-radius' }).waitFor();
    await lines.locator('.view-line', { hasText: '- No log line named the \\<b\\>gateway\\</b\\> call' }).waitFor();
    await screenshot(page, 'review-export');
  });

  it('shows the open follow-up as a lens over the linked code, and opens it from there', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    const lens = page.locator('.codelens-decoration a', { hasText: '1 open follow-up' });
    await lens.waitFor({ timeout: 60_000 });
    assert.equal((await lens.innerText()).trim(), '1 open follow-up');
    await screenshot(page, 'follow-ups-lens');
    await lens.click();
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: FOLLOW_UP });
    await row.waitFor();
    assert.match(await row.innerText(), /payments-oncall/);
    assert.match(await row.innerText(), /INC-292: Gateway timeouts at checkout/);
    await row.click();
    await page.locator('.tab.active[aria-label^="INC-292.yaml"]').waitFor();
    // The cursor stands on the follow-up's line (line 14 of the file the first test wrote).
    await page.locator('.statusbar-item', { hasText: 'Ln 14, Col 1' }).waitFor();
  });

  it('shows the component in Hotspots grouped by component', async () => {
    const { page } = workbench;
    await openIncidentLensSidebar(page);
    await runCommand(page, 'Group Hotspots By…');
    await answerQuickInput(page, 'Component', { row: 'Component' });
    const row = treeRow(page, 'Hotspots', 'payments-api');
    await row.waitFor({ timeout: 60_000 });
    assert.match(await row.locator('.label-description').textContent() ?? '', /incidents? · SEV1 · 1 open follow-up/);
    // Its experts: the people to ask about the component's linked code.
    await row.click();
    const experts = treeRow(page, 'Hotspots', 'Experts');
    await experts.waitFor();
    await experts.click();
    const alice = treeRow(page, 'Hotspots', 'alice');
    await alice.waitFor({ timeout: 60_000 });
    assert.match(await alice.locator('.label-description').textContent() ?? '', /responded to INC-142/);
    await screenshot(page, 'hotspots-component-experts');
  });
});
