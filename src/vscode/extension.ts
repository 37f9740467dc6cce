// The one composition root: builds the store, the views and the commands, and
// hands every registration to the extension context to dispose.
import * as vscode from 'vscode';
import { IncidentStore } from '../adapters/incidentStore';
import { systemClock } from '../core/ports';
import { CodeLensController } from './codelens/codeLensController';
import { LinkedRangeDecorations } from './decorations';
import { CurrentLinks } from './anchors/currentLinks';
import { IncidentWriter } from '../adapters/incidentWriter';
import { NewIncidentFlow } from './linking/newIncidentFlow';
import { RenameFollower } from './renameFollower';
import { NewIncidentCommand } from './commands/newIncident';
import { LinkSelectionCommand } from './commands/linkSelection';
import { LinkSymbolCommand } from './commands/linkSymbol';
import { LinkFileCommand } from './commands/linkFile';
import { UnlinkCommand } from './commands/unlink';
import { RepairStaleLinksCommand } from './commands/repairStaleLinks';
import { ToggleCodeLensCommand } from './commands/toggleCodeLens';
import type { Command } from './commands/command';
import { ReloadCommand } from './commands/reload';
import { ShowIncidentsCommand } from './commands/showIncidents';
import { IncidentDiagnostics } from './diagnostics';
import { IncidentWatcher } from './incidentWatcher';
import { LiveIncidentStatus } from './liveIncidentStatus';
import { IncidentsTreeProvider } from './tree/incidentsTreeProvider';
import { FilterIncidentsCommand } from './commands/filterIncidents';
import { ClearIncidentFilterCommand } from './commands/clearIncidentFilter';
import { GroupIncidentsByCommand } from './commands/groupIncidentsBy';
import { OpenIncidentFileCommand } from './commands/openIncidentFile';
import { CopyIncidentIdCommand } from './commands/copyIncidentId';
import { OpenIncidentPageCommand } from './commands/openIncidentPage';
import { onDidChangeSettings } from './config';
import { HotspotsTreeProvider } from './tree/hotspotsTreeProvider';
import { ConfigStore } from '../adapters/configStore';
import { LinkedCodeHoverProvider } from './hover/linkedCodeHover';
import { IncidentReferenceProvider } from './references/incidentReferences';
import { registerLiveIncident } from './notes/registerLiveIncident';
import { PlatformConnections } from './platforms/platformConnections';
import { SyncedIncidents } from './platforms/syncedIncidents';
import { NoteDelivery } from './platforms/noteDelivery';
import { ConnectPlatformCommand } from './commands/connectPlatform';
import { DisconnectPlatformCommand } from './commands/disconnectPlatform';
import { SyncIncidentsCommand } from './commands/syncIncidents';
import { AddSyncedIncidentCommand } from './commands/addSyncedIncident';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const store = new IncidentStore();
  const configs = new ConfigStore();
  const clock = systemClock;
  const watcher = new IncidentWatcher(store, configs);
  const references = new IncidentReferenceProvider(store, clock, (folder) => configs.matcherOf(folder));
  const files = { scheme: 'file' };
  const current = new CurrentLinks(store);
  const writer = new IncidentWriter();
  const newIncident = new NewIncidentFlow(store, writer, clock, (folder) => configs.configOf(folder));
  const log = vscode.window.createOutputChannel('Incident Lens', { log: true });
  const connections = new PlatformConnections(context.secrets, log);
  const synced = new SyncedIncidents(context.storageUri && vscode.Uri.joinPath(context.storageUri, 'synced-incidents.json'));
  context.subscriptions.push(log, connections, synced);

  context.subscriptions.push(
    watcher,
    new IncidentDiagnostics(store, configs),
    current,
    new RenameFollower(store, writer),
    new CodeLensController(store, configs, clock, current),
    new LinkedRangeDecorations(store, current, vscode.Uri.joinPath(context.extensionUri, 'media')),
    vscode.languages.registerHoverProvider(files, new LinkedCodeHoverProvider(store, current, clock, (folder) => configs.matcherOf(folder))),
    vscode.languages.registerHoverProvider(files, references),
    vscode.languages.registerDocumentLinkProvider(files, references),
  );

  const incidentsTree = new IncidentsTreeProvider(store, clock, context.workspaceState, synced);
  const hotspotsTree = new HotspotsTreeProvider(store, clock, (folder) => configs.configOf(folder));
  const incidentsView = vscode.window.createTreeView('incidentLens.incidents', { treeDataProvider: incidentsTree, showCollapseAll: true });
  const describeFilter = () => { incidentsView.description = incidentsTree.filterDescription(); };
  context.subscriptions.push(
    incidentsTree,
    incidentsView,
    incidentsTree.onDidChangeTreeData(describeFilter),
    onDidChangeSettings((affects) => { if (affects('incidents.groupBy')) incidentsTree.refresh(); }),
    new LiveIncidentStatus(store, clock),
    hotspotsTree,
    configs.onDidChange(() => hotspotsTree.refresh()),
    vscode.window.createTreeView('incidentLens.hotspots', { treeDataProvider: hotspotsTree, showCollapseAll: true }),
    store.onDidChange(() => void vscode.commands.executeCommand('setContext', 'incidentLens.hasIncidents', store.index.size > 0 || store.problems().size > 0)),
  );
  describeFilter();

  const commands: Command[] = [
    new ShowIncidentsCommand(store, clock),
    new ReloadCommand(watcher),
    new FilterIncidentsCommand(store, incidentsTree),
    new ClearIncidentFilterCommand(incidentsTree),
    new GroupIncidentsByCommand(),
    new OpenIncidentFileCommand(),
    new CopyIncidentIdCommand(),
    new OpenIncidentPageCommand(),
    new ToggleCodeLensCommand(),
    new NewIncidentCommand(newIncident),
    new LinkSelectionCommand(store, writer, newIncident),
    new LinkSymbolCommand(store, writer, newIncident),
    new LinkFileCommand(store, writer, newIncident),
    new UnlinkCommand(store, writer),
    new RepairStaleLinksCommand(store, writer),
    new ConnectPlatformCommand(connections, log),
    new DisconnectPlatformCommand(connections, synced),
    new SyncIncidentsCommand(connections, synced, clock),
    new AddSyncedIncidentCommand(store, writer),
  ];
  for (const command of commands) {
    context.subscriptions.push(vscode.commands.registerCommand(command.id, (...args: unknown[]) => {
      if (command.requiresTrust && !vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('This workspace is not trusted: Incident Lens only displays its incidents. Trust the workspace to link code or write incidents.');
        return undefined;
      }
      return command.execute(...args);
    }));
  }

  // Tokens first, so queued notes find their platform when the outbox starts.
  await connections.reload();
  const delivery = await NoteDelivery.open(vscode.Uri.joinPath(context.globalStorageUri, 'outbox'), connections, log);
  context.subscriptions.push(delivery);
  context.subscriptions.push(...registerLiveIncident({ context, store, writer, clock, configOf: (folder) => configs.configOf(folder), delivery }));

  await vscode.commands.executeCommand('setContext', 'incidentLens.filterActive', incidentsTree.filterDescription() !== undefined);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Loading incidents' }, () => watcher.loadAll());
  await synced.load();
  await vscode.commands.executeCommand('setContext', 'incidentLens.loaded', true);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
