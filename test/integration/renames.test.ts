import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, lensesIn, readText } from './helpers';

describe('Renames', () => {
  before(activated);

  it('rewrites link paths and code references when a linked file is moved in the editor, keeping the file as written', async () => {
    const incident = fileIn('.incidents/INC-157.yaml');
    const before = await readText(incident);
    const from = fileIn('src/catalog/productCache.ts');
    const to = fileIn('src/catalog/cache/productCache.ts');
    const edit = new vscode.WorkspaceEdit();
    edit.renameFile(from, to);
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const after = await eventually(async () => {
        const text = await readText(incident);
        assert.ok(!text.includes('src/catalog/productCache.ts'), text);
        return text;
      });
      assert.equal(after, before.split('src/catalog/productCache.ts').join('src/catalog/cache/productCache.ts'));
      await eventually(async () => assert.match((await lensesIn(to))[0] ?? '', /^21: .* SEV2 INC-157$/));
    } finally {
      const back = new vscode.WorkspaceEdit();
      back.renameFile(to, from);
      await vscode.workspace.applyEdit(back);
    }
    await eventually(async () => assert.equal(await readText(incident), before));
  });
});
