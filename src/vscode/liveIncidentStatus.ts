// The status-bar item for the live incident: `INC-142 · 00:42`, coloured by
// severity, hidden when no incident in this workspace is live.
import * as vscode from 'vscode';
import type { IncidentStore } from '../adapters/incidentStore';
import { byRecency } from '../core/incidentQuery';
import { isLive } from '../core/model';
import type { Clock } from '../core/ports';
import { formatElapsed, timeOf } from '../core/time';
import { Disposable } from './disposable';

const TICK_MS = 15_000;

export class LiveIncidentStatus extends Disposable {
  private readonly item = this._register(vscode.window.createStatusBarItem('incidentLens.live', vscode.StatusBarAlignment.Left, 100));

  constructor(private readonly store: IncidentStore, private readonly clock: Clock) {
    super();
    this.item.name = 'Live Incident';
    this._register(store.onDidChange(() => this.update()));
    const timer = setInterval(() => this.update(), TICK_MS);
    this._register({ dispose: () => clearInterval(timer) });
    this.update();
  }

  private update(): void {
    const live = this.store.index.entries().filter((e) => isLive(e.incident)).sort((a, b) => byRecency(a.incident, b.incident));
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
    if (live.length > 1) tooltip.appendText(`\n\n${live.length - 1} more live: ${live.slice(1).map((e) => e.incident.id).join(', ')}`);
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Live incident ${incident.id}, ${incident.severity}, ${incident.status}` };
    this.item.backgroundColor = incident.severity === 'SEV1' ? new vscode.ThemeColor('statusBarItem.errorBackground')
      : incident.severity === 'SEV2' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.command = { command: 'incidentLens.openIncidentFile', title: 'Open Live Incident', arguments: [current.source] };
    this.item.show();
  }
}
