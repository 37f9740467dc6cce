// "Set Incident Status…": moves an incident through triage, investigating, identified,
// monitoring, resolved and closed; resolving stamps resolved_at unless it is already there.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import { setStatus } from '../../core/incidentEdits';
import { STATUSES, type Status } from '../../core/model';
import type { Clock } from '../../core/ports';
import type { CurrentIncident } from '../notes/currentIncident';
import { entryFromArg, pickIncident } from '../notes/incidentPick';
import { isoSeconds } from '../../core/time';
import type { IncidentEntry } from '../tree/incidentNodes';
import { toIncidentFolder } from '../workspaceFolders';
import type { Command } from './command';

const DESCRIPTIONS: Record<Status, string> = {
  triage: 'Reported; deciding whether it is an incident',
  investigating: 'Looking for the cause',
  identified: 'The cause is known; working on a fix',
  monitoring: 'A fix is out; watching that it holds',
  resolved: 'Over for users',
  closed: 'Reviewed and done',
};

export class SetIncidentStatusCommand implements Command {
  readonly id = 'incidentLens.setIncidentStatus';
  readonly requiresTrust = true;

  constructor(private readonly store: IncidentStore, private readonly writer: IncidentWriter, private readonly clock: Clock, private readonly current: CurrentIncident) {}

  async execute(arg?: unknown): Promise<void> {
    const entry = entryFromArg(this.store, arg) ?? await pickIncident(this.store, this.current, this.clock, { title: 'Set Incident Status: which incident?' });
    if (!entry) return;
    const given = (arg as { status?: unknown } | undefined)?.status;
    const status = isStatus(given) ? given : (await vscode.window.showQuickPick(
      STATUSES.map((s) => ({ label: s, description: DESCRIPTIONS[s], detail: s === entry.incident.status ? 'current status' : undefined })),
      { title: `Set Incident Status: ${entry.incident.id} is ${entry.incident.status}` },
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
    await writer.update(entry.source, (text) => setStatus(text, status, resolvedAt));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not set the status of ${entry.incident.id}: ${(error as Error).message}`);
    return false;
  }
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(entry.source));
  if (folder) await store.refreshFile(entry.source, toIncidentFolder(folder));
  vscode.window.setStatusBarMessage(`${entry.incident.id} is ${status}`, 3000);
  return true;
}

function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}
