// "Group Incidents By…": none, status, severity or service (the incidentLens.incidents.groupBy setting).
import * as vscode from 'vscode';
import type { GroupBy } from '../../core/incidentQuery';
import { readSettings, updateSetting } from '../config';
import type { Command } from './command';

const CHOICES: { value: GroupBy; label: string }[] = [
  { value: 'none', label: 'No grouping' },
  { value: 'status', label: 'Status' },
  { value: 'severity', label: 'Severity' },
  { value: 'service', label: 'Service' },
];

export class GroupIncidentsByCommand implements Command {
  readonly id = 'incidentLens.groupIncidentsBy';

  async execute(): Promise<void> {
    const current = readSettings().groupBy;
    const picked = await vscode.window.showQuickPick(
      CHOICES.map((c) => ({ ...c, description: c.value === current ? 'current' : undefined })),
      { title: 'Group Incidents By' },
    );
    if (picked) await updateSetting('incidents.groupBy', picked.value);
  }
}
