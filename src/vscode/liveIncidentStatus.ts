// The status-bar item for the live incident: `INC-142 · 00:42`, coloured by
// severity, hidden when no incident in this workspace is live. It shows the user's current
// incident when that one is live, and a click opens its notes.
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import type { Clock } from '../core/ports';
import { formatElapsed, timeOf } from '../core/time';
import { Disposable } from './disposable';
import { OPEN_INCIDENT_NOTES_COMMAND } from './commands/openIncidentNotes';
import { currentIncidentOfWindow, liveEntriesPreferring } from './notes/currentIncident';

const TICK_MS = 15_000;

export class LiveIncidentStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('incidentLens.live', vscode.StatusBarAlignment.Left, 100));

  constructor(private readonly store: IncidentStore, private readonly clock: Clock) {
    super();
    this.item.name = vscode.l10n.t('Live Incident');
    this._register(store.onDidChange(() => this.update()));
    this._register(currentIncidentOfWindow.onDidChange(() => this.update()));
    const timer = setInterval(() => this.update(), TICK_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.update();
  }

  private update(): void {
    const live = liveEntriesPreferring(this.store.index.entries(), currentIncidentOfWindow.preferredSource());
    const current = live[0];
    if (!current) {
      this.item.hide();
      return;
    }
    const { incident } = current;
    const started = timeOf(incident.startedAt);
    this.item.text = `$(flame) ${incident.id}${started !== undefined ? ` · ${formatElapsed(started, this.clock.now())}` : ''}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${incident.id}: ${incident.title}\n${incident.severity} · ${incident.status}`);
    if (live.length > 1) tooltip.appendText(`\n\n${vscode.l10n.t('{0} more live: {1}', live.length - 1, live.slice(1).map((e) => e.incident.id).join(', '))}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: vscode.l10n.t('Live incident {0}, {1}, {2}', incident.id, incident.severity, incident.status) };
    this.item.backgroundColor = incident.severity === 'SEV1' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : incident.severity === 'SEV2' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: OPEN_INCIDENT_NOTES_COMMAND, title: vscode.l10n.t('Open Incident Notes'), arguments: [current.source] };
    this.item.show();
  }
}
