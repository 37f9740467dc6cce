// "Resolve Incident": the current live incident (or the one it is invoked on) becomes
// resolved now, and its timeline is one click away from a post-incident draft.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { Clock } from '../../core/ports';
import { formatDuration } from '../../core/timelineExport';
import { timeOf } from '../../core/time';
import type { CurrentIncident } from '../notes/currentIncident';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import type { Command } from './command';
import { applyStatus } from './setIncidentStatus';

export class ResolveIncidentCommand implements Command {
  readonly id = 'incidentLens.resolveIncident';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly clock: Clock, private readonly current: CurrentIncident) {}

  async execute(arg?: unknown): Promise<void> {
    const entry = entryFromArg(this.store, arg) ?? this.current.entry()
      ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Resolve Incident: which incident?'), liveOnly: true });
    if (!entry) return;
    const now = this.clock.now();
    if (!await applyStatus(this.store, this.writer, entry, 'resolved', now)) return;
    const started = timeOf(entry.incident.startedAt);
    const resolved = started !== undefined ? vscode.l10n.t('{0} resolved after {1}.', entry.incident.id, formatDuration(now.getTime() - started)) : vscode.l10n.t('{0} resolved.', entry.incident.id);
    const exportIt = vscode.l10n.t('Export Timeline');
    void vscode.window.showInformationMessage(resolved, exportIt).then((choice) => {
      if (choice === exportIt) void vscode.commands.executeCommand('incidentLens.exportIncidentTimeline', entry.source);
    });
  }
}
