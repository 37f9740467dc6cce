// Registers commands with the one rule they share: an untrusted workspace is
// read-only, so a command that writes, runs git or talks to a platform explains
// instead of acting.
import * as vscode from 'vscode';
import type { Command } from './command';

export function registerCommands(commands: readonly Command[]): vscode.Disposable[] {
  return commands.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => {
    if (command.requiresTrust && !vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('This workspace is not trusted: Incident Lens only displays its incidents. Trust the workspace to write incidents, log notes or reach a platform.'));
      return undefined;
    }
    return command.execute(...args);
  }));
}
