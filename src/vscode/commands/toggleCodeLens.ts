// "Toggle Incident CodeLens": on or off for this user, everywhere.
import * as vscode from 'vscode';
import { readSettings, updateSetting } from '../config';
import type { Command } from './command';

export class ToggleCodeLensCommand implements Command {
  readonly id = 'incidentLens.toggleCodeLens';

  async execute(): Promise<void> {
    const enabled = !readSettings().codeLens.enabled;
    // Write where the current value comes from, or the user's settings.
    const set = vscode.workspace.getConfiguration('incidentLens').inspect('codeLens.enabled');
    const target = set?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    // In Restricted Mode a workspace value is overridden for this session, not written (config.ts).
    await updateSetting('codeLens.enabled', enabled, target);
    const session = !vscode.workspace.isTrusted && target === vscode.ConfigurationTarget.Workspace;
    const shown = enabled
      ? (session ? vscode.l10n.t('Incident CodeLens on for this session') : vscode.l10n.t('Incident CodeLens on'))
      : (session ? vscode.l10n.t('Incident CodeLens off for this session') : vscode.l10n.t('Incident CodeLens off'));
    vscode.window.setStatusBarMessage(shown, 3000);
  }
}
