// Quiet on request, loud when stale: Hide This Lens / Show Hidden Lenses, a stale link in
// Problems with a quick fix that repairs it on disk, and the hover saying how a link was found.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fingerprint } from '../../src/core/fingerprint';
import { activated, eventually, fileIn, lensesIn, readText, writeText } from './helpers';

async function hoverText(uri: vscode.Uri, line: number): Promise<string> {
  await vscode.workspace.openTextDocument(uri);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 4));
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!<>|~])/g, '$1');
}

const CODE = [
  'export function settle(amount: number): number {',
  '  const fee = Math.round(amount * 0.029);',
  '  const net = amount - fee;',
  '  if (net < 0) throw new Error("negative settlement");',
  '  ledger.record(net, fee);',
  '  return net;',
  '}',
  '',
  'const ledger = { record(net: number, fee: number): void { void net; void fee; } };',
];
const LINKED = CODE.slice(1, 5); // lines 2-5

describe('Hidden lenses, stale links in Problems, how a link was found', () => {
  const code = () => fileIn('src/quiet/settle.ts');
  const incident = () => fileIn('.incidents/INC-191.yaml');

  before(async () => {
    await activated();
    await writeText(code(), `${CODE.join('\n')}\n`);
    await writeText(incident(), [
      'id: INC-191', 'title: Settlement fees rounded the wrong way', 'severity: SEV2', 'status: resolved', 'started_at: 2026-10-01T10:00:00Z',
      'links:', '  # the fee calculation', '  - path: src/quiet/settle.ts', '    lines: 2-5', `    fingerprint: ${fingerprint(LINKED)}`, '    role: root-cause', '',
    ].join('\n'));
    await eventually(async () => assert.deepEqual((await lensesIn(code())).map((l) => l.replace(/ · .*/, '')), ['2: 1 incident']));
  });
  after(async () => {
    await vscode.workspace.fs.delete(incident());
    await vscode.workspace.fs.delete(fileIn('src/quiet'), { recursive: true });
  });

  it('hides one lens for this user with Hide This Lens and brings it back with Show Hidden Lenses', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(code()));
    editor.selection = new vscode.Selection(3, 2, 3, 2);
    assert.match(await hoverText(code(), 3), /\[Hide this lens\]\(command:incidentLens\.hideLens\?/);
    await vscode.commands.executeCommand('incidentLens.hideLens');
    await eventually(async () => assert.deepEqual(await lensesIn(code()), []));
    // Only that lens: the demo's other lenses stay.
    assert.equal((await lensesIn(fileIn('src/payments/charge.ts'))).length, 1);
    await vscode.commands.executeCommand('incidentLens.showHiddenLenses');
    await eventually(async () => assert.equal((await lensesIn(code())).length, 1));
  });

  it('says in the hover how the link was found: unchanged, moved, edited since', async () => {
    await eventually(async () => assert.match(await hoverText(code(), 3), /Link: unchanged/));
    // Three lines above it, written on disk: the same text now stands three lines lower.
    await writeText(code(), `// a\n// b\n// c\n${CODE.join('\n')}\n`);
    await eventually(async () => assert.match(await hoverText(code(), 6), /Link: moved, text unchanged/));
    // Typed inside the linked code in the editor: the range follows the edit, and the hover says the code was edited since.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(code()));
    assert.ok(await editor.edit((edit) => edit.replace(new vscode.Range(6, 0, 6, 0), '  // reviewed\n')));
    await eventually(async () => assert.match(await hoverText(code(), 9), /Link: moved, text unchanged; edited since/));
    assert.deepEqual((await lensesIn(code())).map((l) => l.replace(/ · .*/, '')), ['5: 1 incident']);
    await vscode.commands.executeCommand('workbench.action.files.revert', code());
    await writeText(code(), `${CODE.join('\n')}\n`);
    await eventually(async () => assert.match(await hoverText(code(), 3), /Link: unchanged/));
  });

  it('lists a moved link in Problems at its line in the incident file, and its quick fix repairs the file', async () => {
    await writeText(code(), `// a\n// b\n// c\n${CODE.join('\n')}\n`);
    const diagnostic = await eventually(() => {
      const found = vscode.languages.getDiagnostics(incident()).find((d) => d.code === 'stale-link');
      assert.match(found?.message ?? '', /moved, text unchanged/);
      return found as vscode.Diagnostic;
    });
    assert.equal(diagnostic.range.start.line + 1, 8, 'on the line of its `- path:` item');
    assert.match(diagnostic.message, /Stale link to src\/quiet\/settle\.ts: its code is now src\/quiet\/settle\.ts lines 5–8 \(moved, text unchanged\)/);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);

    // Code actions are asked of an open document, as the editor does.
    await vscode.workspace.openTextDocument(incident());
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', incident(), diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    const fix = (actions ?? []).find((a) => a.title === 'Repair this link');
    assert.ok(fix?.command, `a quick fix among ${(actions ?? []).map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    await eventually(async () => assert.match(await readText(incident()), / {2}# the fee calculation\n {2}- path: src\/quiet\/settle\.ts\n {4}lines: 5-8\n {4}fingerprint: [0-9a-f]{8}\n {4}role: root-cause\n/));
    await eventually(() => assert.equal(vscode.languages.getDiagnostics(incident()).filter((d) => d.code === 'stale-link').length, 0));
  });

  it('lists a link whose code is gone as stale', async () => {
    await writeText(code(), 'export const nothing = 0;\n');
    await eventually(() => {
      const found = vscode.languages.getDiagnostics(incident()).find((d) => d.code === 'stale-link');
      assert.match(found?.message ?? '', /^Stale link to src\/quiet\/settle\.ts: .+ Repair Stale Links cannot find it/);
    });
  });
});
