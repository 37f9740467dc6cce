// "Group Hotspots By…": files ranked by risk, or components (a service from config.yaml's
// path globs, else the folder) worst first. Remembered per workspace.
import * as vscode from 'vscode';
import type { HotspotsTreeProvider } from '../tree/hotspotsTreeProvider';
import type { Command } from './command';

const STATE_KEY = 'incidentLens.hotspots.groupByComponent';

export class GroupHotspotsByCommand implements Command {
  readonly id = 'incidentLens.groupHotspotsBy';

  constructor(private readonly tree: HotspotsTreeProvider, private readonly state: vscode.Memento) {
    this.apply(state.get<boolean>(STATE_KEY) === true);
  }

  /** With `'component'` or `'file'`, groups that way without asking. */
  async execute(arg?: unknown): Promise<void> {
    const choices = [
      { label: vscode.l10n.t('File'), description: vscode.l10n.t('linked files and symbols ranked by risk'), value: false },
      { label: vscode.l10n.t('Component'), description: vscode.l10n.t('services and folders incidents keep hitting, last 90 days'), value: true },
    ];
    const given = arg === 'component' ? true : arg === 'file' ? false : undefined;
    const picked = given ?? (await vscode.window.showQuickPick(choices.map((c) => ({ ...c, detail: c.value === this.tree.groupByComponent ? vscode.l10n.t('current') : undefined })), { title: vscode.l10n.t('Group Hotspots By') }))?.value;
    if (picked === undefined) return;
    await this.state.update(STATE_KEY, picked);
    this.apply(picked);
  }

  private apply(byComponent: boolean): void {
    this.tree.groupByComponent = byComponent;
    this.tree.refresh();
  }
}
