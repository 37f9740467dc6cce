// The incident pick every linking command starts with: known incidents, searchable by
// id, title, service and severity, with "New incident…" on top.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { byRecency } from '../../core/incidentQuery';
import { ROLES, type Role } from '../../core/model';
import type { IncidentEntry } from '../tree/incidentNodes';
import type { NewIncidentFlow } from './newIncidentFlow';

interface IncidentItem extends vscode.QuickPickItem {
  entry?: IncidentEntry;
  create?: true;
}

/** The incident to link to, in `folder`, or undefined when the user cancels. */
export async function pickIncident(store: IncidentStore, newIncident: NewIncidentFlow, folder: { id: string; root: string }, title: string): Promise<IncidentEntry | undefined> {
  const entries = store.index.entries().filter((e) => e.folder === folder.id).sort((a, b) => byRecency(a.incident, b.incident));
  const items: IncidentItem[] = [
    { label: '$(add) New incident…', create: true, alwaysShow: true, description: 'Create a new incident file in .incidents/' },
    ...(entries.length ? [{ label: 'Incidents', kind: vscode.QuickPickItemKind.Separator } as IncidentItem] : []),
    ...entries.map((entry) => ({
      entry,
      label: `${entry.incident.id}: ${entry.incident.title}`,
      description: [entry.incident.severity, entry.incident.status, ...entry.incident.services].join(' · '),
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Search by id, title, service or severity', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.create) return newIncident.run(folder);
  return picked.entry;
}

const ROLE_DESCRIPTIONS: Record<Role, string> = {
  'root-cause': 'This code caused the incident',
  trigger: 'A change here set it off',
  contributing: 'Made it worse or more likely',
  mitigation: 'Changed to stop or soften it',
  detection: 'Where it was or should have been noticed',
  related: 'Worth knowing about',
};

/** The role and an optional note, or undefined when cancelled. */
export async function pickRoleAndNote(title: string): Promise<{ role: Role; note?: string } | undefined> {
  const role = await vscode.window.showQuickPick(ROLES.map((r) => ({ label: r, description: ROLE_DESCRIPTIONS[r] })), { title: `${title}: role`, placeHolder: 'How does this code relate to the incident?' });
  if (!role) return undefined;
  const note = await vscode.window.showInputBox({ title: `${title}: note (optional)`, prompt: 'A short note for the next engineer, e.g. "Retry loop had no jitter"' });
  if (note === undefined) return undefined;
  return note.trim() ? { role: role.label as Role, note: note.trim() } : { role: role.label as Role };
}
