// "New incident…": asks id, title, severity and whether it is still going on, then
// writes .incidents/<id>.yaml through the atomic writer.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentStore } from '../../adapters/incidentStore';
import { INCIDENTS_DIR } from '../../adapters/incidentStore';
import type { IncidentWriter } from '../../adapters/incidentWriter';
import type { IncidentConfig } from '../../core/config';
import { newIncidentText } from '../../core/incidentEdits';
import { incidentIdProblem, nextIncidentId } from '../../core/incidentIds';
import type { Clock } from '../../core/ports';
import { isoSeconds } from '../../core/time';
import type { IncidentEntry } from '../tree/incidentNodes';

export class NewIncidentFlow {
  constructor(
    private readonly store: IncidentStore,
    private readonly writer: IncidentWriter,
    private readonly clock: Clock,
    private readonly configOf: (folder: string) => IncidentConfig,
  ) {}

  async run(folder: { id: string; root: string }, proposedId?: string): Promise<IncidentEntry | undefined> {
    const taken = new Set(this.store.index.entries().filter((e) => e.folder === folder.id).map((e) => e.incident.id));
    const id = await vscode.window.showInputBox({
      title: vscode.l10n.t('New incident (1/4): id'),
      value: proposedId ?? nextIncidentId(this.configOf(folder.id).references, [...taken]),
      validateInput: (value) => incidentIdProblem(value.trim(), [...taken]),
    });
    if (!id) return undefined;
    const title = await vscode.window.showInputBox({ title: vscode.l10n.t('New incident (2/4): {0} title', id.trim()), prompt: vscode.l10n.t('One line: what users saw'), validateInput: (v) => (v.trim() ? undefined : vscode.l10n.t('A title is required')) });
    if (!title) return undefined;
    const severity = await vscode.window.showQuickPick(this.configOf(folder.id).severities.map((s) => s.label), { title: vscode.l10n.t('New incident (3/4): severity'), placeHolder: vscode.l10n.t('The first is the worst') });
    if (!severity) return undefined;
    const phase = await vscode.window.showQuickPick([
      { label: vscode.l10n.t('Resolved'), description: vscode.l10n.t('A past incident, recorded for its history'), live: false },
      { label: vscode.l10n.t('Live'), description: vscode.l10n.t('Going on now: status investigating, started now'), live: true },
    ], { title: vscode.l10n.t('New incident (4/4): is it still going on?') });
    if (!phase) return undefined;

    const file = path.join(folder.root, INCIDENTS_DIR, `${id.trim()}.yaml`);
    const text = newIncidentText({
      id: id.trim(),
      title: title.trim(),
      severity,
      status: phase.live ? 'investigating' : 'resolved',
      ...(phase.live ? { startedAt: isoSeconds(this.clock.now()) } : {}),
    });
    try {
      await this.writer.create(file, text);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not create {0}: {1}', id.trim(), (error as Error).message));
      return undefined;
    }
    await this.store.refreshFile(file, folder);
    const incident = this.store.index.incidentAt(file);
    return incident ? { source: file, folder: folder.id, incident } : undefined;
  }
}
