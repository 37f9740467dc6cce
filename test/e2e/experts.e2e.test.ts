import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDemoWorkspace } from '../harness/workspace';
import { clickRowAction, goToLine, openFile, openIncidentLensSidebar, openWorkbench, runCommand, screenshot, treeRow, treeRows, widenSidebar, type Workbench } from './workbench';

function git(cwd: string, author: string, ...args: string[]): string {
  const [name, email] = author.split('|') as [string, string];
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: name, GIT_AUTHOR_EMAIL: email, GIT_COMMITTER_NAME: name, GIT_COMMITTER_EMAIL: email } }).trim();
}

describe('Fixes from git history in the Incidents view', function () {
  this.timeout(180_000);
  let workbench: Workbench;
  let fix = '';

  before(async () => {
    workbench = await openWorkbench({
      workspace: (runDir) => {
        const root = copyDemoWorkspace(runDir);
        git(root, 'Alice Smith|alice@corp.example', 'init', '-q');
        git(root, 'Alice Smith|alice@corp.example', 'add', '-A');
        git(root, 'Alice Smith|alice@corp.example', 'commit', '-q', '-m', 'checkout service');
        const file = join(root, 'src/payments/charge.ts');
        writeFileSync(file, readFileSync(file, 'utf8').replace('const ceiling = BASE_DELAY_MS * 2 ** attempt;', 'const ceiling = BASE_DELAY_MS * 2 ** Math.min(attempt, 10);'));
        git(root, 'Bob Jones|bob@corp.example', 'commit', '-q', '-am', 'Cap the backoff exponent\n\nFixes INC-142');
        fix = git(root, 'Bob Jones|bob@corp.example', 'rev-parse', 'HEAD');
        return root;
      },
    });
  });
  after(async () => workbench?.close());

  it('shows "Fixed in" under the incident a commit names, opens its diff, and links the fixed code as a mitigation on request', async () => {
    const { page, workspace } = workbench;
    await openIncidentLensSidebar(page);
    await widenSidebar(page, 560);
    await treeRow(page, 'Incidents', 'INC-142').click();
    const fixedIn = treeRow(page, 'Incidents', 'Fixed in');
    await fixedIn.waitFor({ timeout: 60_000 });
    assert.ok((await treeRows(page, 'Incidents')).includes('Fixed in|1 commit'));
    await fixedIn.click();
    const commit = treeRow(page, 'Incidents', 'Cap the backoff exponent');
    await commit.waitFor();
    const rows = await treeRows(page, 'Incidents');
    assert.ok(rows.some((r) => r.startsWith(`Cap the backoff exponent|${fix.slice(0, 7)} · Bob Jones · `)), rows.join('\n'));
    await commit.click();
    await page.locator('.monaco-list-row', { hasText: 'src/payments · lines 38' }).waitFor();
    await screenshot(page, 'fixed-in');
    await page.locator('.monaco-list-row', { hasText: 'src/payments · lines 38' }).click();
    await page.locator(`.tab.active[aria-label*="charge.ts (${fix.slice(0, 7)})"]`).waitFor();

    const before = readFileSync(join(workspace, '.incidents/INC-142.yaml'), 'utf8');
    assert.doesNotMatch(before, /role: mitigation/, 'nothing is written before the action');
    await clickRowAction(page, page.locator('.monaco-list-row', { hasText: 'src/payments · lines 38' }), 'Link as Mitigation');
    // The new link shows under the incident once the writer has written it and the index has read it.
    await page.locator('.monaco-list-row', { hasText: 'lines 38–38 · mitigation' }).waitFor({ timeout: 30_000 });
    const after = readFileSync(join(workspace, '.incidents/INC-142.yaml'), 'utf8');
    // Every line that was there is still there, byte for byte: the link's lines were added, nothing else changed.
    const added = after.split('\n');
    for (const line of before.split('\n')) {
      const at = added.indexOf(line);
      assert.ok(at >= 0, `kept: ${line}`);
      added.splice(at, 1);
    }
    assert.deepEqual(added.map((line) => line.trim().split(':')[0]), ['- path', 'lines', 'fingerprint', 'commit', 'role', 'note']);
    assert.match(after, new RegExp(`- path: src/payments/charge\\.ts\\n\\s+lines: 38(?:-38)?\\n\\s+fingerprint: [0-9a-f]{8}\\n\\s+commit: ${fix}\\n\\s+role: mitigation\\n\\s+note: "?Fixed in ${fix.slice(0, 7)}: Cap the backoff exponent"?`));
  });

  it('"Who Knows This Code?" lists the people behind the line at the cursor, with their reasons, and copies a name', async () => {
    const { page } = workbench;
    // The fix's diff from the test before is a git: editor (the command is for files): start from the file itself.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.tab').first().waitFor({ state: 'detached' });
    await openFile(page, 'src/payments/charge.ts');
    await goToLine(page, 38);
    await runCommand(page, 'Incident Lens: Who Knows This Code?');
    const widget = page.locator('.quick-input-widget');
    await widget.locator('.quick-input-title', { hasText: 'Who knows src/payments/charge.ts line 38?' }).waitFor({ timeout: 60_000 });
    const bob = widget.locator('.monaco-list-row', { hasText: 'Bob Jones' });
    await bob.waitFor();
    // Bob wrote the fix that names INC-142, in this very line.
    assert.match(await bob.innerText(), new RegExp(`wrote the fix for INC-142 \\(commit ${fix.slice(0, 7)}, `));
    await screenshot(page, 'who-knows');
    await bob.click();
    await widget.locator('.monaco-list-row', { hasText: 'Copy "Bob Jones"' }).click();
    await page.locator('.statusbar-item', { hasText: 'Copied Bob Jones' }).waitFor();
  });
});
