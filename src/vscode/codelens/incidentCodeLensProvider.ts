// Renders lenses from the index: one per linked range, symbol or whole file.
// It never reads or parses an incident file; the controller decides when it runs
// and with which settings.
import * as vscode from 'vscode';
import type { IncidentConfig } from '../../core/config';
import { summarizeLinks, type LensAnchor, type LensGroup } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { fileRisk, type ChurnOf, type RiskLevel } from '../../core/risk';
import { SHOW_INCIDENTS_COMMAND, type ShowIncidentsArgs } from '../commands/showIncidents';
import type { Settings } from '../config';
import type { CurrentLinks } from '../anchors/currentLinks';
import { locate } from '../workspaceFolders';

const LEVELS: readonly RiskLevel[] = ['none', 'low', 'medium', 'high'];

export class IncidentCodeLensProvider implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly current: CurrentLinks,
    private readonly clock: Clock,
    private readonly configOf: (folder: string) => IncidentConfig,
    private readonly settings: () => Settings['codeLens'],
    changed: vscode.Event<void>,
    private readonly churnOf?: ChurnOf,
  ) {
    this.onDidChangeCodeLenses = changed;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const where = locate(document.uri);
    if (!where) return [];
    const { links } = await this.current.forDocument(document);
    if (links.length === 0 || token.isCancellationRequested) return [];

    const { minimumRisk, scopes } = this.settings();
    const config = this.configOf(where.folder.id);
    const now = this.clock.now();
    const lenses: vscode.CodeLens[] = [];
    for (const group of summarizeLinks(links, now, config.severities.map((s) => s.label))) {
      if (!scopes.includes(scopeOf(group.anchor))) continue;
      const level = fileRisk(group.links, now, config, this.churnOf?.(where.folder.id, where.path)).level;
      if (LEVELS.indexOf(level) < LEVELS.indexOf(minimumRisk)) continue;
      // Links arrive positioned: a range where the code stands now, or the whole file.
      const line = group.anchor.kind === 'lines' ? group.anchor.lines.start - 1 : 0;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), lensCommand(group, level)));
    }
    return lenses;
  }
}

/** The `codeLens.scopes` setting an anchor falls under: file, symbols or ranges. */
export function scopeOf(anchor: LensAnchor): Settings['codeLens']['scopes'][number] {
  return anchor.kind === 'file' ? 'file' : anchor.kind === 'symbol' ? 'symbols' : 'ranges';
}

/** Quiet by default; a high-risk lens carries a flame so it is seen. */
function lensCommand(group: LensGroup, level: RiskLevel): vscode.Command {
  const args: ShowIncidentsArgs = { ids: group.incidents.map((incident) => incident.id) };
  return {
    title: level === 'high' ? `$(flame) ${group.title}` : group.title,
    tooltip: [vscode.l10n.t('Risk: {0}', level), ...group.incidents.map((i) => `${i.id} (${i.severity}, ${i.status}): ${i.title}`)].join('\n'),
    command: SHOW_INCIDENTS_COMMAND,
    arguments: [args],
  };
}
