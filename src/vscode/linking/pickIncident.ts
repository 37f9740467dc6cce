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
    { label: vscode.l10n.t('$(add) New incident…'), create: true, alwaysShow: true, description: vscode.l10n.t('Create a new incident file in .incidents/') },
    ...(entries.length ? [{ label: vscode.l10n.t('Incidents'), kind: vscode.QuickPickItemKind.Separator } as IncidentItem] : []),
    ...entries.map((entry) => ({
      entry,
      label: `${entry.incident.id}: ${entry.incident.title}`,
      description: [entry.incident.severity, entry.incident.status, ...entry.incident.services].join(' · '),
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Search by id, title, service or severity'), matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.create) return newIncident.run(folder);
  return picked.entry;
}

// Getters: each description is translated when read, once the extension's l10n bundle is loaded.
const ROLE_DESCRIPTIONS: Record<Role, string> = {
  get 'root-cause'() { return vscode.l10n.t('This code caused the incident'); },
  get trigger() { return vscode.l10n.t('A change here set it off'); },
  get contributing() { return vscode.l10n.t('Made it worse or more likely'); },
  get mitigation() { return vscode.l10n.t('Changed to stop or soften it'); },
  get detection() { return vscode.l10n.t('Where it was or should have been noticed'); },
  get related() { return vscode.l10n.t('Worth knowing about'); },
};

/** The role and an optional note, or undefined when cancelled. */
export async function pickRoleAndNote(title: string): Promise<{ role: Role; note?: string } | undefined> {
  const role = await vscode.window.showQuickPick(ROLES.map((r) => ({ label: r, description: ROLE_DESCRIPTIONS[r] })), { title: vscode.l10n.t('{0}: role', title), placeHolder: vscode.l10n.t('How does this code relate to the incident?') });
  if (!role) return undefined;
  const note = await vscode.window.showInputBox({ title: vscode.l10n.t('{0}: note (optional)', title), prompt: vscode.l10n.t('A short note for the next engineer, e.g. "Retry loop had no jitter"') });
  if (note === undefined) return undefined;
  return note.trim() ? { role: role.label as Role, note: note.trim() } : { role: role.label as Role };
}
