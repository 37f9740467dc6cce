// Live incident notes through the real VS Code API: commands run as the palette runs them
// (arguments stand in for the answers a user types), and every check reads the file on disk.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Incident } from '../../src/core/model';
import { parseIncidentFile } from '../../src/core/parseIncident';
import { isPanelState, isPanelToExtension } from '../../src/shared/protocol';
import { resolveCodeTarget } from '../../src/vscode/notes/codeTarget';
import { activated, eventually, fileIn, workspaceRoot } from './helpers';

interface Entry {
  source: string;
  incident: Incident;
}

function onDisk(source: string): Incident {
  const { incident, problems } = parseIncidentFile(readFileSync(source, 'utf8'));
  assert.ok(incident, JSON.stringify(problems));
  return incident;
}

function notesTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('incidentLens.notes'));
}

async function select(path: string, fromLine: number, toLine: number): Promise<void> {
  const editor = await vscode.window.showTextDocument(fileIn(path), { viewColumn: vscode.ViewColumn.One });
  // Whole lines, as a user drags them: the selection ends at column 0 of the next line.
  editor.selection = new vscode.Selection(fromLine - 1, 0, toLine, 0);
}

const settings = () => vscode.workspace.getConfiguration('incidentLens');

describe('Live incident notes', () => {
  let started: Entry;
  const live170 = () => fileIn('.incidents/INC-170.yaml').fsPath;
  let inc170Text = '';

  before(async () => {
    await activated();
    inc170Text = readFileSync(live170(), 'utf8');
    await settings().update('author', 'Test Responder', vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    await settings().update('author', undefined, vscode.ConfigurationTarget.Global);
    await vscode.workspace.fs.writeFile(vscode.Uri.file(live170()), Buffer.from(inc170Text));
    await vscode.window.tabGroups.close(notesTabs());
  });

  it('starts an incident: the next id of the pattern, its file on disk, live, and its notes panel open', async () => {
    const entry = await vscode.commands.executeCommand<Entry | undefined>('incidentLens.startIncident', { title: 'Refunds stuck in pending', severity: 'SEV2' });
    assert.ok(entry, 'the command returns the new incident');
    started = entry;
    assert.match(started.incident.id, /^INC-\d+$/);
    assert.ok(Number(started.incident.id.slice(4)) > 170, `${started.incident.id} comes after the demo's INC-170`);
    assert.equal(started.source, fileIn(`.incidents/${started.incident.id}.yaml`).fsPath);
    const incident = onDisk(started.source);
    assert.equal(incident.title, 'Refunds stuck in pending');
    assert.equal(incident.severity, 'SEV2');
    assert.equal(incident.status, 'investigating');
    assert.ok(Math.abs(Date.parse(incident.startedAt ?? '') - Date.now()) < 60_000, `started_at ${incident.startedAt} is now`);
    await eventually(() => assert.ok(notesTabs().some((tab) => tab.label === `${started.incident.id} Notes`), notesTabs().map((t) => t.label).join()));
  });

  it('logs a note to the current incident with the editor selection as its code reference, on disk at once', async () => {
    await select('src/payments/charge.ts', 36, 39);
    await vscode.commands.executeCommand('incidentLens.logIncidentNote', { kind: 'observation', text: 'p99 on /refund at 12s' });
    const note = onDisk(started.source).notes.at(-1);
    // The workspace is a git repository (test/harness/workspace.ts): the reference is pinned to HEAD.
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspaceRoot().fsPath, encoding: 'utf8' }).trim();
    assert.deepEqual(note && { ...note, at: undefined }, {
      at: undefined, author: 'Test Responder', kind: 'observation', text: 'p99 on /refund at 12s',
      code: { path: 'src/payments/charge.ts', lines: { start: 36, end: 39 }, commit: head },
    });
    assert.ok(Math.abs(Date.parse(note?.at ?? '') - Date.now()) < 60_000);
  });

  it('logs without code when nothing is selected', async () => {
    const editor = await vscode.window.showTextDocument(fileIn('src/payments/charge.ts'), { viewColumn: vscode.ViewColumn.One });
    editor.selection = new vscode.Selection(3, 0, 3, 0);
    await vscode.commands.executeCommand('incidentLens.logIncidentNote', { kind: 'hypothesis', text: 'Refund worker is stuck on a lock' });
    const note = onDisk(started.source).notes.at(-1);
    assert.equal(note?.kind, 'hypothesis');
    assert.equal(note?.code, undefined);
  });

  it('opens the notes panel from the status bar\'s command, once per incident', async () => {
    await vscode.window.tabGroups.close(notesTabs());
    await vscode.commands.executeCommand('incidentLens.openIncidentNotes', started.source);
    await vscode.commands.executeCommand('incidentLens.openIncidentNotes', started.source);
    await eventually(() => assert.deepEqual(notesTabs().map((t) => t.label), [`${started.incident.id} Notes`]));
  });

  it('sets the status, and resolving stamps resolved_at', async () => {
    await vscode.commands.executeCommand('incidentLens.setIncidentStatus', { incident: started.incident.id, status: 'identified' });
    assert.equal(onDisk(started.source).status, 'identified');
    assert.equal(onDisk(started.source).resolvedAt, undefined);
    await vscode.commands.executeCommand('incidentLens.resolveIncident', started.source);
    const incident = onDisk(started.source);
    assert.equal(incident.status, 'resolved');
    assert.ok(Math.abs(Date.parse(incident.resolvedAt ?? '') - Date.now()) < 60_000);
  });

  it('asks which incident when none is live, and logs to the one picked', async () => {
    await vscode.commands.executeCommand('incidentLens.resolveIncident', live170());
    assert.equal(onDisk(live170()).status, 'resolved');
    const before = onDisk(started.source).notes.length;
    // The pick lists the most recently started incident first: the one this suite started.
    // Accept it once it is there: until the command has finished, accept again. On a busy machine
    // an accept can land while the pick is still being built and close it with nothing picked (the
    // command then logs nothing): then ask again, until the note is on disk.
    await eventually(async () => {
      const logging = vscode.commands.executeCommand('incidentLens.logIncidentNote', { kind: 'decision', text: 'Write the review on Monday', attachSelection: false });
      let settled = false;
      void logging.then(() => (settled = true), () => (settled = true));
      await eventually(async () => {
        if (!settled) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        assert.ok(settled, 'the incident pick was accepted');
      });
      await logging;
      assert.equal(onDisk(started.source).notes.length, before + 1);
    });
    const notes = onDisk(started.source).notes;
    assert.equal(notes.length, before + 1);
    assert.equal(notes.at(-1)?.text, 'Write the review on Monday');
  });

  it('exports the demo incident as a Markdown draft, with relative code links outside git, and saves it next to the incident file', async () => {
    const opened = await vscode.commands.executeCommand<{ document: vscode.TextDocument }>('incidentLens.exportIncidentTimeline', { incident: 'INC-142' });
    const text = opened.document.getText();
    assert.equal(opened.document.languageId, 'markdown');
    assert.ok(text.startsWith('# INC-142: Checkout requests time out under retry storm\n'), text.slice(0, 200));
    assert.ok(text.includes('| Duration | 2 h 35 min |'), text);
    // Beside each code link, a deep link that opens the note (or the link's code) in the reader's own editor.
    const base = `${vscode.env.uriScheme}://incident-lens.incident-lens/open?incident=INC-142`;
    assert.ok(text.includes(`| 14:07 | observation | alice | p99 on /charge jumped to 30s | [src/payments/charge.ts:36-39](../src/payments/charge.ts#L36) · [open in editor](${base}&note=0) |`), text);
    assert.ok(text.includes(`(../src/payments/charge.ts#L23) · [open in editor](${base}&link=0): Retry loop had no jitter`), text);
    assert.ok(text.includes('## Follow-ups'));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');

    const saved = await vscode.commands.executeCommand<{ savedTo?: vscode.Uri }>('incidentLens.exportIncidentTimeline', { incident: 'INC-142', save: true });
    assert.equal(saved.savedTo?.fsPath, fileIn('.incidents/INC-142.review.md').fsPath);
    assert.equal(readFileSync(fileIn('.incidents/INC-142.review.md').fsPath, 'utf8'), text);
    rmSync(fileIn('.incidents/INC-142.review.md').fsPath);
  });

  it('pins code references to HEAD and exports GitHub permalinks when origin is on GitHub', async () => {
    const root = workspaceRoot().fsPath;
    // The workspace is already a repository (test/harness/workspace.ts); it gains an origin for this test only.
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.com', ...args], { cwd: root, encoding: 'utf8' }).trim();
    git('remote', 'add', 'origin', 'git@github.com:acme/checkout.git');
    try {
      const head = git('rev-parse', 'HEAD');
      await select('src/payments/gateway.ts', 16, 18);
      await vscode.commands.executeCommand('incidentLens.logIncidentNote', { incident: started.source, kind: 'action', text: 'Timeout cut to 500 ms' });
      assert.deepEqual(onDisk(started.source).notes.at(-1)?.code, { path: 'src/payments/gateway.ts', lines: { start: 16, end: 18 }, commit: head });

      const { document } = await vscode.commands.executeCommand<{ document: vscode.TextDocument }>('incidentLens.exportIncidentTimeline', started.source);
      const text = document.getText();
      assert.ok(text.includes(`[src/payments/gateway.ts:16-18 @ ${head.slice(0, 7)}](https://github.com/acme/checkout/blob/${head}/src/payments/gateway.ts#L16-L18)`), text);
      assert.ok(text.includes(`| Responders | Test Responder |`), text);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    } finally {
      git('remote', 'remove', 'origin');
    }
  });

  it('opens only relative code paths inside the workspace folder', () => {
    const folder = workspaceRoot();
    const target = resolveCodeTarget(folder, 'src/payments/charge.ts');
    assert.ok(target instanceof vscode.Uri);
    assert.equal(target.fsPath, fileIn('src/payments/charge.ts').fsPath);
    for (const bad of ['../outside.ts', 'src/../../outside.ts', '/etc/passwd', 'C:/Windows/win.ini', '~/.ssh/id_rsa', 'src\\a.ts', '']) {
      assert.equal(typeof resolveCodeTarget(folder, bad), 'string', bad);
    }
  });

  it('accepts only well-formed messages and state from the panel', () => {
    assert.ok(isPanelToExtension({ type: 'logNote', kind: 'action', text: 'x', attachSelection: true }));
    assert.ok(isPanelToExtension({ type: 'openCode', path: 'src/a.ts', lines: { start: 1, end: 2 } }));
    // Longer than a note may be, but carried, so that the extension answers why it is not logged.
    assert.ok(isPanelToExtension({ type: 'logNote', kind: 'action', text: 'x'.repeat(20_001), attachSelection: true }));
    for (const bad of [
      null, 'ready', { type: 'ready' }, { type: 'logNote', kind: 'rumour', text: 'x', attachSelection: true },
      { type: 'logNote', kind: 'action', text: 'x'.repeat(1_000_001), attachSelection: true },
      { type: 'openCode', path: 'src/a.ts', lines: { start: 3, end: 1 } }, { type: 'openCode', path: 7 }, { type: 'runCommand', command: 'x' },
    ]) {
      assert.equal(isPanelToExtension(bad), false, JSON.stringify(bad));
    }
    assert.ok(isPanelState({ source: '/w/.incidents/INC-1.yaml', draft: { kind: 'observation', text: '', attachSelection: true }, filter: 'all' }));
    assert.equal(isPanelState({ source: '/w/.incidents/INC-1.yaml', draft: { kind: 'observation', text: '' }, filter: 'all' }), false);
  });
});
