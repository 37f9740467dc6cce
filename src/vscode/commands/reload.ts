// "Reload Incidents": read every .incidents/ folder again from disk.
import * as vscode from 'vscode';
import type { IncidentWatcher } from '../incidentWatcher';
import type { Command } from './command';

export class ReloadCommand implements Command {
  readonly id = 'incidentLens.reload';

  constructor(private readonly watcher: IncidentWatcher) {}

  async execute(): Promise<void> {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reloading incidents') }, () => this.watcher.loadAll());
  }
}
