// "Show Incidents for This File", and what a CodeLens click runs: pick one of the
// incidents behind it and open its file.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { ageOf } from '../../core/time';
import type { Incident } from '../../core/model';
import type { Clock } from '../../core/ports';
import { locate } from '../workspaceFolders';
import type { Command } from './command';

export const SHOW_INCIDENTS_COMMAND = 'incidentLens.showIncidents';

export interface ShowIncidentsArgs {
  ids: string[];
}

interface IncidentItem extends vscode.QuickPickItem {
  incident: Incident;
}

export class ShowIncidentsCommand implements Command {
  readonly id = SHOW_INCIDENTS_COMMAND;

  constructor(private readonly store: IncidentStore, private readonly clock: Clock) {}

  async execute(args?: unknown): Promise<void> {
    const incidents = this.incidentsFor(args);
    if (incidents.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No incidents are linked to this file.'));
      return;
    }
    const items: IncidentItem[] = incidents.map((incident) => ({
      incident,
      label: `${incident.id}: ${incident.title}`,
      description: [incident.severity, incident.status, ageOf(incident.startedAt, this.clock.now())].filter(Boolean).join(' · '),
      detail: incident.summary,
    }));
    const picked = items.length === 1 ? items[0] : await vscode.window.showQuickPick(items, {
      title: vscode.l10n.t('Incidents'),
      placeHolder: vscode.l10n.t('Open an incident'),
      matchOnDescription: true,
      matchOnDetail: true,
    });
    if (!picked) return;
    const source = this.store.index.sourcesOf(picked.incident.id)[0];
    if (source) await vscode.window.showTextDocument(vscode.Uri.file(source));
  }

  private incidentsFor(args: unknown): Incident[] {
    if (isShowIncidentsArgs(args)) {
      // Keep the lens's order: worst first, then most recent.
      const byId = new Map(this.store.index.incidents().map((incident) => [incident.id, incident]));
      return args.ids.map((id) => byId.get(id)).filter((incident): incident is Incident => incident !== undefined);
    }
    const uri = vscode.window.activeTextEditor?.document.uri;
    const where = uri && locate(uri);
    if (!where) return [];
    return [...new Set(this.store.index.linksForFile(where.folder.id, where.path).map((l) => l.incident))];
  }
}

function isShowIncidentsArgs(value: unknown): value is ShowIncidentsArgs {
  return typeof value === 'object' && value !== null && Array.isArray((value as ShowIncidentsArgs).ids)
    && (value as ShowIncidentsArgs).ids.every((id) => typeof id === 'string');
}
