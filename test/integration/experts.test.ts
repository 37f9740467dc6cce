import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as vscode from 'vscode';
import type { Expert } from '../../src/services/experts';
import { activated, eventually, fileIn, readText, workspaceRoot, writeText } from './helpers';

function git(author: { name: string; email: string }, ...args: string[]): string {
  return execFileSync('git', args, { cwd: workspaceRoot().fsPath, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: author.name, GIT_AUTHOR_EMAIL: author.email, GIT_COMMITTER_NAME: author.name, GIT_COMMITTER_EMAIL: author.email } }).trim();
}

async function hoverText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  await vscode.workspace.openTextDocument(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

const alice = { name: 'Alice Smith', email: 'alice@corp.example' };
const bob = { name: 'Bob Jones', email: 'bob@corp.example' };

describe('Who knows this code', () => {
  before(activated);

  it('names the author of a commit that fixes a linked incident in the command and the hover, with reasons', async function () {
    this.timeout(120_000);
    const file = fileIn('src/payments/charge.ts');
    const original = await readText(file);
    // The workspace is a repository (test/harness/workspace.ts): commit on top of it, then go back.
    const base = git(alice, 'rev-parse', 'HEAD');
    try {
      git(alice, 'add', '-A');
      git(alice, 'commit', '-q', '--allow-empty', '-m', 'checkout service');
      await writeText(file, original.replace('const ceiling = BASE_DELAY_MS * 2 ** attempt;', 'const ceiling = BASE_DELAY_MS * 2 ** Math.min(attempt, 10);'));
      git(bob, 'commit', '-q', '-am', 'Cap the backoff exponent\n\nFixes INC-142');
      const fix = git(bob, 'rev-parse', 'HEAD');
      const today = git(bob, 'log', '-1', '--format=%aI').slice(0, 10);

      const document = await vscode.workspace.openTextDocument(file);
      // An earlier suite may have the file open: its document follows the disk a moment later.
      await eventually(() => assert.ok(document.getText().includes('Math.min(attempt, 10)'), 'the document shows the fix'));
      const editor = await vscode.window.showTextDocument(document);
      const line = document.getText().split('\n').findIndex((text) => text.includes('Math.min(attempt, 10)'));
      editor.selection = new vscode.Selection(line, 4, line, 20);
      const experts = await eventually(async () => {
        const listed = await vscode.commands.executeCommand<Expert[]>('incidentLens.whoKnowsThisCode');
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.equal(listed?.[0]?.name, 'Bob Jones');
        return listed;
      }, 60_000);
      // Bob wrote the fix and is a responder ("bob" is his address's name); alice and carol responded to incidents linked here.
      assert.deepEqual(experts, [
        {
          name: 'Bob Jones', email: 'bob@corp.example', score: 8, reasons: [
            { kind: 'fix-author', detail: `wrote the fix for INC-142 (commit ${fix.slice(0, 7)}, ${today})`, incident: 'INC-142', commit: fix },
            { kind: 'recent-author', detail: 'changed this line in the last year', commit: fix },
            { kind: 'responder', detail: 'responded to INC-142 (linked here as root-cause)', incident: 'INC-142' },
          ],
        },
        { name: 'alice', score: 3, reasons: [{ kind: 'responder', detail: 'responded to INC-142 (linked here as root-cause)', incident: 'INC-142' }] },
        { name: 'carol', score: 3, reasons: [{ kind: 'responder', detail: 'responded to INC-131 (linked here as contributing)', incident: 'INC-131' }] },
      ]);

      const hover = await eventually(async () => {
        const text = await hoverText(file, line, 10);
        assert.match(text, /Ask: /);
        return text;
      }, 30_000);
      assert.ok(hover.includes(`Ask: Bob Jones (wrote the fix for INC-142 (commit ${fix.slice(0, 7)}, ${today}) +1), alice (responded to INC-142 (linked here as root-cause)), carol (responded to INC-131 (linked here as contributing))`), hover);
    } finally {
      git(alice, 'reset', '-q', '--hard', base);
      await writeText(file, original);
    }
  });
});
