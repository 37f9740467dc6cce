// Which incident a command acts on: the one it was invoked on (a tree row, a status-bar
// click, a file path), else the current live one where that makes sense, else the user's pick.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { byRecency } from '../../core/incidentQuery';
import { isLive } from '../../core/model';
import type { Clock } from '../../core/ports';
import { formatAge, formatElapsed, timeOf } from '../../core/time';
import type { IncidentEntry } from '../tree/incidentNodes';
import { entryOf } from '../tree/treeArgs';
import type { CurrentIncident } from './currentIncident';

interface EntryItem extends vscode.QuickPickItem {
  entry: IncidentEntry;
}

/** The incident an argument names: a tree node, an incident file path or URI, or `{ incident: 'INC-142' }`. */
export function entryFromArg(store: IncidentStore, arg: unknown): IncidentEntry | undefined {
  const fromTree = entryOf(arg);
  if (fromTree) return store.index.entryAt(fromTree.source) ?? fromTree;
  const source = typeof arg === 'string' ? arg : arg instanceof vscode.Uri ? arg.fsPath : undefined;
  if (source !== undefined) return store.index.entryAt(source) ?? store.index.byId(source);
  const id = typeof arg === 'object' && arg !== null ? (arg as { incident?: unknown }).incident : undefined;
  return typeof id === 'string' ? store.index.byId(id) ?? store.index.entryAt(id) : undefined;
}

export interface PickOptions {
  title: string;
  placeHolder?: string;
  /** Only incidents that are still going on. */
  liveOnly?: boolean;
}

/** Asks for an incident: live ones first (the current one on top), then the rest, most recent first. */
export async function pickIncident(store: IncidentStore, current: CurrentIncident, clock: Clock, options: PickOptions): Promise<IncidentEntry | undefined> {
  const live = current.liveEntries();
  const rest = options.liveOnly ? [] : store.index.entries().filter((e) => !isLive(e.incident)).sort((a, b) => byRecency(a.incident, b.incident));
  if (live.length + rest.length === 0) {
    const start = vscode.l10n.t('Start Incident…');
    const choice = await vscode.window.showInformationMessage(options.liveOnly ? vscode.l10n.t('No incident is live in this workspace.') : vscode.l10n.t('This workspace has no incidents yet.'), start);
    if (choice === start) await vscode.commands.executeCommand('incidentLens.startIncident');
    return undefined;
  }
  const now = clock.now();
  const item = (entry: IncidentEntry, isCurrent: boolean): EntryItem => {
    const { incident } = entry;
    const started = timeOf(incident.startedAt);
    const when = started === undefined ? undefined : isLive(incident) ? formatElapsed(started, now) : formatAge(started, now);
    return {
      entry,
      label: `${isLive(incident) ? '$(flame) ' : ''}${incident.id}: ${incident.title}`,
      description: [incident.severity, incident.status, when, isCurrent ? vscode.l10n.t('current') : undefined].filter(Boolean).join(' · '),
    };
  };
  const separator = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator }) as EntryItem;
  const items: EntryItem[] = [
    ...(live.length && rest.length ? [separator(vscode.l10n.t('Live'))] : []),
    ...live.map((entry, i) => item(entry, i === 0 && current.entry()?.source === entry.source)),
    ...(rest.length && live.length ? [separator(vscode.l10n.t('Earlier'))] : []),
    ...rest.map((entry) => item(entry, false)),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: options.title, placeHolder: options.placeHolder ?? vscode.l10n.t('Pick an incident'), matchOnDescription: true });
  return picked?.entry;
}
