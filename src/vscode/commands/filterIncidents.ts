// "Filter Incidents…": severity, status and service in one multi-select pick, then text.
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { STATUSES, SEVERITIES } from '../../core/model';
import type { IncidentsTreeProvider } from '../tree/incidentsTreeProvider';
import type { Command } from './command';

interface FilterItem extends vscode.QuickPickItem {
  dimension: 'severities' | 'statuses' | 'services';
  value: string;
}

export class FilterIncidentsCommand implements Command {
  readonly id = 'incidentLens.filterIncidents';

  constructor(private readonly store: IncidentStore, private readonly tree: IncidentsTreeProvider) {}

  async execute(): Promise<void> {
    const current = this.tree.currentFilter;
    const incidents = this.store.index.incidents();
    const severities = [...new Set([...SEVERITIES, ...incidents.map((i) => i.severity)])];
    const services = [...new Set(incidents.flatMap((i) => i.services))].sort();
    const item = (dimension: FilterItem['dimension'], value: string): FilterItem => ({ dimension, value, label: value, picked: current[dimension].includes(value) });
    const separator = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator }) as FilterItem;
    const items: FilterItem[] = [
      separator(vscode.l10n.t('Severity')), ...severities.map((v) => item('severities', v)),
      separator(vscode.l10n.t('Status')), ...STATUSES.map((v) => item('statuses', v)),
      ...(services.length ? [separator(vscode.l10n.t('Service')), ...services.map((v) => item('services', v))] : []),
    ];
    const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: vscode.l10n.t('Filter Incidents (1/2): severity, status, service'), placeHolder: vscode.l10n.t('Pick none to show all') });
    if (!picked) return;
    const text = await vscode.window.showInputBox({ title: vscode.l10n.t('Filter Incidents (2/2): text'), prompt: vscode.l10n.t('Words in the id, title, summary, services or responders (empty for any)'), value: current.text });
    if (text === undefined) return;
    const values = (dimension: FilterItem['dimension']) => picked.filter((p) => p.dimension === dimension).map((p) => p.value);
    await this.tree.setFilter({ severities: values('severities'), statuses: values('statuses'), services: values('services'), text: text.trim() });
  }
}
