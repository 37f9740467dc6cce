// A live incident as a responder lives it: started from the palette, notes logged with the
// keybinding and from the panel's form, the panel surviving a window reload with its unsent
// draft, and a hand edit of the incident file showing at once. Asserted in the panel's DOM
// (two iframes deep) and in the YAML file on disk.
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { answerQuickInput, eventually, goToLine, openFile, openIncidentLensSidebar, openWorkbench, runCommand, screenshot, treeRow, type Workbench } from './workbench';

const XSS = '<img src=x onerror=alert(1)>';
const TITLE = 'Refunds stuck in pending';

/** The visible notes panel's document: the webview iframe, then its active frame. */
function panel(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview >> visible=true').frameLocator('#active-frame');
}

/** The document of the panel that shows incident `id`, when several panels are open. */
async function panelShowing(page: Page, id: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (await frame.locator('.incident-id', { hasText: id }).count().catch(() => 0)) return frame;
    }
    await page.waitForTimeout(250);
  }
  throw new Error(`No notes panel shows ${id}.`);
}

/**
 * Reloads the window as the user does it (the workbench persists its editors, the panel among
 * them, on an orderly shutdown; a bare page.reload() races that write to IndexedDB) and returns
 * the panel once it shows its incident's first note again.
 */
async function reloadWindow(page: Page): Promise<FrameLocator> {
  const reloaded = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame(), timeout: 60_000 });
  await runCommand(page, 'Developer: Reload Window');
  await reloaded;
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const frame = panel(page);
  await frame.locator('.timeline .note').first().waitFor({ timeout: 60_000 });
  return frame;
}

describe('Live incident notes panel', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  let id = '';
  const dialogs: string[] = [];
  const cspViolations: string[] = [];

  before(async () => {
    workbench = await openWorkbench();
    workbench.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    workbench.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
  });
  afterEach(async function () {
    // A failure's screenshot says more than its timeout.
    if (this.currentTest?.state === 'failed' && workbench) await screenshot(workbench.page, `notes-failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`);
  });
  after(async () => workbench?.close());

  const incidentFile = () => join(workbench.workspace, '.incidents', `${id}.yaml`);

  it('starts an incident from the palette and opens its notes panel', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    await runCommand(page, 'Start Incident…');
    // The id box of this step, holding the proposed id.
    await page.locator('.quick-input-widget .quick-input-title', { hasText: 'Start Incident (1/3): id' }).waitFor();
    id = await eventually(async () => {
      const proposed = await page.locator('.quick-input-widget input').inputValue();
      assert.match(proposed, /^INC-17[1-9]$/);
      return proposed;
    }, 60_000);
    await answerQuickInput(page, id, { step: /Start Incident \(1\/3\): id/ });
    await answerQuickInput(page, TITLE, { step: /\(2\/3\): INC-\d+ title/ });
    await answerQuickInput(page, 'SEV2', { step: /\(3\/3\): INC-\d+ severity/ });

    const title = panel(page).locator('.incident-title');
    await title.waitFor({ timeout: 60_000 });
    assert.equal(await title.textContent(), TITLE);
    assert.equal(await panel(page).locator('.incident-id').textContent(), id);
    assert.equal(await panel(page).locator('.severity').textContent(), 'SEV2');
    assert.equal(await panel(page).locator('.status').textContent(), 'investigating');
    assert.match(await panel(page).locator('.elapsed').textContent() ?? '', /^00:0\d elapsed$/);
    await page.locator('.statusbar-item', { hasText: id }).waitFor();
  });

  it('logs a note with Ctrl+Alt+N and the editor selection, shown in the panel with its code link and in the file', async () => {
    const { page } = workbench;
    await goToLine(page, 36);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.locator('.statusbar-item', { hasText: /Ln 40, Col 1 \(\d+ selected\)/ }).waitFor();
    await page.keyboard.press('Control+Alt+N');
    await answerQuickInput(page, 'observation', { step: /\(1\/2\): kind/ });
    await answerQuickInput(page, 'Refund p99 at 12 s; retries pile up behind the payment lock', { step: /\(2\/2\): observation/ });

    const note = panel(page).locator('.note', { hasText: 'Refund p99 at 12 s' });
    await note.waitFor({ timeout: 60_000 });
    assert.equal(await note.locator('.note-text').textContent(), 'Refund p99 at 12 s; retries pile up behind the payment lock');
    assert.equal(await note.locator('.kind').textContent(), 'observation');
    assert.equal(await note.locator('.code-link .code-path').textContent(), 'src/payments/charge.ts:36–39');
    const yaml = readFileSync(incidentFile(), 'utf8');
    assert.match(yaml, /kind: observation\n\s+text: Refund p99 at 12 s; retries pile up behind the payment lock\n\s+code: \{ path: src\/payments\/charge\.ts, lines: 36-39 \}/);

    await note.locator('.code-link').click();
    await page.locator('.tab.active[aria-label^="charge.ts"]').waitFor();
    await page.locator('.statusbar-item', { hasText: /Ln 36, Col 1/ }).waitFor();
  });

  it('logs a note from the panel\'s form', async () => {
    const { page } = workbench;
    const frame = panel(page);
    await frame.locator('#note-kind').click();
    await frame.locator('#note-kind vscode-option', { hasText: 'hypothesis' }).click();
    await frame.locator('#note-text textarea').fill('Refund worker waits on a row lock held by the nightly job');
    await frame.locator('#log-note').click();
    const note = frame.locator('.note', { hasText: 'Refund worker waits' });
    await note.waitFor({ timeout: 60_000 });
    assert.equal(await note.locator('.kind').textContent(), 'hypothesis');
    assert.equal(await frame.locator('#note-text textarea').inputValue(), '');
    assert.match(readFileSync(incidentFile(), 'utf8'), /kind: hypothesis\n\s+text: Refund worker waits on a row lock held by the nightly job/);
    assert.equal(await frame.locator('.timeline .note').count(), 2);
  });

  it('comes back after a window reload with both notes and the unsent draft', async () => {
    const { page } = workbench;
    const draft = 'Draft: check the retry budget of the refund worker';
    await panel(page).locator('#note-text textarea').fill(draft);
    await panel(page).locator('#draft-state', { hasText: 'Draft saved' }).waitFor();

    const frame = await reloadWindow(page);
    await frame.locator('.timeline .note').nth(1).waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.incident-title').textContent(), TITLE);
    assert.equal(await frame.locator('.timeline .note').count(), 2);
    assert.equal(await frame.locator('#note-text textarea').inputValue(), draft);
  });

  it('tells the limit of a 20,001-character note, refuses it with the reason, and keeps it across a reload', async () => {
    const { page } = workbench;
    const before = readFileSync(incidentFile(), 'utf8');
    const log = 'x'.repeat(20_001);
    let frame = panel(page);
    await frame.locator('#note-text textarea').fill(log);
    await frame.locator('#note-length.error', { hasText: '20,001 / 20,000' }).waitFor();
    await frame.locator('.form-status.error', { hasText: '1 character over the 20,000 a note may have' }).waitFor();
    await frame.locator('#log-note').click();
    // Answered at once, the button free again: never stuck on "Logging…".
    await frame.locator('.form-status.error', { hasText: 'shorten it before logging' }).waitFor();
    assert.equal(await frame.locator('#log-note').getAttribute('disabled'), null);
    assert.equal(readFileSync(incidentFile(), 'utf8'), before);
    await frame.locator('#draft-state', { hasText: 'Draft saved' }).waitFor();

    frame = await reloadWindow(page);
    await frame.locator('#note-length.error', { hasText: '20,001 / 20,000' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('#note-text textarea').inputValue(), log);
    await frame.locator('#note-text textarea').fill('');
    await frame.locator('#note-length', { hasText: '0 / 20,000' }).waitFor();
  });

  it('refuses a pasted log of 1 MiB with the reason, keeps it in the form, and after a reload its first 1,000,000 characters', async () => {
    const { page } = workbench;
    const before = readFileSync(incidentFile(), 'utf8');
    const log = 'x'.repeat(1024 * 1024);
    let frame = panel(page);
    await frame.locator('#note-text textarea').fill(log);
    await frame.locator('#note-length.error', { hasText: '1,048,576 / 20,000' }).waitFor({ timeout: 60_000 });
    await frame.locator('.form-status.error', { hasText: '1,028,576 characters over the 20,000 a note may have: shorten it before logging (only its first 1,000,000 characters are kept as your draft)' }).waitFor();
    await frame.locator('#log-note').click();
    await frame.locator('.form-status.error', { hasText: 'shorten it before logging' }).waitFor();
    assert.equal(await frame.locator('.form-status', { hasText: /^Logging/ }).count(), 0, 'never on "Logging…"');
    assert.equal(await frame.locator('#log-note').getAttribute('disabled'), null);
    assert.equal((await frame.locator('#note-text textarea').inputValue()).length, log.length, 'the text stays in the form');
    assert.equal(readFileSync(incidentFile(), 'utf8'), before);

    // The panel's state stays valid: after a reload the panel is back, with the part of the draft it said it keeps.
    frame = await reloadWindow(page);
    await frame.locator('#note-length.error', { hasText: '1,000,000 / 20,000' }).waitFor({ timeout: 30_000 });
    assert.equal(await frame.locator('.incident-id').textContent(), id);
    assert.equal(await frame.locator('#note-text textarea').inputValue(), log.slice(0, 1_000_000));
    assert.equal(readFileSync(incidentFile(), 'utf8'), before);
    await frame.locator('#note-text textarea').fill('');
    await frame.locator('#note-length', { hasText: '0 / 20,000' }).waitFor();
  });

  it('refuses a note that would push the incident file past 1 MiB with the reason, the button free again and the draft kept', async () => {
    const { page } = workbench;
    const original = readFileSync(incidentFile(), 'utf8');
    // A hand edit brings the file to 10 KB under the 1 MiB the reader accepts; a note of 19,000 characters does not fit.
    const padding = 1024 * 1024 - 10_000 - Buffer.byteLength(original);
    const line = `# ${'p'.repeat(97)}\n`;
    const grown = original + line.repeat(Math.floor(padding / line.length));
    writeFileSync(incidentFile(), grown);
    try {
      const frame = panel(page);
      const note = 'y'.repeat(19_000);
      await frame.locator('#note-text textarea').fill(note);
      await frame.locator('#note-length', { hasText: '19,000 / 20,000' }).waitFor();
      await frame.locator('#log-note').click();
      await frame.locator('.form-status.error', { hasText: /would grow to \d+ KiB, over the 1024 KiB an incident file may have/ }).waitFor({ timeout: 60_000 });
      assert.equal(await frame.locator('#log-note').getAttribute('disabled'), null);
      assert.equal(await frame.locator('#note-text textarea').inputValue(), note);
      await frame.locator('#draft-state', { hasText: 'Draft saved' }).waitFor();
      assert.equal(readFileSync(incidentFile(), 'utf8'), grown, 'nothing was written');
      await page.locator('.notifications-toasts', { hasText: 'The note was not logged' }).waitFor();
      await frame.locator('#note-text textarea').fill('');
      await frame.locator('#note-length', { hasText: '0 / 20,000' }).waitFor();
    } finally {
      writeFileSync(incidentFile(), original);
    }
  });

  it('shows a change made to the incident file by hand at once', async () => {
    const { page } = workbench;
    appendFileSync(incidentFile(), [
      `  - at: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`, '    author: erin', '    kind: decision', '    text: Pause the nightly job until the refund queue drains', '',
    ].join('\n'));
    const note = panel(page).locator('.note', { hasText: 'Pause the nightly job' });
    await note.waitFor({ timeout: 60_000 });
    assert.equal(await note.locator('.author').textContent(), 'erin');
    assert.equal(await note.locator('.kind').textContent(), 'decision');
    await screenshot(page, 'notes-panel');
  });

  it('filters the timeline by kind', async () => {
    const frame = panel(workbench.page);
    await frame.locator('#kind-filter').click();
    await frame.locator('#kind-filter vscode-option', { hasText: 'decision' }).click();
    await frame.locator('.timeline .note').first().waitFor();
    assert.deepEqual(await frame.locator('.timeline .note .kind').allTextContents(), ['decision']);
  });

  it('keeps the unsent draft when the panel is closed, and the status bar opens it again', async () => {
    const { page } = workbench;
    const draft = 'Draft: ask payments on-call about the lock timeout';
    await panel(page).locator('#note-text textarea').fill(draft);
    await panel(page).locator('#draft-state', { hasText: 'Draft saved' }).waitFor();
    const tab = page.locator('.tab', { hasText: `${id} Notes` });
    await tab.hover();
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
    await page.locator('.statusbar-item', { hasText: id }).click();
    const frame = panel(page);
    await frame.locator('.timeline .note').first().waitFor({ timeout: 60_000 });
    assert.equal(await frame.locator('.incident-id').textContent(), id);
    await eventually(async () => assert.equal(await frame.locator('#note-text textarea').inputValue(), draft), 60_000);
  });

  it('shows a title and a note containing HTML as text, running nothing, when opened from a note in the tree', async () => {
    const { page, workspace } = workbench;
    writeFileSync(join(workspace, '.incidents/INC-190.yaml'), [
      'id: INC-190', `title: "Checkout 500s ${XSS}"`, 'severity: SEV3', 'status: monitoring', 'started_at: 2026-11-20T10:00:00Z',
      'notes:', '  - at: 2026-11-20T10:05:00Z', '    author: "<b>eve</b>"', '    kind: observation', `    text: "Error page shows ${XSS}"`,
      '    code: { path: "src/payments/<script>.ts", lines: 1-2 }', '',
    ].join('\n'));
    await openIncidentLensSidebar(page);
    await treeRow(page, 'Incidents', 'INC-190').click();
    await treeRow(page, 'Incidents', 'Notes').click();
    await treeRow(page, 'Incidents', 'Error page shows').click();
    const frame = await panelShowing(page, 'INC-190');
    assert.equal(await frame.locator('.incident-title').textContent(), `Checkout 500s ${XSS}`);
    assert.equal(await frame.locator('.note-text').textContent(), `Error page shows ${XSS}`);
    assert.equal(await frame.locator('.note .author').textContent(), '<b>eve</b>');
    assert.equal(await frame.locator('.code-link .code-path').textContent(), 'src/payments/<script>.ts:1–2');
    // Incident text stays text: no element was made from it, no handler ran, the policy refused nothing.
    assert.deepEqual(await frame.locator('#app img, #app b, #app script').evaluateAll((found) => found.map((e) => e.outerHTML)), []);
    assert.equal(await frame.locator('img').count(), 0);
    // Opened last, INC-190 is the current incident: the status bar shows it, not the newer INC-171.
    await page.locator('.statusbar-item', { hasText: 'INC-190' }).waitFor();
    assert.deepEqual(dialogs, []);
    assert.deepEqual(cspViolations, []);
  });
});
