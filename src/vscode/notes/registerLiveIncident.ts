// Live incident notes, wired in one place: the current incident, the notes panels and their
// serializer, the commands (Start, Set Status, Resolve, Log Note, Open Notes, Export), and
// the context keys their menus use. The composition root calls this once.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { IncidentConfig } from '../../core/config';
import type { Clock } from '../../core/ports';
import type { Command } from '../commands/command';
import { registerCommands } from '../commands/registerCommands';
import { ExportIncidentTimelineCommand } from '../commands/exportIncidentTimeline';
import { deepLinkBase } from '../deepLinks';
import { LogIncidentNoteCommand } from '../commands/logIncidentNote';
import { OpenIncidentNotesCommand } from '../commands/openIncidentNotes';
import { ResolveIncidentCommand } from '../commands/resolveIncident';
import { SetIncidentStatusCommand } from '../commands/setIncidentStatus';
import { StartIncidentCommand } from '../commands/startIncident';
import { StartIncidentReviewCommand } from '../commands/startIncidentReview';
import { CurrentIncident } from './currentIncident';
import { DraftStore } from './draftStore';
import { SelectionTracker } from './editorSelection';
import { NoteLogger } from './noteLogger';
import { NotesPanels } from './notesPanels';
import type { NoteDelivery } from '../platforms/noteDelivery';
import type { SyncedIncidents } from '../platforms/syncedIncidents';

export interface LiveIncidentDeps {
  context: vscode.ExtensionContext;
  store: IncidentStore;
  writer: IncidentWriter;
  clock: Clock;
  configOf: (folder: string) => IncidentConfig;
  delivery?: NoteDelivery;
  /** Incidents synced from platforms: Start Incident offers the open ones. */
  synced?: SyncedIncidents;
}

export function registerLiveIncident({ context, store, writer, clock, configOf, delivery, synced }: LiveIncidentDeps): vscode.Disposable[] {
  const current = new CurrentIncident(context.workspaceState, store);
  const selections = new SelectionTracker();
  const logger = new NoteLogger(store, writer, clock, delivery);
  const panels = new NotesPanels({ store, logger, selections, drafts: new DraftStore(context.workspaceState), extensionUri: context.extensionUri, ...(delivery ? { delivery } : {}), review: { writer, clock, configOf } });

  const commands: Command[] = [
    new StartIncidentCommand(store, writer, clock, configOf, current, panels, synced),
    new SetIncidentStatusCommand(store, writer, clock, current),
    new ResolveIncidentCommand(store, writer, clock, current),
    new LogIncidentNoteCommand(store, clock, current, selections, logger),
    new OpenIncidentNotesCommand(store, clock, current, panels),
    new ExportIncidentTimelineCommand(store, clock, current, deepLinkBase(context)),
    new StartIncidentReviewCommand(store, clock, current, panels),
  ];

  const updateLiveContext = () => void vscode.commands.executeCommand('setContext', 'incidentLens.hasLiveIncident', current.entry() !== undefined);
  updateLiveContext();

  return [
    current,
    selections,
    panels,
    store.onDidChange(updateLiveContext),
    ...registerCommands(commands),
  ];
}
