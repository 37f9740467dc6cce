// "Copy Incident ID".
import * as vscode from 'vscode';
import { entryOf } from '../tree/treeArgs';
import type { Command } from './command';

export class CopyIncidentIdCommand implements Command {
  readonly id = 'incidentLens.copyIncidentId';

  async execute(arg?: unknown): Promise<void> {
    const id = entryOf(arg)?.incident.id;
    if (!id) return;
    await vscode.env.clipboard.writeText(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 3000);
  }
}
