// Renders lenses from the index: one per linked range, symbol or whole file.
// It never reads or parses an incident file; it only looks up the index.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { summarizeLinks, type LensAnchor } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { Disposable } from '../disposable';
import { locate } from '../workspaceFolders';
import { SHOW_INCIDENTS_COMMAND, type ShowIncidentsArgs } from '../commands/showIncidents';
import { findSymbol } from '../symbols';

export class IncidentCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly store: IncidentStore, private readonly clock: Clock) {
    super();
    this._register(store.onDidChange(() => this.changed.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const where = locate(document.uri);
    if (!where) return [];
    const links = this.store.index.linksForFile(where.folder.id, where.path);
    if (links.length === 0) return [];

    const lenses: vscode.CodeLens[] = [];
    for (const group of summarizeLinks(links, this.clock.now())) {
      const range = await this.rangeOf(group.anchor, document, token);
      if (!range) continue;
      const args: ShowIncidentsArgs = { ids: group.incidents.map((incident) => incident.id) };
      lenses.push(new vscode.CodeLens(range, {
        title: group.title,
        tooltip: group.incidents.map((i) => `${i.id} (${i.severity}, ${i.status}): ${i.title}`).join('\n'),
        command: SHOW_INCIDENTS_COMMAND,
        arguments: [args],
      }));
    }
    return lenses;
  }

  private async rangeOf(anchor: LensAnchor, document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.Range | undefined> {
    if (anchor.kind === 'file') return new vscode.Range(0, 0, 0, 0);
    if (anchor.kind === 'lines') {
      if (anchor.lines.start > document.lineCount) return undefined;
      return new vscode.Range(anchor.lines.start - 1, 0, anchor.lines.start - 1, 0);
    }
    const symbol = await findSymbol(document.uri, anchor.symbol);
    if (token.isCancellationRequested || !symbol) return undefined;
    return new vscode.Range(symbol.range.start.line, 0, symbol.range.start.line, 0);
  }
}
