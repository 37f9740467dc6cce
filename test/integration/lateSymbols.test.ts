// A language server still starting (a cold window) answers for symbols seconds late: the lens
// over a symbol link whose lines still hold its text shows without waiting, and is placed by the
// symbol once it arrives.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fingerprint } from '../../src/core/fingerprint';
import { activated, eventually, fileIn, writeText } from './helpers';

const CODE = [
  'settle(amount) {',
  '  fee = round(amount * 0.029)',
  '  net = amount - fee',
  '  if net < 0: fail "negative settlement"',
  '  ledger.record(net, fee)',
  '  return net',
  '}',
];

/** A symbol provider that holds every answer until released: `settle` spans all seven lines. */
function heldSymbols() {
  let released = false;
  const waiting: (() => void)[] = [];
  let asked = 0;
  const provider: vscode.DocumentSymbolProvider = {
    async provideDocumentSymbols() {
      asked++;
      if (!released) await new Promise<void>((answer) => waiting.push(answer));
      const range = new vscode.Range(0, 0, 6, 1);
      return [new vscode.DocumentSymbol('settle', '', vscode.SymbolKind.Function, range, new vscode.Range(0, 0, 0, 6))];
    },
  };
  return { provider, asked: () => asked, release: () => { released = true; waiting.splice(0).forEach((answer) => answer()); } };
}

async function lensRanges(uri: vscode.Uri): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  return (lenses ?? []).filter((lens) => lens.command?.command === 'incidentLens.showIncidents').map((lens) => `${lens.range.start.line + 1}-${lens.range.end.line + 1}`);
}

async function hoverText(uri: vscode.Uri, line: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line - 1, 4));
  return (hovers ?? []).flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n').replace(/&nbsp;/g, ' ');
}

describe('Lenses before the symbols arrive', () => {
  const code = () => fileIn('src/late/settle.ledger');
  const incident = () => fileIn('.incidents/INC-193.yaml');
  const symbols = heldSymbols();
  let registration: vscode.Disposable | undefined;

  before(async () => {
    await activated();
    registration = vscode.languages.registerDocumentSymbolProvider({ pattern: '**/late/*.ledger' }, symbols.provider);
    await writeText(code(), `${CODE.join('\n')}\n`);
    await writeText(incident(), [
      'id: INC-193', 'title: Settlements went negative', 'severity: SEV2', 'status: resolved', 'started_at: 2026-10-01T10:00:00Z',
      'links:', '  - path: src/late/settle.ledger', '    symbol: settle', '    lines: 1-6', `    fingerprint: ${fingerprint(CODE.slice(0, 6))}`, '    role: root-cause', '',
    ].join('\n'));
  });
  after(async () => {
    symbols.release();
    registration?.dispose();
    await vscode.workspace.fs.delete(incident());
    await vscode.workspace.fs.delete(fileIn('src/late'), { recursive: true });
  });

  it('shows the lens at the stored lines while the symbols are late, then spans the symbol once they arrive', async () => {
    await vscode.workspace.openTextDocument(code());
    await eventually(async () => assert.deepEqual(await lensRanges(code()), ['1-6']));
    assert.ok(symbols.asked() > 0, 'the symbols were asked for');
    assert.match(await hoverText(code(), 3), /Link: unchanged/);
    symbols.release();
    await eventually(async () => assert.deepEqual(await lensRanges(code()), ['1-7']));
    assert.match(await hoverText(code(), 3), /Link: found by its symbol/);
  });
});
