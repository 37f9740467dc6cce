// The one composition root: builds the store, the views and the commands, and
// hands every registration to the extension context to dispose.
import * as vscode from 'vscode';
import { IncidentStore } from '../adapters/incidentStore';
import { systemClock } from '../core/ports';
import { IncidentCodeLensProvider } from './codelens/incidentCodeLensProvider';
import type { Command } from './commands/command';
import { ReloadCommand } from './commands/reload';
import { ShowIncidentsCommand } from './commands/showIncidents';
import { IncidentDiagnostics } from './diagnostics';
import { IncidentWatcher } from './incidentWatcher';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const store = new IncidentStore();
  const clock = systemClock;
  const watcher = new IncidentWatcher(store);
  const lenses = new IncidentCodeLensProvider(store, clock);

  context.subscriptions.push(
    watcher,
    new IncidentDiagnostics(store),
    lenses,
    vscode.languages.registerCodeLensProvider({ scheme: 'file' }, lenses),
  );

  const commands: Command[] = [new ShowIncidentsCommand(store, clock), new ReloadCommand(watcher)];
  for (const command of commands) {
    context.subscriptions.push(vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.execute(...args)));
  }

  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading incidents' }, () => watcher.loadAll());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
