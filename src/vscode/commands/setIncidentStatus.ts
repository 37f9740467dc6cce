// "Set Incident Status…": moves an incident through triage, investigating, identified,
// monitoring, resolved and closed; resolving stamps resolved_at unless it is already there.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { STATUSES, type Status } from '../../core/model';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import { isoSeconds } from '../../core/time';
import type { IncidentEntry } from '../tree/incidentNodes';
import { toIncidentFolder } from '../workspaceFolders';
import type { Command } from './command';

// Getters: each description is translated when read, once the extension's l10n bundle is loaded.
const DESCRIPTIONS: Record<Status, string> = {
  get triage() { return vscode.l10n.t('Reported; deciding whether it is an incident'); },
  get investigating() { return vscode.l10n.t('Looking for the cause'); },
  get identified() { return vscode.l10n.t('The cause is known; working on a fix'); },
  get monitoring() { return vscode.l10n.t('A fix is out; watching that it holds'); },
  get resolved() { return vscode.l10n.t('Over for users'); },
  get closed() { return vscode.l10n.t('Reviewed and done'); },
};

export class SetIncidentStatusCommand implements Command {
  readonly id = 'incidentLens.setIncidentStatus';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly clock: Clock, private readonly current: CurrentIncident) {}

  async execute(arg?: unknown): Promise<void> {
    const entry = entryFromArg(this.store, arg) ?? await pickIncident(this.store, this.current, this.clock, { title: vscode.l10n.t('Set Incident Status: which incident?') });
    if (!entry) return;
    const given = (arg as { status?: unknown } | undefined)?.status;
    const status = isStatus(given) ? given : (await vscode.window.showQuickPick(
      STATUSES.map((s) => ({ label: s, description: DESCRIPTIONS[s], detail: s === entry.incident.status ? vscode.l10n.t('current status') : undefined })),
      { title: vscode.l10n.t('Set Incident Status: {0} is {1}', entry.incident.id, entry.incident.status) },
    ))?.label;
    if (!status || !isStatus(status)) return;
    await applyStatus(this.store, this.writer, entry, status, this.clock.now());
  }
}

/** Writes the status through the locked writer and refreshes the views at once; false when it could not. */
export async function applyStatus(store: IncidentStore, writer: IncidentWriter, entry: IncidentEntry, status: Status, now: Date): Promise<boolean> {
  const ends = status === 'resolved' || status === 'closed';
  // Reopened and resolved again, an incident keeps its first resolved_at: the file, not us, decides to change it.
  const resolvedAt = ends && !entry.incident.resolvedAt ? isoSeconds(now) : undefined;
  try {
    await writer.edit(entry.source, 'setStatus', status, resolvedAt);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not set the status of {0}: {1}', entry.incident.id, (error as Error).message));
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.source));
  if (folder) await store.refreshFile(entry.source, toIncidentFolder(folder));
  vscode.window.setStatusBarMessage(vscode.l10n.t('{0} is {1}', entry.incident.id, status), 3000);
  return true;
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
