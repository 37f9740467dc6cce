// "Group Incidents By…": none, status, severity or service (the incidentLens.incidents.groupBy setting).
import * as vscode from 'vscode';
import type { GroupBy } from '../../core/incidentQuery';
import { readSettings, updateSetting } from '../config';
import type { Command } from './command';

// Getters: each label is translated when read, once the extension's l10n bundle is loaded.
const CHOICES: { value: GroupBy; label: string }[] = [
  { value: 'none', get label() { return vscode.l10n.t('No grouping'); } },
  { value: 'status', get label() { return vscode.l10n.t('Status'); } },
  { value: 'severity', get label() { return vscode.l10n.t('Severity'); } },
  { value: 'service', get label() { return vscode.l10n.t('Service'); } },
];

export class GroupIncidentsByCommand implements Command {
  readonly id = 'incidentLens.groupIncidentsBy';

  async execute(): Promise<void> {
    const current = readSettings().groupBy;
    const picked = await vscode.window.showQuickPick(
      CHOICES.map((c) => ({ ...c, description: c.value === current ? vscode.l10n.t('current') : undefined })),
      { title: vscode.l10n.t('Group Incidents By') },
    );
    if (picked) await updateSetting('incidents.groupBy', picked.value);
  }
}
