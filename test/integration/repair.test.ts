import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, lensesIn, readText, writeText } from './helpers';

describe('Repair Stale Links', () => {
  before(activated);

  it('rewrites the lines of links whose code moved, only when asked, and leaves the rest of the file alone', async () => {
    const code = fileIn('src/catalog/productCache.ts');
    const incident = fileIn('.incidents/INC-157.yaml');
    const originalCode = await readText(code);
    const originalIncident = await readText(incident);
    try {
      await writeText(code, `// Owned by the catalog team.\n// See the runbook.\n${originalCode}`);
      // The extension has seen the change once the lens stands over the moved code.
      await eventually(async () => assert.ok((await lensesIn(code)).some((lens) => /^23: .*INC-157/.test(lens)), (await lensesIn(code)).join('\n')));
      assert.equal(await readText(incident), originalIncident, 'nothing is rewritten until the user asks');
      await vscode.commands.executeCommand('incidentLens.repairStaleLinks');
      const repaired = await eventually(async () => {
        const text = await readText(incident);
        assert.notEqual(text, originalIncident);
        return text;
      });
      assert.equal(repaired, originalIncident.replace('lines: 21-37', 'lines: 23-39'));
    } finally {
      await writeText(code, originalCode);
      await writeText(incident, originalIncident);
    }
  });
});
