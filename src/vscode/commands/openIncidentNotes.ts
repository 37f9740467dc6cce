// "Open Incident Notes": the notes panel of an incident (the status-bar item, a tree row or a
// note row passes it), else of the current live one, else of the one the user picks. The
// incident opened becomes the current one, so the palette and keybinding log to it.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import type { NotesPanels } from '../notes/notesPanels';
import type { Command } from './command';

export const OPEN_INCIDENT_NOTES_COMMAND = 'incidentLens.openIncidentNotes';

export class OpenIncidentNotesCommand implements Command {
  readonly id = OPEN_INCIDENT_NOTES_COMMAND;

  constructor(private readonly store: IncidentStore, private readonly clock: Clock, private readonly current: CurrentIncident, private readonly panels: NotesPanels) {}

  async execute(arg?: unknown): Promise<void> {
    const entry = entryFromArg(this.store, arg) ?? this.current.entry()
      ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Open Incident Notes') });
    if (!entry) return;
    await this.current.set(entry.source);
    this.panels.open(entry);
  }
}
