// The one composition root: builds the stores, the editor features, the views and the
// commands, and hands every registration to the extension context to dispose.
import * as vscode from 'vscode';
import { ConfigStore } from '../adapters/configStore';
import { IncidentStore } from '../adapters/incidentStore';
import { IncidentWriter } from '../adapters/incidentWriter';
import { WorkerParser } from '../adapters/incidentParser';
import { systemClock } from '../core/ports';
import { CurrentLinks } from './anchors/currentLinks';
import { GitHistory } from './anchors/gitHistory';
import { CodeLensController } from './codelens/codeLensController';
import { FollowUpsCodeLens } from './codelens/followUpsCodeLens';
import { AddRiskTrailerCommand } from './commands/addRiskTrailer';
import { AddSyncedIncidentCommand } from './commands/addSyncedIncident';
import { ClearIncidentFilterCommand } from './commands/clearIncidentFilter';
import type { Command } from './commands/command';
import { ConnectPlatformCommand } from './commands/connectPlatform';
import { CopyIncidentIdCommand } from './commands/copyIncidentId';
import { DisconnectPlatformCommand } from './commands/disconnectPlatform';
import { FilterIncidentsCommand } from './commands/filterIncidents';
import { GroupHotspotsByCommand } from './commands/groupHotspotsBy';
import { GroupIncidentsByCommand } from './commands/groupIncidentsBy';
import { LinkFileCommand } from './commands/linkFile';
import { LinkSelectionCommand } from './commands/linkSelection';
import { LinkSymbolCommand } from './commands/linkSymbol';
import { NewIncidentCommand } from './commands/newIncident';
import { OpenIncidentFileCommand } from './commands/openIncidentFile';
import { OpenIncidentPageCommand } from './commands/openIncidentPage';
import { OpenWalkthroughCommand } from './commands/openWalkthrough';
import { registerCommands } from './commands/registerCommands';
import { ReloadCommand } from './commands/reload';
import { RepairStaleLinksCommand } from './commands/repairStaleLinks';
import { ShowIncidentsCommand } from './commands/showIncidents';
import { ShowOpenFollowUpsCommand } from './commands/showOpenFollowUps';
import { SyncIncidentsCommand } from './commands/syncIncidents';
import { ToggleCodeLensCommand } from './commands/toggleCodeLens';
import { UnlinkCommand } from './commands/unlink';
import { LinkFixAsMitigationCommand } from './commands/linkFixAsMitigation';
import { WhoKnowsThisCodeCommand } from './commands/whoKnowsThisCode';
import { ExpertsSource } from './experts/expertsSource';
import { FixHistory } from './experts/fixHistory';
import { GitContentProvider, GIT_CONTENT_SCHEME } from './experts/gitContent';
import { onDidChangeSettings } from './config';
import { LinkedRangeDecorations } from './decorations';
import { deepLinkBase, IncidentUriHandler } from './deepLinks';
import { IncidentDiagnostics } from './diagnostics';
import { LinkedCodeHoverProvider } from './hover/linkedCodeHover';
import { IncidentWatcher } from './incidentWatcher';
import { NewIncidentFlow } from './linking/newIncidentFlow';
import { LiveIncidentStatus } from './liveIncidentStatus';
import { registerAgents } from './lm/registerAgents';
import { registerLiveIncident } from './notes/registerLiveIncident';
import { NoteDelivery } from './platforms/noteDelivery';
import { PlatformConnections } from './platforms/platformConnections';
import { SyncedIncidents } from './platforms/syncedIncidents';
import { IncidentReferenceProvider } from './references/incidentReferences';
import { RenameFollower } from './renameFollower';
import { StaleFollowUpDiagnostics } from './review/staleFollowUps';
import { CHANGE_RISK_VIEW, ChangeRiskView } from './scm/changeRiskView';
import { HotspotsTreeProvider } from './tree/hotspotsTreeProvider';
import { IncidentsTreeProvider } from './tree/incidentsTreeProvider';
import { fileFolders, locate } from './workspaceFolders';
import { HiddenLenses } from './codelens/hiddenLenses';
import { HideLensCommand } from './commands/hideLens';
import { ShowHiddenLensesCommand } from './commands/showHiddenLenses';
import { StaleLinkDiagnostics, StaleLinkQuickFix } from './anchors/staleLinkDiagnostics';

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // Stores: config.yaml per folder, the incident index (warm from its cache), the writer.
  // Incident files and config.yaml parse in a worker thread, each within a time budget, and edits run there: no file can block the host.
  const parser = new WorkerParser({ script: vscode.Uri.joinPath(context.extensionUri, 'dist', 'parseWorker.js').fsPath, onStopped: (message) => console.warn(`Incident Lens: ${message}`) });
  const configs = new ConfigStore(parser);
  const severitiesOf = (folder: string) => configs.configOf(folder).severities.map((s) => s.label);
  const store = new IncidentStore({
    parser,
    cachePath: vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'incident-index.jsonl').fsPath,
    // Parse results depend on the version and on each folder's severity labels.
    cacheTag: () => JSON.stringify([context.extension.packageJSON.version, fileFolders().map((f) => [f.id, severitiesOf(f.id)])]),
    parseOptions: (folder) => ({ severities: severitiesOf(folder), practices: configs.configOf(folder).review.practices.map((p) => p.name) }),
    // The open editors' files settle first, so their lenses are final before the whole index is.
    firstPaths: (folder) => vscode.workspace.textDocuments.map((d) => locate(d.uri)).filter((w) => w?.folder.id === folder).map((w) => w?.path ?? ''),
  });
  context.subscriptions.push({ dispose: () => void store.saveCache() }, store, parser);
  const clock = systemClock;
  const watcher = new IncidentWatcher(store, configs);
  // The index loads from here on, while the rest is built: its first change event comes after
  // activate's synchronous part, so every listener below is in place by then. Started before the
  // views and commands, which after a window reload take most of a second while every other
  // extension starts too.
  const loaded = vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Loading incidents') }, () => watcher.loadAll());
  loaded.then(undefined, () => undefined); // awaited below; not an unhandled rejection meanwhile
  const writer = new IncidentWriter({ editor: parser });
  const newIncident = new NewIncidentFlow(store, writer, clock, (folder) => configs.configOf(folder));
  const log = vscode.window.createOutputChannel('Incident Lens', { log: true });
  const connections = new PlatformConnections(context.secrets, log);
  const synced = new SyncedIncidents(context.storageUri && vscode.Uri.joinPath(context.storageUri, 'synced-incidents.json'));
  context.subscriptions.push(log, connections, synced);

  // In the editor: lenses, hovers, links and marks, all positioned by the anchors.
  const files = { scheme: 'file' };
  const history = new GitHistory();
  const current = new CurrentLinks(store, history);
  const hidden = new HiddenLenses(context.workspaceState);
  context.subscriptions.push(history, hidden);
  // Fixes mined from git history (trusted workspaces only) and the experts built on them.
  const fixes = new FixHistory(context.storageUri ?? context.globalStorageUri, configs, log);
  const experts = new ExpertsSource(store, fixes, configs, clock, history);
  context.subscriptions.push(fixes, vscode.workspace.registerTextDocumentContentProvider(GIT_CONTENT_SCHEME, new GitContentProvider()));
  const references = new IncidentReferenceProvider(store, clock, (folder) => configs.matcherOf(folder));
  context.subscriptions.push(
    watcher,
    new IncidentDiagnostics(store, configs),
    new StaleFollowUpDiagnostics(store, (folder) => configs.configOf(folder), clock, (listener) => configs.onDidChange(listener)),
    current,
    new RenameFollower(store, writer),
    new CodeLensController(store, configs, clock, current, history, hidden),
    new FollowUpsCodeLens(store, configs, clock, current),
    new StaleLinkDiagnostics(store, parser, history),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file', pattern: '**/.incidents/*.{yaml,yml}' }, new StaleLinkQuickFix(parser), { providedCodeActionKinds: StaleLinkQuickFix.kinds }),
    new LinkedRangeDecorations(store, current, vscode.Uri.joinPath(context.extensionUri, 'media')),
    vscode.languages.registerHoverProvider(files, new LinkedCodeHoverProvider(store, current, clock, (folder) => configs.matcherOf(folder), experts)),
    vscode.languages.registerHoverProvider(files, references),
    vscode.languages.registerDocumentLinkProvider(files, references),
    vscode.window.registerUriHandler(new IncidentUriHandler(store, current)),
  );

  // The sidebar and the status bar.
  const incidentsTree = new IncidentsTreeProvider(store, clock, context.workspaceState, synced, history, fixes);
  const hotspotsTree = new HotspotsTreeProvider(store, clock, (folder) => configs.configOf(folder), (folder, path) => history.churnOf(folder, path), experts);
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
    history.onDidChange(() => hotspotsTree.refresh()),
    fixes.onDidChange(() => hotspotsTree.refresh()),
    vscode.window.createTreeView('incidentLens.hotspots', { treeDataProvider: hotspotsTree, showCollapseAll: true }),
    store.onDidChange(() => void vscode.commands.executeCommand('setContext', 'incidentLens.hasIncidents', store.index.size > 0 || store.problems().size > 0)),
  );
  describeFilter();

  // Before a commit: the Source Control view's Incident Risk section (it runs git: trusted workspaces only).
  const changeRisk = new ChangeRiskView(store, (folder) => configs.configOf(folder), clock, { fixes, history });
  const changeRiskView = vscode.window.createTreeView(CHANGE_RISK_VIEW, { treeDataProvider: changeRisk });
  changeRisk.attach(changeRiskView);
  context.subscriptions.push(changeRisk, changeRiskView, configs.onDidChange(() => void changeRisk.refresh()));

  const commands: Command[] = [
    new ShowIncidentsCommand(store, clock),
    new ReloadCommand(watcher),
    new FilterIncidentsCommand(store, incidentsTree),
    new ClearIncidentFilterCommand(incidentsTree),
    new GroupIncidentsByCommand(),
    new GroupHotspotsByCommand(hotspotsTree, context.workspaceState),
    new OpenIncidentFileCommand(),
    new CopyIncidentIdCommand(),
    new OpenIncidentPageCommand(),
    new ToggleCodeLensCommand(),
    new NewIncidentCommand(newIncident),
    new LinkSelectionCommand(store, writer, newIncident),
    new LinkSymbolCommand(store, writer, newIncident),
    new LinkFileCommand(store, writer, newIncident),
    new UnlinkCommand(store, writer),
    new RepairStaleLinksCommand(store, writer, history),
    new ConnectPlatformCommand(connections, log),
    new DisconnectPlatformCommand(connections, synced),
    new SyncIncidentsCommand(connections, synced, clock),
    new AddSyncedIncidentCommand(store, writer),
    new OpenWalkthroughCommand(),
    new AddRiskTrailerCommand(changeRisk),
    new WhoKnowsThisCodeCommand(experts, current),
    new LinkFixAsMitigationCommand(store, writer),
    new ShowOpenFollowUpsCommand(store),
    new HideLensCommand(hidden, current),
    new ShowHiddenLensesCommand(hidden),
  ];
  context.subscriptions.push(...registerCommands(commands));

  // Tokens first, so queued notes find their platform when the outbox starts.
  await connections.reload();
  const delivery = await NoteDelivery.open(vscode.Uri.joinPath(context.globalStorageUri, 'outbox'), connections, log, deepLinkBase(context));
  context.subscriptions.push(delivery);
  context.subscriptions.push(...registerLiveIncident({ context, store, writer, clock, configOf: (folder) => configs.configOf(folder), delivery, synced }));
  context.subscriptions.push(...registerAgents({ context, store, configs, writer, clock, history, fixes, delivery }));

  await vscode.commands.executeCommand('setContext', 'incidentLens.filterActive', incidentsTree.filterDescription() !== undefined);
  await loaded;
  await synced.load();
  void changeRisk.start();
  await vscode.commands.executeCommand('setContext', 'incidentLens.loaded', true);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions (the index cache saves on dispose).
}
