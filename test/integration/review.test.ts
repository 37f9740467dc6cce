import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, lensesIn, writeText } from './helpers';

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

  it('puts an open follow-ups lens over linked code, counting only open ones, and takes it away when none is left', async function () {
    this.timeout(90_000);
    const first = fileIn('.incidents/INC-293.yaml');
    const second = fileIn('.incidents/INC-294.yaml');
    const code = fileIn('src/api/metrics.ts');
    const firstText = [
      'id: INC-293', 'title: Metrics flood', 'severity: SEV2', 'status: resolved', `started_at: ${iso(4 * DAY_MS)}`,
      'links:', '  - path: src/api/metrics.ts', '    role: root-cause',
      'review:', '  follow_ups:',
      '    - { title: Cap the label count, status: open, owner: obs-team }',
      '    - { title: Already done, status: done }',
      '    - title: Alert on cardinality', '      status: open', '',
    ].join('\n');
    await writeText(first, firstText);
    await writeText(second, `id: INC-294\ntitle: Second\nseverity: SEV3\nstatus: resolved\nstarted_at: ${iso(2 * DAY_MS)}\nlinks:\n  - path: src/api/metrics.ts\n    role: related\nreview:\n  follow_ups:\n    - { title: Dropped one, status: dropped }\n`);
    try {
      await eventually(async () => assert.ok((await lensesIn(code)).includes('1: 2 open follow-ups'), (await lensesIn(code)).join('\n')));
      await writeText(second, `id: INC-294\ntitle: Second\nseverity: SEV3\nstatus: resolved\nstarted_at: ${iso(2 * DAY_MS)}\nlinks:\n  - path: src/api/metrics.ts\n    role: related\nreview:\n  follow_ups:\n    - { title: Reopened one, status: open }\n`);
      await eventually(async () => assert.ok((await lensesIn(code)).includes('1: 3 open follow-ups'), (await lensesIn(code)).join('\n')));

      const lens = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', code, 100))
        ?.find((l) => l.command?.command === 'incidentLens.showOpenFollowUps');
      assert.deepEqual(lens?.command?.arguments?.[0]?.ids, ['INC-293', 'INC-294'], 'worst first, as the incident lens lists them');
      assert.equal(lens?.command?.tooltip, 'INC-293: Cap the label count (obs-team)\nINC-293: Alert on cardinality\nINC-294: Reopened one');

      // None open: no lens.
      await writeText(first, firstText.replace(/status: open/g, 'status: done'));
      await writeText(second, `id: INC-294\ntitle: Second\nseverity: SEV3\nstatus: resolved\nlinks:\n  - path: src/api/metrics.ts\n    role: related\n`);
      await eventually(async () => assert.ok(!(await lensesIn(code)).some((l) => l.includes('open follow-up')), (await lensesIn(code)).join('\n')));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(first);
      await vscode.workspace.fs.delete(second);
    }
  });
});
