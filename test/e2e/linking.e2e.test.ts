import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fingerprint } from '../../src/core/fingerprint';
import { parseIncidentFile } from '../../src/core/parseIncident';
import { answerQuickInput, eventually, goToLine, openFile, openWorkbench, runCommand, screenshot, type Workbench } from './workbench';

/** Answers the open quick pick or input box: types `text`, waits for a match, accepts. */
describe('Linking code to incidents', function () {
  this.timeout(120_000);
  let workbench: Workbench;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => workbench?.close());

  it('links a selection through the command palette: the file gains the link and the lens appears', async () => {
    const { page, workspace } = workbench;
    await openFile(page, 'src/api/server.ts');
    await goToLine(page, 9, 1);
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Shift+End');
    await runCommand(page, 'Incident Lens: Link Selection to Incident…');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'New incident…' }).waitFor();
    await screenshot(page, 'link-quick-pick');
    await answerQuickInput(page, 'cache stampede', { row: 'INC-157' });
    await answerQuickInput(page, 'contributing', { row: 'contributing' });
    await answerQuickInput(page, 'Every request hits the catalog through here', { step: /: note \(optional\)/ });

    const file = join(workspace, '.incidents/INC-157.yaml');
    const code = readFileSync(join(workspace, 'src/api/server.ts'), 'utf8').split('\n');
    const link = await eventually(() => {
      const links = parseIncidentFile(readFileSync(file, 'utf8')).incident?.links ?? [];
      const found = links.find((l) => l.path === 'src/api/server.ts');
      assert.ok(found, 'the link is in the file');
      return found;
    });
    assert.deepEqual(link, {
      path: 'src/api/server.ts', lines: { start: 9, end: 13 }, fingerprint: fingerprint(code.slice(8, 13)),
      role: 'contributing', note: 'Every request hits the catalog through here',
    });
    assert.match(readFileSync(file, 'utf8'), /^id: INC-157$/m);
    const lens = page.locator('.codelens-decoration', { hasText: 'INC-157' });
    await lens.waitFor({ timeout: 60_000 });
    assert.match(await lens.innerText(), /1 incident · .* · SEV2 INC-157/);
  });

  it('links the symbol at the cursor to a new incident', async () => {
    const { page, workspace } = workbench;
    await openFile(page, 'src/catalog/productCache.ts');
    await goToLine(page, 40, 5);
    await runCommand(page, 'Incident Lens: Link Symbol at Cursor to Incident…');
    await answerQuickInput(page, 'New incident', { row: 'New incident…' });
    const id = await page.locator('.quick-input-widget input').inputValue();
    assert.equal(id, 'INC-171');
    await answerQuickInput(page, id, { step: /New incident \(1\/4\): id/ });
    await answerQuickInput(page, 'Stale prices after a manual invalidate', { step: /New incident \(2\/4\)/ });
    await answerQuickInput(page, 'SEV3', { row: 'SEV3' });
    await answerQuickInput(page, 'Resolved', { row: 'Resolved' });
    await answerQuickInput(page, 'root-cause', { row: 'root-cause' });
    await answerQuickInput(page, '', { step: /: note \(optional\)/ });
    const file = join(workspace, '.incidents/INC-171.yaml');
    const incident = await eventually(() => {
      const parsed = parseIncidentFile(readFileSync(file, 'utf8'));
      assert.ok(parsed.incident, JSON.stringify(parsed.problems));
      return parsed.incident;
    });
    assert.equal(incident.title, 'Stale prices after a manual invalidate');
    assert.deepEqual(incident.links.map((l) => [l.path, l.symbol, l.lines, l.role]), [['src/catalog/productCache.ts', 'ProductCache.invalidate', { start: 39, end: 41 }, 'root-cause']]);
    await page.locator('.codelens-decoration', { hasText: 'INC-171' }).waitFor({ timeout: 60_000 });
  });
});
