// Renders lenses from the index: one per linked range, symbol or whole file.
// It never reads or parses an incident file; the controller decides when it runs
// and with which settings. While the index is still loading the links of a file, its
// counts are marked as such ("$(loading~spin) 1 incident…"): a number shown without
// the mark is final. A lens's range spans its linked lines, so typing at the start of
// its first line keeps it (an empty range would grow, and VS Code drops the lens).
import * as vscode from 'vscode';
import type { IncidentConfig } from '../../core/config';
import { summarizeLinks, type LensAnchor, type LensGroup } from '../../core/lensSummary';
import type { Clock } from '../../core/ports';
import { fileRisk, type ChurnOf, type RiskLevel } from '../../core/risk';
import { SHOW_INCIDENTS_COMMAND, type ShowIncidentsArgs } from '../commands/showIncidents';
import type { Settings } from '../config';
import type { CurrentLinks } from '../anchors/currentLinks';
import { locate } from '../workspaceFolders';
import { hiddenKey, type HiddenLenses } from './hiddenLenses';

/** Whether a file's links are still loading (IncidentStore.isSettled negated), asking for it first when they are. */
export type LensLoading = (folder: string, path: string) => boolean;

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
    private readonly hidden?: HiddenLenses,
    private readonly loading?: LensLoading,
  ) {
    this.onDidChangeCodeLenses = changed;
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const where = locate(document.uri);
    if (!where) return [];
    const loading = this.loading?.(where.folder.id, where.path) ?? false;
    const all = (await this.current.forLenses(document, token)).links;
    const links = this.hidden && this.hidden.size > 0 ? all.filter(({ incident, link }) => !this.hidden?.isHidden(hiddenKey(incident.id, link))) : all;
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
      lenses.push(new vscode.CodeLens(lensRange(document, group.anchor), lensCommand(group, level, loading)));
    }
    return lenses;
  }
}

/** The `codeLens.scopes` setting an anchor falls under: file, symbols or ranges. */
export function scopeOf(anchor: LensAnchor): Settings['codeLens']['scopes'][number] {
  return anchor.kind === 'file' ? 'file' : anchor.kind === 'symbol' ? 'symbols' : 'ranges';
}

/** The linked lines (the first line only for a whole-file lens), never empty while they hold text. */
function lensRange(document: vscode.TextDocument, anchor: LensAnchor): vscode.Range {
  const last = document.lineCount - 1;
  const start = Math.min(anchor.kind === 'lines' ? anchor.lines.start - 1 : 0, last);
  const end = Math.max(start, Math.min(anchor.kind === 'lines' ? anchor.lines.end - 1 : 0, last));
  return new vscode.Range(start, 0, end, document.lineAt(end).range.end.character);
}

/** Quiet by default; a high-risk lens carries a flame so it is seen; a count still loading says so. */
function lensCommand(group: LensGroup, level: RiskLevel, loading: boolean): vscode.Command {
  const args: ShowIncidentsArgs = { ids: group.incidents.map((incident) => incident.id) };
  const count = group.incidents.length;
  const title = loading
    ? `$(loading~spin) ${count === 1 ? vscode.l10n.t('1 incident…') : vscode.l10n.t('{0} incidents…', count)}`
    : level === 'high' ? `$(flame) ${group.title}` : group.title;
  const lines = [vscode.l10n.t('Risk: {0}', level), ...group.incidents.map((i) => `${i.id} (${i.severity}, ${i.status}): ${i.title}`)];
  if (loading) lines.unshift(vscode.l10n.t('Still loading incidents: this count may grow.'));
  return {
    title,
    tooltip: lines.join('\n'),
    command: SHOW_INCIDENTS_COMMAND,
    arguments: [args],
  };
}
