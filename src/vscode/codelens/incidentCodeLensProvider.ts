// Renders lenses from the index: one per linked range, symbol or whole file.
// It never reads or parses an incident file; the controller decides when it runs
// and with which settings.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentConfig } from '../../core/config';
import { summarizeLinks, type LensAnchor, type LensGroup } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { fileRisk, type RiskLevel } from '../../core/risk';
import { SHOW_INCIDENTS_COMMAND, type ShowIncidentsArgs } from '../commands/showIncidents';
import type { Settings } from '../config';
import { findSymbol } from '../symbols';
import { locate } from '../workspaceFolders';

const LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];

export class IncidentCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly store: IncidentStore,
    private readonly clock: Clock,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly settings: () => Settings['codeLens'],
    changed: vscode.Event<void>,
  ) {
    this.onDidChangeCodeLenses = changed;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const where = locate(document.uri);
    if (!where) return [];
    const links = this.store.index.linksForFile(where.folder.id, where.path);
    if (links.length === 0) return [];

    const { minimumRisk, scopes } = this.settings();
    const config = this.configOf(where.folder.id);
    const now = this.clock.now();
    const lenses: vscode.CodeLens[] = [];
    for (const group of summarizeLinks(links, now, config.severities.map((s) => s.label))) {
      if (!scopes.includes(scopeOf(group.anchor))) continue;
      const level = fileRisk(group.links, now, config).level;
      if (LEVELS.indexOf(level) < LEVELS.indexOf(minimumRisk)) continue;
      const range = await this.rangeOf(group.anchor, document, token);
      if (!range) continue;
      lenses.push(new vscode.CodeLens(range, lensCommand(group, level)));
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

function scopeOf(anchor: LensAnchor): Settings['codeLens']['scopes'][number] {
  return anchor.kind === 'file' ? 'file' : anchor.kind === 'symbol' ? 'symbols' : 'ranges';
}

/** Quiet by default; a high-risk lens carries a flame so it is seen. */
function lensCommand(group: LensGroup, level: RiskLevel): vscode.Command {
  const args: ShowIncidentsArgs = { ids: group.incidents.map((incident) => incident.id) };
  return {
    title: level === 'high' ? `$(flame) ${group.title}` : group.title,
    tooltip: [`Risk: ${level}`, ...group.incidents.map((i) => `${i.id} (${i.severity}, ${i.status}): ${i.title}`)].join('\n'),
    command: SHOW_INCIDENTS_COMMAND,
    arguments: [args],
  };
}
