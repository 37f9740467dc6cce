// The incident the user is working on in this window: the live incident they last started
// or opened notes for here (kept in workspaceState, so it survives a reload), else the most
// recently started live one. Commands log to it without asking; the status bar shows it.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { byRecency } from '../../core/incidentQuery';
import { isLive } from '../../core/model';
import type { IncidentEntry } from '../tree/incidentNodes';

const KEY = 'incidentLens.currentIncident';

/**
 * The window's preference, for the status-bar item, which the composition root builds before
 * the live-incident feature exists. One extension host serves one window, so one is enough.
 */
let windowPreference: (() => string | undefined) | undefined;
const windowPreferenceChanged = new vscode.EventEmitter<void>();
export const currentIncidentOfWindow = {
  /** The source file of the incident the user last started or opened here; it may no longer be live. */
  preferredSource: (): string | undefined => windowPreference?.(),
  onDidChange: windowPreferenceChanged.event,
};

export class CurrentIncident implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento, private readonly store: IncidentStore) {
    windowPreference = () => this.memento.get<string>(KEY);
    windowPreferenceChanged.fire();
  }

  /** The current live incident, if any incident is live. */
  entry(): IncidentEntry | undefined {
    return currentLiveEntry(this.store.index.entries(), this.memento.get<string>(KEY));
  }

  /** Live incidents, the current one first, then the most recently started. */
  liveEntries(): IncidentEntry[] {
    return liveEntriesPreferring(this.store.index.entries(), this.memento.get<string>(KEY));
  }

  async set(source: string): Promise<void> {
    if (this.memento.get<string>(KEY) === source) return;
    await this.memento.update(KEY, source);
    this.changed.fire();
    windowPreferenceChanged.fire();
  }

  dispose(): void {
    windowPreference = undefined;
    this.changed.dispose();
  }
}

export function currentLiveEntry(entries: readonly IncidentEntry[], preferred: string | undefined): IncidentEntry | undefined {
  return liveEntriesPreferring(entries, preferred)[0];
}

export function liveEntriesPreferring(entries: readonly IncidentEntry[], preferred: string | undefined): IncidentEntry[] {
  return entries
    .filter((entry) => isLive(entry.incident))
    .sort((a, b) => Number(b.source === preferred) - Number(a.source === preferred) || byRecency(a.incident, b.incident));
}
