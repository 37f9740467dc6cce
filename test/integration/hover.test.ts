import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, writeText } from './helpers';

async function hoverText(uri: vscode.Uri, line: number, character: number): Promise<string> {
  await vscode.workspace.openTextDocument(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

/** Hover Markdown as the reader sees it: escapes undone, non-breaking spaces as spaces. */
function plain(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

describe('Hovers and incident references', () => {
  before(activated);

  it('hovers linked code with each incident, its role and note, responders and links', async () => {
    const markdown = await eventually(async () => {
      const found = await hoverText(fileIn('src/payments/charge.ts'), 29, 10);
      assert.match(found, /INC-142/);
      return found;
    });
    const text = plain(markdown);
    assert.match(text, /^\*\*INC-142: Checkout requests time out under retry storm\*\*/);
    assert.match(text, /SEV1 · resolved · started 2026-11-13 14:05 UTC/);
    assert.match(text, /_root-cause_: Retry loop had no jitter/);
    assert.match(text, /Responders: alice, bob/);
    assert.match(text, /---\s+\*\*INC-131: Customers charged twice after gateway timeouts\*\*/);
    assert.match(markdown, /\[Open on PagerDuty\]\(https:\/\/example\.pagerduty\.com\/incidents\/PT4KHLK\)/);
  });

  it('escapes incident text in hovers', async () => {
    const file = fileIn('.incidents/INC-181.yaml');
    await writeText(file, [
      'id: INC-181', 'title: "<img src=x onerror=alert(1)> **bold** [x](command:workbench.action.quit)"', 'severity: SEV3', 'status: resolved',
      'links:', '  - { path: src/api/metrics.ts, lines: 1-7, role: related }', '',
    ].join('\n'));
    try {
      const markdown = await eventually(async () => {
        const found = await hoverText(fileIn('src/api/metrics.ts'), 2, 2);
        assert.match(found, /INC-181/);
        return found;
      });
      // Shown as the very text it is: no HTML, no bold, no link to a foreign command.
      assert.ok(plain(markdown).includes('<img src=x onerror=alert(1)> **bold** [x](command:workbench.action.quit)'), markdown);
      assert.doesNotMatch(markdown, /(?<!\\)\]\(command:workbench/);
      assert.doesNotMatch(markdown, /(?<!\\)\*\*bold/);
      assert.doesNotMatch(markdown, /(?<!\\)<img/);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });

  it('links an id in a comment to its incident file', async () => {
    const uri = fileIn('src/payments/charge.ts');
    await vscode.workspace.openTextDocument(uri);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri);
    const reference = (links ?? []).find((l) => l.range.start.line === 35);
    assert.ok(reference, 'line 36 links INC-142');
    assert.deepEqual([reference.range.start.character, reference.range.end.character], [11, 18]);
    assert.equal(reference.target?.path, fileIn('.incidents/INC-142.yaml').path);
  });

  it('hovers an id with its incident, and offers to create an unknown one', async () => {
    const uri = fileIn('src/config/featureFlags.ts');
    const onReference = plain(await hoverText(uri, 18, 8));
    assert.match(onReference, /^\*\*INC-163: New checkout flow shown to every user after a bad rollout value\*\*/);
    assert.equal(onReference.split('INC-163:').length, 2, 'one hover, not the reference and the linked range both');
    const doc = await vscode.workspace.openTextDocument({ content: '// INC-999 is new', language: 'typescript' });
    // Untitled documents are outside the workspace: no reference there.
    assert.doesNotMatch(await hoverText(doc.uri, 0, 5), /INC-999/);
    const scratch = fileIn('src/scratch.ts');
    await writeText(scratch, '// INC-999 is new\n');
    try {
      assert.match(await hoverText(scratch, 0, 5), /No&nbsp;incident&nbsp;file&nbsp;for&nbsp;INC-999&nbsp;yet\.&nbsp;\[Create incident INC-999\]\(command:incidentLens\.newIncident\?/);
    } finally {
      await vscode.workspace.fs.delete(scratch);
    }
  });
});
