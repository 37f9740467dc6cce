// Change risk before a commit, as a user sees it: the demo workspace as a git repository,
// changes staged from outside the editor (as a terminal would), the Source Control view's
// Incident Risk section, and the trailer action writing into the commit message box.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { copyDemoWorkspace } from '../harness/workspace';
import { openWorkbench, screenshot, treeRow, treeRows, type Workbench } from './workbench';

const VIEW = 'Incident Risk';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' },
  });
}

/** The demo workspace, committed as the first commit of a fresh repository. */
function demoRepository(runDir: string): string {
  const workspace = copyDemoWorkspace(runDir);
  git(workspace, 'init', '-q', '-b', 'main');
  git(workspace, 'add', '-A');
  git(workspace, 'commit', '-q', '-m', 'demo');
  return workspace;
}

function edit(workspace: string, path: string, line: number, text: string): void {
  const file = join(workspace, path);
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = `${lines[line - 1]} ${text}`;
  writeFileSync(file, lines.join('\n'));
}

async function openSourceControl(page: Page): Promise<void> {
  await page.locator('.activitybar .action-item a[aria-label^="Source Control"]').click();
  await page.locator('.pane-header', { hasText: 'Changes' }).or(page.locator('.pane-header', { hasText: 'Source Control' })).first().waitFor();
}

/** The Incident Risk pane, expanded. */
async function riskPane(page: Page) {
  const header = page.locator('.pane-header', { hasText: VIEW });
  await header.waitFor({ timeout: 60_000 });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  return header;
}

/** What the commit message box holds. */
async function commitMessage(page: Page): Promise<string> {
  const text = await page.locator('.scm-editor .view-lines').first().innerText();
  return text.replace(/\u00a0/g, ' ');
}

describe('Change risk in the Source Control view', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({ workspace: demoRepository });
  });
  after(async () => workbench?.close());

  it('names the incident when a staged change touches a linked line', async () => {
    const { page, workspace } = workbench;
    await openSourceControl(page);
    // Line 30 of charge.ts is inside PaymentService.charge (23-42): INC-142's root cause, INC-131's contributing code.
    edit(workspace, 'src/payments/charge.ts', 30, '// retry with jitter');
    git(workspace, 'add', 'src/payments/charge.ts');
    await riskPane(page);
    const place = treeRow(page, VIEW, 'charge.ts:23-42');
    await place.waitFor({ timeout: 60_000 });
    // The people to ask follow the check: the responders of INC-142 and INC-131 before t, who committed every line today.
    await place.locator('.label-description', { hasText: '· ask ' }).waitFor({ timeout: 60_000 });
    const rows = await treeRows(page, VIEW);
    assert.match(rows[0] ?? '', /^charge\.ts:23-42\|(high|medium|low|none) · changed · INC-142, INC-131 · ask alice, bob, carol$/);
    assert.ok(rows.includes('INC-142: Checkout requests time out under retry storm|SEV1 · root-cause'), rows.join('\n'));
    assert.ok(rows.includes('INC-131: Customers charged twice after gateway timeouts|SEV3 · contributing'), rows.join('\n'));
    await screenshot(page, 'change-risk-scm');
  });

  it('puts the Incident-Risk trailer into the commit message', async () => {
    const { page } = workbench;
    const header = await riskPane(page);
    await header.hover();
    await header.locator('.action-label[aria-label="Add Incident-Risk Trailer"]').click();
    await page.locator('.scm-editor .view-line', { hasText: /Incident-Risk/ }).waitFor({ timeout: 30_000 });
    assert.match(await commitMessage(page), /^Incident-Risk: INC-142, INC-131$/m);
    await screenshot(page, 'change-risk-trailer');
  });

  it('shows nothing when what is staged touches no linked code', async () => {
    const { page, workspace } = workbench;
    git(workspace, 'reset', '-q');
    git(workspace, 'checkout', '--', 'src/payments/charge.ts');
    // src/api/server.ts is linked by no incident.
    edit(workspace, 'src/api/server.ts', 2, '// logging');
    git(workspace, 'add', 'src/api/server.ts');
    await page.locator('.pane-header', { hasText: VIEW }).waitFor({ state: 'hidden', timeout: 60_000 });
    assert.equal(await page.locator('.pane-header', { hasText: VIEW }).count(), 0);
  });
});
