import * as vscode from 'vscode';

/** The document symbol at a dotted path such as `PaymentService.charge`. */
export async function findSymbol(uri: vscode.Uri, symbolPath: string): Promise<vscode.DocumentSymbol | undefined> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>(
    'vscode.executeDocumentSymbolProvider', uri);
  let level = (symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s);
  let found: vscode.DocumentSymbol | undefined;
  for (const name of symbolPath.split('.')) {
    found = level.find((symbol) => symbol.name === name || symbol.name.replace(/\(.*\)$/, '') === name);
    if (!found) return undefined;
    level = found.children;
  }
  return found;
}
