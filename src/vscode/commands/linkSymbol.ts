// "Link Symbol at Cursor to Incident…": the innermost function, method or class around
// the cursor, stored by its symbol path so the link survives the code moving.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { fileTarget, linkTo, writeLink } from '../linking/linkTarget';
import type { NewIncidentFlow } from '../linking/newIncidentFlow';
import { pickIncident, pickRoleAndNote } from '../linking/pickIncident';
import type { Command } from './command';

const LINKABLE = new Set([
  vscode.SymbolKind.Function, vscode.SymbolKind.Method, vscode.SymbolKind.Constructor, vscode.SymbolKind.Class,
  vscode.SymbolKind.Interface, vscode.SymbolKind.Struct, vscode.SymbolKind.Enum, vscode.SymbolKind.Module,
]);

export class LinkSymbolCommand implements Command {
  readonly id = 'incidentLens.linkSymbol';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly newIncident: NewIncidentFlow) {}

  async execute(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const where = fileTarget(editor?.document.uri);
    if (!editor || !where) return;
    const found = await enclosingSymbol(editor.document.uri, editor.selection.active);
    if (!found) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No function, method or class around the cursor (is a language extension installed for this file?). Use "Link Selection to Incident…" instead.'));
      return;
    }
    const title = vscode.l10n.t('Link {0}', found.path);
    const entry = await pickIncident(this.store, this.newIncident, where.folder, title);
    if (!entry) return;
    const details = await pickRoleAndNote(title);
    if (!details) return;
    const lines = { start: found.symbol.range.start.line + 1, end: found.symbol.range.end.line + 1 };
    await writeLink(this.store, this.writer, entry, { ...await linkTo(editor.document, where.path, where.folder.root, lines, found.path), ...details }, where.folder);
  }
}

export async function enclosingSymbol(uri: vscode.Uri, position: vscode.Position): Promise<{ symbol: vscode.DocumentSymbol; path: string } | undefined> {
  const symbols = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[] | undefined>('vscode.executeDocumentSymbolProvider', uri);
  // Walk down the symbols around the cursor; the path ends at the innermost linkable one,
  // not at a variable inside it.
  const chain: vscode.DocumentSymbol[] = [];
  let level = (symbols ?? []).filter((s): s is vscode.DocumentSymbol => 'children' in s);
  for (let inside = level.find((s) => s.range.contains(position)); inside; inside = level.find((s) => s.range.contains(position))) {
    chain.push(inside);
    level = inside.children;
  }
  const last = chain.map((s) => LINKABLE.has(s.kind)).lastIndexOf(true);
  const symbol = chain[last];
  if (!symbol) return undefined;
  return { symbol, path: chain.slice(0, last + 1).map((s) => s.name.replace(/\(.*\)$/, '')).join('.') };
}
