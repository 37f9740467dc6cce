// "Get Started": the walkthrough (package.json, contributes.walkthroughs), from the palette
// and the Incidents view's welcome content. Its steps complete on the real events: the
// command ran or the context key turned true.
import type { Command } from './command';
import * as vscode from 'vscode';

export const WALKTHROUGH_ID = 'incident-lens.incident-lens#gettingStarted';

export class OpenWalkthroughCommand implements Command {
  readonly id = 'incidentLens.openWalkthrough';

  async execute(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false);
  }
}
