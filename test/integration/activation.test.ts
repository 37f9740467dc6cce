// What the extension loads, in a real extension host: the packages it loads on first use
// (scripts/bundleBudget.mjs, each a chunk beside dist/extension.js) stay unloaded while their
// feature is unused, and load from their chunk when it is. This suite runs first (file order),
// so nothing an earlier suite did has loaded them.
import * as assert from 'node:assert/strict';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { activated, eventually, fileIn, readText, writeText } from './helpers';

/** The chunks of dist/chunks/ this extension host has loaded, by file name. */
function loadedChunks(): string[] {
  return Object.keys(require.cache).filter((file) => /[\\/]dist[\\/]chunks[\\/]/.test(file)).map((file) => basename(file)).sort();
}

/** The incident ids linked in `file`, as the editor's link provider answers. */
async function linkedIds(file: vscode.Uri): Promise<string[]> {
  const links = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', file)) ?? [];
  return links.map((l) => /(INC-\d+)\.yaml$/.exec(l.target?.path ?? '')?.[1]).filter((id): id is string => id !== undefined).sort();
}

describe('What activation loads', () => {
  before(activated);

  it('links references with the built-in pattern without RE2 or axios, and loads RE2 from its chunk for a pattern of the repository\'s own', async () => {
    const file = fileIn('src/lazyChunks.ts');
    const config = fileIn('.incidents/config.yaml');
    const original = await readText(config);
    await writeText(file, '// Seen before in INC-131 and INC-142.\nexport const probe = 1;\n');
    try {
      await vscode.workspace.openTextDocument(file);
      await eventually(async () => assert.deepEqual(await linkedIds(file), ['INC-131', 'INC-142']));
      const atActivation = loadedChunks();
      assert.ok(!atActivation.includes('re2js.js') && !atActivation.includes('axios.js'), `loaded at activation: ${atActivation.join(', ')}`);

      // Not the built-in pattern's text, so it runs on RE2: INC-131 no longer matches.
      await writeText(config, original.replace(/^references:.*$/m, "references: ['INC-1[4-9][0-9]']"));
      await eventually(async () => assert.deepEqual(await linkedIds(file), ['INC-142']));
      assert.ok(loadedChunks().includes('re2js.js'), `loaded: ${loadedChunks().join(', ')}`);
    } finally {
      await writeText(config, original);
      await vscode.workspace.fs.delete(file);
    }
    // Later suites find the demo's own configuration at work again.
    const again = fileIn('src/lazyChunksAgain.ts');
    await writeText(again, '// INC-131\n');
    try {
      await vscode.workspace.openTextDocument(again);
      await eventually(async () => assert.deepEqual(await linkedIds(again), ['INC-131']));
    } finally {
      await vscode.workspace.fs.delete(again);
    }
  });
});
