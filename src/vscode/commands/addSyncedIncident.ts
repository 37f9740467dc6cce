// "Add to Repository" on a synced incident: writes it into .incidents/ with its source
// id and URL, so code can be linked to it and its notes reach the platform.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { INCIDENTS_DIR, type IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { newIncidentText, setStatus } from '../../core/incidentEdits';
import type { IncidentTreeNode } from '../tree/incidentNodes';
import { chooseFolder } from '../workspaceFolders';
import type { Command } from './command';

export class AddSyncedIncidentCommand implements Command {
  readonly id = 'incidentLens.addSyncedIncident';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter) {}

  async execute(arg?: unknown): Promise<void> {
    const node = arg as IncidentTreeNode | undefined;
    if (node?.kind !== 'synced') return;
    const { incident } = node.synced;
    const folder = await chooseFolder();
    if (!folder) return;
    const file = path.join(folder.root, INCIDENTS_DIR, `${incident.id.replace(/[^A-Za-z0-9_.:-]/g, '-')}.yaml`);
    let text = newIncidentText({
      id: incident.id, title: incident.title, severity: incident.severity, status: incident.status,
      ...(incident.startedAt ? { startedAt: incident.startedAt } : {}),
      ...(incident.services.length ? { services: incident.services } : {}),
      ...(incident.summary ? { summary: incident.summary } : {}),
      ...(incident.url ? { url: incident.url } : {}),
      source: incident.source,
    });
    if (incident.resolvedAt) text = setStatus(text, incident.status, incident.resolvedAt);
    try {
      await this.writer.create(file, text);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not add ${incident.id}: ${(error as Error).message}`);
      return;
    }
    await this.store.refreshFile(file, folder);
    await vscode.window.showTextDocument(vscode.Uri.file(file));
  }
}
