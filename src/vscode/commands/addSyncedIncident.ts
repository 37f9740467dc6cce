// "Add to Repository" on a synced incident: writes it into .incidents/ and opens it.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { addToRepository } from '../platforms/addToRepository';
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
    const folder = await chooseFolder();
    if (!folder) return;
    const entry = await addToRepository(this.store, this.writer, node.synced.incident, folder);
    if (entry) await vscode.window.showTextDocument(vscode.Uri.file(entry.source));
  }
}
