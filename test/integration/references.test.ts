// Issue 12, example 5, in a real editor: an id in a string literal is no link and has no hover,
// while the same id in a comment of the same file is both.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, writeText } from './helpers';

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

describe('Incident references only in comments', () => {
  before(activated);

  it('links and hovers INC-142 in the comment, and neither for "INC-142" in the string literal', async () => {
    const file = fileIn('src/referencesInStrings.ts');
    const text = '// Fixed under INC-142: keep the retry budget small.\nconst LEGACY_PREFIX = "INC-142";\nexport { LEGACY_PREFIX };\n';
    await writeText(file, text);
    try {
      const document = await vscode.workspace.openTextDocument(file);
      assert.equal(document.languageId, 'typescript');
      const inComment = new vscode.Position(0, 17);
      const inString = new vscode.Position(1, 25);
      const links = await eventually(async () => {
        const found = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', file)) ?? [];
        assert.ok(found.some((l) => l.range.contains(inComment)), 'the comment links INC-142');
        return found;
      });
      const ours = links.filter((l) => l.target?.path === fileIn('.incidents/INC-142.yaml').path);
      assert.deepEqual(ours.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]), [[0, 15, 22]]);
      assert.match((await hoverText(file, inComment)).replace(/&nbsp;/g, ' '), /INC-142: Checkout requests time out under retry storm/);
      assert.doesNotMatch(await hoverText(file, inString), /INC-142/);
    } finally {
      await vscode.workspace.fs.delete(file);
    }
  });
});
