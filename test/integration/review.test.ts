import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, writeText } from './helpers';

const DAY_MS = 86_400_000;

function iso(msAgo: number): string {
  return new Date(Date.now() - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

describe('Incident reviews in the editor', () => {
  before(activated);

  it('shows an open follow-up older than 30 days as a warning at its line, and drops it once done', async () => {
    const file = fileIn('.incidents/INC-290.yaml');
    const text = [
      'id: INC-290', 'title: Review fixture', 'severity: SEV3', 'status: resolved',
      `started_at: ${iso(120 * DAY_MS)}`, `resolved_at: ${iso(119 * DAY_MS)}`,
      'review:', '  follow_ups:',
      '    - title: Old and forgotten', '      status: open', `      opened_at: ${iso(100 * DAY_MS)}`,
      '    - title: Fresh', '      status: open', `      opened_at: ${iso(2 * DAY_MS)}`, '',
    ].join('\n');
    await writeText(file, text);
    try {
      const [warning] = await eventually(() => {
        const found = vscode.languages.getDiagnostics(file);
        assert.equal(found.length, 1);
        return found;
      });
      assert.equal(warning?.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(warning?.range.start.line, 8);
      assert.match(warning?.message ?? '', /^Follow-up "Old and forgotten" has been open for 100 days \(more than 30, review.stale_follow_up_days/);
      await writeText(file, text.replace('status: open\n      opened_at', 'status: done\n      opened_at'));
      await eventually(() => assert.deepEqual(vscode.languages.getDiagnostics(file), []));
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('Start Incident Review opens the notes panel of a resolved incident', async function () {
    this.timeout(90_000);
    const file = fileIn('.incidents/INC-291.yaml');
    await writeText(file, `id: INC-291\ntitle: Resolved one\nseverity: SEV2\nstatus: resolved\nstarted_at: ${iso(3 * DAY_MS)}\n`);
    try {
      await eventually(async () => {
        await vscode.commands.executeCommand('incidentLens.startIncidentReview', file.fsPath);
        const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
        assert.ok(tabs.includes('INC-291 Notes'), tabs.join(', '));
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
    }
  });
});
