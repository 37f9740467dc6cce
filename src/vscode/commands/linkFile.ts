// "Link File to Incident…": the whole file, from the editor or the explorer.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { fileLinkTo, fileTarget, writeLink } from '../linking/linkTarget';
import type { NewIncidentFlow } from '../linking/newIncidentFlow';
import { pickIncident, pickRoleAndNote } from '../linking/pickIncident';
import type { Command } from './command';

export class LinkFileCommand implements Command {
  readonly id = 'incidentLens.linkFile';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly newIncident: NewIncidentFlow) {}

  async execute(uri?: unknown): Promise<void> {
    const where = fileTarget(uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri);
    if (!where) return;
    const title = vscode.l10n.t('Link {0}', where.path);
    const entry = await pickIncident(this.store, this.newIncident, where.folder, title);
    if (!entry) return;
    const details = await pickRoleAndNote(title);
    if (!details) return;
    await writeLink(this.store, this.writer, entry, { ...await fileLinkTo(where.path, where.folder.root), ...details }, where.folder);
  }
}
