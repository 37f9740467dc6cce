// "Show Hidden Lenses": every lens hidden in this workspace shows again.
import * as vscode from 'vscode';
import type { HiddenLenses } from '../codelens/hiddenLenses';
import type { Command } from './command';

export class ShowHiddenLensesCommand implements Command {
  readonly id = 'incidentLens.showHiddenLenses';

  constructor(private readonly hidden: HiddenLenses) {}

  async execute(): Promise<void> {
    const count = await this.hidden.showAll();
    const message = count === 0 ? vscode.l10n.t('No incident lenses are hidden in this workspace.')
      : count === 1 ? vscode.l10n.t('1 hidden link shows its lens again.') : vscode.l10n.t('{0} hidden links show their lenses again.', count);
    vscode.window.setStatusBarMessage(message, 5000);
  }
}
