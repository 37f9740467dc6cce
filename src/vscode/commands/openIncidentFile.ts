// "Open Incident File": the incident's YAML, from the tree or a note row.
import * as vscode from 'vscode';
import { entryOf } from '../tree/treeArgs';
import type { Command } from './command';

export class OpenIncidentFileCommand implements Command {
  readonly id = 'incidentLens.openIncidentFile';

  async execute(arg?: unknown): Promise<void> {
    const source = typeof arg === 'string' ? arg : entryOf(arg)?.source;
    if (source) await vscode.window.showTextDocument(vscode.Uri.file(source));
  }
}
