// "New Incident…": from the welcome view, a reference hover ("Create incident INC-123")
// or the palette; opens the new file.
import * as vscode from 'vscode';
import type { NewIncidentFlow } from '../linking/newIncidentFlow';
import { chooseFolder, fileFolders } from '../workspaceFolders';
import type { Command } from './command';

export class NewIncidentCommand implements Command {
  readonly id = 'incidentLens.newIncident';
  readonly requiresTrust = true;

  constructor(private readonly flow: NewIncidentFlow) {}

  async execute(proposedId?: unknown): Promise<void> {
    const folder = await chooseFolder();
    if (!folder) {
      if (fileFolders().length === 0) void vscode.window.showWarningMessage(vscode.l10n.t('Open a folder first: incidents live in its .incidents/ folder.'));
      return;
    }
    const entry = await this.flow.run(folder, typeof proposedId === 'string' ? proposedId : undefined);
    if (entry) await vscode.window.showTextDocument(vscode.Uri.file(entry.source));
  }
}
