// "New Incident…": from the welcome view, a reference hover ("Create incident INC-123")
// or the palette; opens the new file.
import * as vscode from 'vscode';
import type { NewIncidentFlow } from '../linking/newIncidentFlow';
import { fileFolders } from '../workspaceFolders';
import type { Command } from './command';

export class NewIncidentCommand implements Command {
  readonly id = 'incidentLens.newIncident';
  readonly writes = true;

  constructor(private readonly flow: NewIncidentFlow) {}

  async execute(proposedId?: unknown): Promise<void> {
    const folders = fileFolders();
    const folder = folders.length <= 1 ? folders[0] : await pickFolder();
    if (!folder) {
      if (folders.length === 0) void vscode.window.showWarningMessage('Open a folder first: incidents live in its .incidents/ folder.');
      return;
    }
    const entry = await this.flow.run(folder, typeof proposedId === 'string' ? proposedId : undefined);
    if (entry) await vscode.window.showTextDocument(vscode.Uri.file(entry.source));
  }
}

async function pickFolder(): Promise<{ id: string; root: string } | undefined> {
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Which folder does the incident belong to?' });
  return folder ? { id: folder.uri.toString(), root: folder.uri.fsPath } : undefined;
}
