// VS Code asks a CodeLens provider again whenever it says its lenses changed, and an answer on
// its way while the user presses Enter is drawn one line off (its node replaced). LensSwitch says
// so only when a source's change shows on a visible editor's lenses: checked here with a provider
// of its own registered through it, in a real VS Code.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LensSwitch } from '../../src/vscode/codelens/lensSwitch';
import { eventually, fileIn, writeText } from './helpers';

describe('Asking VS Code for lenses again', () => {
  const code = () => fileIn('src/lensSwitch/notes.txt');
  const disposables: vscode.Disposable[] = [];
  after(async () => {
    disposables.splice(0).forEach((d) => d.dispose());
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(fileIn('src/lensSwitch'), { recursive: true });
  });

  it('fires onDidChangeCodeLenses only when a source change shows on a visible lens, or an answer is on its way', async () => {
    await writeText(code(), 'first line\nsecond line\n');
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(code()));
    let title = 'one';
    const gate: { held?: Promise<void> } = {};
    let holding = 0;
    const provider: vscode.CodeLensProvider = {
      async provideCodeLenses(document) {
        if (document.uri.toString() !== code().toString()) return [];
        if (gate.held) {
          holding++;
          await gate.held;
        }
        return [new vscode.CodeLens(new vscode.Range(1, 0, 1, 0), { title, command: 'workbench.action.files.save' })];
      },
    };
    const source = new vscode.EventEmitter<void>();
    const changed = new vscode.EventEmitter<void>();
    let fired = 0;
    const lensSwitch = new LensSwitch(provider, changed, [{ onDidChange: source.event }]);
    disposables.push(source, changed, changed.event(() => fired++), lensSwitch);
    const titles = async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', code())) ?? [])
      .map((lens) => lens.command?.title).filter((t) => t === 'one' || t === 'two');
    await eventually(async () => assert.deepEqual(await titles(), ['one']));

    source.fire();
    await lensSwitch.whenChecked();
    assert.equal(fired, 0, 'nothing on the lens changed: VS Code is not asked again');

    title = 'two';
    source.fire();
    await lensSwitch.whenChecked();
    assert.equal(fired, 1, 'the title changed: VS Code is asked again');
    await eventually(async () => assert.deepEqual(await titles(), ['two']));

    // Edited since its answer: VS Code asks after the edit anyway.
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), 'zeroth line\n')));
    title = 'one';
    source.fire();
    await lensSwitch.whenChecked();
    assert.equal(fired, 1, 'the document was edited since its answer: VS Code asks on its own');

    // An answer begun before the change may show what was before it.
    let release = () => undefined as void;
    gate.held = new Promise<void>((resolve) => (release = resolve));
    const asking = titles();
    await eventually(() => assert.ok(holding > 0));
    source.fire();
    await lensSwitch.whenChecked();
    assert.equal(fired, 2, 'an answer was on its way: VS Code is asked again');
    release();
    assert.deepEqual(await asking, ['one']);
  });
});
