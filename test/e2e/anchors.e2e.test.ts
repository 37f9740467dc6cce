import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseIncidentFile } from '../../src/core/parseIncident';
import { copyDemoWorkspace } from '../harness/workspace';
import { answerQuickInput, eventually, goToLine, openFile, openWorkbench, runCommand, type Workbench } from './workbench';

function git(cwd: string, ...args: string[]): string {
  const who = { GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...who } }).trim();
}

describe('Links that follow their code through git history', function () {
  this.timeout(180_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench({
      workspace: (runDir) => {
        const workspace = copyDemoWorkspace(runDir);
        git(workspace, 'init', '-q');
        git(workspace, 'add', '-A');
        git(workspace, 'commit', '-q', '-m', 'demo');
        return workspace;
      },
    });
  });
  after(async () => workbench?.close());

  it('records HEAD when linked from the palette, and after a commit that grows and edits the block the lens and hover still cover all of it', async () => {
    const { page, workspace } = workbench;
    // Lines 10-15 of server.ts: the POST /charge branch.
    await openFile(page, 'src/api/server.ts');
    await goToLine(page, 10, 1);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await runCommand(page, 'Incident Lens: Link Selection to Incident…');
    await answerQuickInput(page, 'cache stampede', { row: 'INC-157' });
    await answerQuickInput(page, 'trigger', { row: 'trigger' });
    await answerQuickInput(page, 'Charges arrive here', { step: /: note \(optional\)/ });

    const incidentFile = join(workspace, '.incidents/INC-157.yaml');
    const link = await eventually(() => {
      const found = parseIncidentFile(readFileSync(incidentFile, 'utf8')).incident?.links.find((l) => l.path === 'src/api/server.ts');
      assert.ok(found, 'the link is in the file');
      return found;
    });
    const head = git(workspace, 'rev-parse', 'HEAD');
    assert.deepEqual([link.lines, link.commit], [{ start: 10, end: 15 }, head]);

    // Outside the editor: three lines inserted inside the block, one of its lines edited, committed.
    const codeFile = join(workspace, 'src/api/server.ts');
    const lines = readFileSync(codeFile, 'utf8').split('\n');
    lines.splice(10, 0, "    const started = Date.now();", "    res.setHeader('x-request-start', String(started));", "    metrics.increment('charge.requests');");
    lines[14] = lines[14].replace("currency: 'EUR'", "currency: body.currency ?? 'EUR'");
    writeFileSync(codeFile, lines.join('\n'));
    git(workspace, 'commit', '-q', '-am', 'time charges');

    // The editor reloads the file; the lens stays above the branch's first line (10), and the
    // last line of the grown block (18) is still linked, found through git history.
    await page.locator('.view-line', { hasText: 'charge.requests' }).waitFor({ timeout: 30_000 });
    await eventually(async () => assert.ok(await lensSitsAbove(page, 'INC-157', "req.url === '/charge'"), 'the lens sits right above line 10'), 30_000);
    await page.locator('.view-line', { hasText: "res.writeHead(200" }).hover();
    const hover = page.locator('.monaco-hover:visible', { hasText: 'INC-157' });
    await hover.waitFor({ timeout: 30_000 });
    // Hover text keeps its spaces as non-breaking ones; \s matches both.
    assert.match(await hover.innerText(), new RegExp(`Link:\\s+followed\\s+through\\s+git\\s+history\\s+since\\s+${head.slice(0, 7)}`));
  });
});

/** Whether the lens naming `id` is the view zone directly above the line holding `text`. */
async function lensSitsAbove(page: Page, id: string, text: string): Promise<boolean> {
  const lens = await page.locator('.codelens-decoration', { hasText: id }).first().boundingBox();
  const line = await page.locator('.view-line', { hasText: text }).first().boundingBox();
  if (!lens || !line) return false;
  const lensBottom = lens.y + lens.height;
  return lensBottom <= line.y + 2 && lensBottom >= line.y - line.height;
}
