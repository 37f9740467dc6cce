// "Start Incident Review": the notes panel of a resolved incident, with its Review section:
// each practice (debuggability, blast radius, alerting, and config.yaml's) with its question,
// the lessons recorded, and the follow-ups. A tree row or an incident file passes the incident;
// otherwise the user picks one. A live incident is resolved first.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { isLive } from '../../core/model';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import type { NotesPanels } from '../notes/notesPanels';
import type { Command } from './command';

export class StartIncidentReviewCommand implements Command {
  readonly id = 'incidentLens.startIncidentReview';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly clock: Clock, private readonly current: CurrentIncident, private readonly panels: NotesPanels) {}

  async execute(arg?: unknown): Promise<void> {
    const given = arg === undefined ? undefined : entryFromArg(this.store, arg);
    if (arg !== undefined && !given) {
      void vscode.window.showWarningMessage(vscode.l10n.t('That incident is not loaded (deleted, renamed, or its file has errors: see Problems).'));
      return;
    }
    const entry = given ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Start Incident Review'), placeHolder: vscode.l10n.t('Pick a resolved incident to review') });
    if (!entry) return;
    if (isLive(entry.incident)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} is still {1}: resolve it first (Incident Lens: Resolve Incident), then review it.', entry.incident.id, entry.incident.status));
      return;
    }
    this.panels.open(entry);
  }
}
