// A deep link as a reader follows one from a review or a platform's timeline: the editor
// hands `vscode://incident-lens.incident-lens/open?...` to the extension, which opens the
// linked code where it stands now (here: three lines were typed above it, unsaved).
import * as assert from 'node:assert/strict';
import { answerQuickInput, openFile, openWorkbench, runCommand, type Workbench } from './workbench';

describe('Deep links', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('opens a link\'s code where it stands now, not at its stored lines', async () => {
    const { page } = workbench;
    await openFile(page, 'src/payments/charge.ts');
    await page.locator('.codelens-decoration', { hasText: 'INC-142' }).waitFor();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// one\n// two\n// three\n');
    await page.keyboard.press('Control+Home');
    await page.locator('.statusbar-item', { hasText: 'Ln 1, Col 1' }).waitFor();
    await runCommand(page, 'Developer: Open URL');
    await answerQuickInput(page, 'vscode://incident-lens.incident-lens/open?incident=INC-142&link=0', { prompt: /URL to open/ });
    // VS Code asks before an extension handles a URI; the user allows it.
    const allow = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
    await Promise.race([
      allow.click(),
      page.locator('.statusbar-item', { hasText: 'Ln 26, Col 1' }).waitFor(),
    ]);
    // INC-142's first link is stored at lines 23-42; it now starts three lines lower.
    await page.locator('.statusbar-item', { hasText: 'Ln 26, Col 1' }).waitFor();
    assert.ok(await page.locator('.tab.active[aria-label^="charge.ts"]').isVisible());
  });
});
